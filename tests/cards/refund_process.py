"""A station process that pays one refund on demand from the card in the
reader; the fault tests run it with VENDING_FAULT_KILL_AT set and let it die."""

import os
import sys

from argon2 import PasswordHasher

from cards.keyring import KeyRing
from cards.keystore import CardKeyVault
from cards.station import PcscCardStation
from db.engine import Database
from vending_app.core.station import StationCore


def main() -> int:
    core = StationCore(Database(sys.argv[1]), "S01", key_vault=CardKeyVault(),
                       hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    seller = core.auth.login("seller", os.environ["VENDING_PASSWORD"])
    master = os.environ.get("VENDING_TEST_MASTER")
    keys = (KeyRing({1: bytes.fromhex(master)}) if master else
            core.keys.unlock(seller, os.environ["VENDING_KEY_PASSPHRASE"]))
    done = core.refunds.refund_on_demand(seller, PcscCardStation(keys), "customer moving out")
    print(done.refund_id, done.paid, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
