"""A station process that sells once on the card in the reader; the fault
tests run it with VENDING_FAULT_KILL_AT set and let it die."""

import os
import sys

from argon2 import PasswordHasher

from cards.keyring import KeyRing
from cards.station import PcscCardStation
from db.engine import Database
from vending_app.core.station import StationCore


def main() -> int:
    url, kwh = sys.argv[1], sys.argv[2]
    core = StationCore(Database(url), "S01", hasher=PasswordHasher(time_cost=1, memory_cost=1024,
                                                                  parallelism=1))
    seller = core.auth.login("seller", os.environ["VENDING_PASSWORD"])
    keys = KeyRing({1: bytes.fromhex(os.environ["VENDING_TEST_MASTER"])})
    _, sale = core.cards.sell(seller, PcscCardStation(keys), kwh=kwh)
    print(sale.receipt_no, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
