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

The desktop window is not built yet; the station works from the command
line (operators admin/clerk/seller/finance, demo password 'demo-pass'). Sell
a unit of electricity onto the demo card, take it to the meter, and back:

  export VENDING_PASSWORD=demo-pass VENDING_KEY_PASSPHRASE=demo-key-passphrase
  C=.venv/bin/vending-station-cli
  $C card insert                                   # the customer's card, into the reader
  $C --operator seller shift open --float 100
  $C --operator seller sell --kwh 100 --tendered 60
  $C meter-sim insert 000000000001                 # at home: the meter applies it
  $C meter-sim consume 000000000001 30
  $C meter-sim insert 000000000001                 # re-insert: the meter reports back
  $C card insert && $C --operator seller card read # at the office: the write-back
  $C --operator seller sell --amount 50
  $C --operator admin audit verify
  $C --help
"""


def main() -> int:
    db = Database()
    migrate.upgrade(db.engine)
    core = StationCore(db, DEFAULT_STATION)
    print(GUIDE.format(station=core.station_code, url=db.url.render_as_string()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
