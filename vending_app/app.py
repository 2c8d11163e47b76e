"""vending-station: the desktop station.

Opens (and migrates) the station's database, shows the sign-in window, and
after sign-in the window for that operator's role. Without a display (a
server shell) it says how to reach the station instead.
"""

from __future__ import annotations

import argparse
import os
import sys

from vending_app import applog
from vending_app.core.errors import VendingError
from vending_app.core.startup import load_config, open_station, station_url
from vending_app.core.station import DEFAULT_STATION

NO_DISPLAY = """\
Vending station {station} is ready on {url}, but there is no display to show
its window on (no DISPLAY or WAYLAND_DISPLAY). Start it from the desktop
session, or over SSH with X forwarding (ssh -X). The same station works from
the command line: vending-station-cli --help (operators admin/clerk/seller/
finance, demo password 'demo-pass').
"""


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="vending-station", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="SQLAlchemy URL (default: VENDING_DB_URL, else the local file)")
    p.add_argument("--station", default=os.environ.get("VENDING_STATION"),
                   help="this station's code (default: the set-up file's, else S01)")
    p.add_argument("--language", choices=["en", "zh_CN"], help="override the saved language")
    p.add_argument("--version", action="store_true", help="the station's version and the schema "
                   "revision of its database, then exit")
    args = p.parse_args(argv)
    if args.version:
        from vending_app.core.about import version_info_at
        print("\n".join(version_info_at(args.db).lines()))
        return 0
    applog.setup("window")
    config = load_config()
    url = station_url(args.db, config)
    station = args.station or (config.station if config else DEFAULT_STATION)
    applog.opening(station, url)
    if has_display():
        from vending_app.ui.controller import start_station
        from vending_app.ui.diagnostics import show_uncaught
        applog.on_uncaught(show_uncaught)  # a slot's exception is shown, the window stays
        return start_station(url, station, config, args.language)
    try:
        core = open_station(url, station, creating=config is None)
    except VendingError as e:
        applog.failure("opening the station", e)
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(NO_DISPLAY.format(station=core.station_code, url=core.db.url.render_as_string()))
    return 0

if __name__ == "__main__":
    sys.exit(main())
