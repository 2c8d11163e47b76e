"""vending-station: the desktop station.

The PySide6 window (issue: the desktop application) is not built yet. Until
it lands, this entry point prepares the embedded database and shows how to
work the station from the command line, so the start command always leaves
a newcomer with a working, seeded station.
"""

from __future__ import annotations

import sys

from db import migrate
from db.engine import Database
from vending_app.core.station import DEFAULT_STATION, StationCore

GUIDE = """\
Vending station {station} is ready on {url}.

The desktop window is not built yet; the station's services work from the
command line (operators admin/clerk/seller/finance, demo password 'demo-pass'):

  export VENDING_PASSWORD=demo-pass
  .venv/bin/vending-station-cli --operator seller quote 000000000001 --kwh 100
  .venv/bin/vending-station-cli --operator seller shift open --float 100
  .venv/bin/vending-station-cli --operator clerk account search Li
  .venv/bin/vending-station-cli --operator finance report totals --year 2026 --month 11
  .venv/bin/vending-station-cli --operator admin audit verify
  .venv/bin/vending-station-cli --help
"""


def main() -> int:
    db = Database()
    migrate.upgrade(db.engine)
    core = StationCore(db, DEFAULT_STATION)
    print(GUIDE.format(station=core.station_code, url=db.url.render_as_string()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
