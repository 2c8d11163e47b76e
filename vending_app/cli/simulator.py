"""A demo office and its virtual meter, so a newcomer can sell, apply at
the meter, consume and sell again from a terminal. The virtual meter exists
only in a demo office, for an administrator, and each use is audited.
Virtual meters live in the station's data folder; their files hold no key.
"""

from __future__ import annotations

from sqlalchemy import select

from cards.virtual_meter import VirtualMeter
from db.models import Meter
from vending_app.cli.common import (
    EXIT_FAILED,
    CliError,
    card_path,
    command,
    group,
    meter_path,
    open_core,
    session,
    take_out_virtual_card,
    unlocked_keys,
)
from vending_app.core.conversion import on_card_kwh
from vending_app.core.simulator import SimulatorService
from vending_app.demo import seed


def cmd_demo_seed(args):
    print(seed(open_core(args), args.password))


def _simulator(args, what: str, **detail):
    """Sign in and pass the simulator's gate (a demo office, an administrator,
    audited); returns (core, actor)."""
    core, actor = session(args)
    SimulatorService(core).allow(actor, what, args.meter, detail)
    return core, actor


def cmd_meter_create(args):
    """A virtual meter for a paired meter. Its file holds no key: the key
    is derived from the station's vending keys each time the meter runs."""
    core, actor = _simulator(args, "create")
    keys = unlocked_keys(core, actor)
    with core.db.read() as s:
        m = s.scalar(select(Meter).where(Meter.number == args.meter))
        if m is None:
            raise CliError(f"meter {args.meter} is not paired here")
        threshold = int(on_card_kwh(m.low_balance_threshold_kwh, m.multiplier) * 100)
        version = m.key_version
    VirtualMeter.create(args.meter, keys.meter_key(version, args.meter), version, threshold,
                        meter_path(args.meter))
    print(f"virtual meter {args.meter} ready ({meter_path(args.meter)})")


def _meter(number: str, keys=None) -> VirtualMeter:
    path = meter_path(number)
    if not path.exists():
        raise CliError(f"no virtual meter {number}: create it with 'meter-sim create'")
    key_for = (lambda version: keys.meter_key(version, number)) if keys else None
    return VirtualMeter.load(path, key_for)


def _state(m: VirtualMeter) -> str:
    return (f"balance {m.state.balance_cu / 100:.2f} kWh, "
            f"power {'on' if m.state.power_on else 'off'}")


def cmd_meter_insert(args):
    """A meter that refuses the card exits 1, so a script sees it."""
    core, actor = _simulator(args, "insert", card=args.name)
    keys = unlocked_keys(core, actor)
    take_out_virtual_card()  # the card leaves the reader for the meter
    m = _meter(args.meter, keys)
    result = m.insert(card_path(args.name))
    print(f"meter {args.meter}: {'accepted' if result.accepted else 'REFUSED'}: {result.message}; "
          f"{_state(m)}")
    return None if result.accepted else EXIT_FAILED


def cmd_meter_consume(args):
    _simulator(args, "consume", kwh=args.kwh)
    m = _meter(args.meter)
    done = m.consume(int(round(float(args.kwh) * 100)))
    print(f"meter {args.meter}: delivered {done / 100:.2f} kWh; {_state(m)}")


def register(sub) -> None:
    g = group(sub, "demo", "demo data")
    c = command(g, "seed", cmd_demo_seed, "fill an empty database with a demo office")
    c.add_argument("--password", required=True, help="password for the demo operators")
    g = group(sub, "meter-sim", "the virtual meter (a demo office only; administrator)")
    c = command(g, "create", cmd_meter_create, "make a virtual meter for a paired meter")
    c.add_argument("meter")
    c = command(g, "insert", cmd_meter_insert, "insert a card into the virtual meter (exit 1 "
                "when the meter refuses it)")
    c.add_argument("meter")
    c.add_argument("name", nargs="?", default="customer")
    c = command(g, "consume", cmd_meter_consume, "run the load for some kWh")
    c.add_argument("meter")
    c.add_argument("kwh")
