"""The card commands of vending-station-cli: keys, virtual cards in the
virtual reader, issuing and reading cards, selling on a card, and the
virtual meter, so a newcomer can sell, apply at the meter, consume and sell
again from a terminal.

Keys are unlocked with the passphrase in VENDING_KEY_PASSPHRASE (or a
prompt). Virtual card images and meters live in the station's data folder.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import signal
import subprocess
import sys
from pathlib import Path

import platformdirs

from db.engine import APP_NAME

DATA = platformdirs.user_data_path(APP_NAME, appauthor=False)


def _passphrase() -> str:
    if os.environ.get("VENDING_KEY_PASSPHRASE"):
        return os.environ["VENDING_KEY_PASSPHRASE"]
    if sys.stdin.isatty():
        return getpass.getpass("Key passphrase: ")
    from vending_app.cli import CliError
    raise CliError("no key passphrase: set VENDING_KEY_PASSPHRASE")


def card_path(name: str) -> Path:
    (DATA / "cards").mkdir(parents=True, exist_ok=True)
    return DATA / "cards" / f"{name}.json"


def meter_path(number: str) -> Path:
    (DATA / "meters").mkdir(parents=True, exist_ok=True)
    return DATA / "meters" / f"{number}.json"


def _station(args, core, actor):
    from cards.station import PcscCardStation
    keys = core.keys.unlock(actor, _passphrase())
    return PcscCardStation(keys, os.environ.get("VENDING_READER")), keys


def cmd_keys_create(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    version = core.keys.create_version(_actor(args, core), _passphrase())
    print(f"vending key version {version} created (wrapped under the passphrase)")


def cmd_keys_backup(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    n = core.keys.export_backup(_actor(args, core), Path(args.path))
    print(f"{n} wrapped key(s) written to {args.path}: keep it apart from database backups")


def _pidfile() -> Path:
    return DATA / "virtual-card.pid"


def cmd_card_insert(args):
    """Start a virtual card process in the virtual reader (in the background)."""
    cmd_card_remove(args, quiet=True)
    from cards.vpcd_slot import VirtualSlot
    slot = VirtualSlot()
    image = card_path(args.name)
    if args.blank:  # a new card straight from the box: the old image of that name goes
        image.unlink(missing_ok=True)
    cmd = slot._command(image, args.vanish_at, args.vanish_mode)
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(root)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    _pidfile().write_text(str(proc.pid))
    slot.wait_present(True, 15)
    print(f"card '{args.name}' inserted ({image})")


def cmd_card_remove(args, quiet: bool = False):
    pid = _pidfile()
    if pid.exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid.read_text()), signal.SIGTERM)
        pid.unlink()
        from cards.vpcd_slot import VirtualSlot
        VirtualSlot.wait_present(False, 15)
        if not quiet:
            print("card removed")
    elif not quiet:
        print("no virtual card in the reader")


def cmd_card_issue(args):
    core, actor, station = _card_command(args)
    if args.reason:
        serial = core.cards.reissue_card(actor, args.meter, station, args.reason, args.overwrite)
    else:
        serial = core.cards.issue_card(actor, args.meter, station, args.overwrite)
    print(f"card {serial} issued for meter {args.meter}")


def cmd_card_read(args):
    core, actor, station = _card_command(args)
    check = core.cards.present(actor, station)
    print(f"card {check.card_serial}: account {check.account_no} {check.customer_name}, "
          f"meter {check.meter_number} (multiplier {check.multiplier})")
    if check.report:
        r = check.report
        print(f"meter report #{r.counter}: remaining {r.remaining_kwh} kWh, cumulative "
              f"{r.cumulative_kwh} kWh, last purchase applied {r.last_seq}, events {r.events}")
    for line in check.settled:
        print(f"settled: {line}")
    for kind, text in check.anomalies:
        print(f"anomaly ({kind}): {text}")


def cmd_sell(args):
    from vending_app.core.money import parse_kwh, parse_money
    # Typing mistakes are refused before the keys are unlocked and the card is read.
    kwh = parse_kwh(args.kwh) if args.kwh is not None else None
    amount = parse_money(args.amount) if args.amount is not None else None
    tendered = (parse_money(args.tendered, "Cash tendered", allow_zero=True)
                if args.tendered is not None else None)
    core, actor, station = _card_command(args)
    check, sale = core.cards.sell(actor, station, kwh=kwh, amount=amount, tendered=tendered)
    q = sale.quote
    print(f"receipt {sale.receipt_no}: {q.primary_kwh} kWh for {q.total} yuan to meter "
          f"{check.meter_number}; card gets {q.secondary_kwh} kWh (purchase {sale.purchase_seq}); "
          f"change {sale.change}")
    _after_commit(core, actor, sale.receipt_no)


def _after_commit(core, actor, receipt_no: str) -> None:
    """The sale is committed: whatever fails from here on (a full disk, a
    printer, a bug) is a warning, never an error that reads as a lost sale."""
    from vending_app import applog
    from vending_app.cli_documents import deliver_invoice
    try:
        print(deliver_invoice(core, actor, receipt_no))
    except Exception as e:  # noqa: BLE001 - the sale stands; the invoice can be printed again
        applog.failure(f"invoice {receipt_no} after its sale", e)
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        print(f"warning: sale {receipt_no} is committed, but its invoice was not printed: "
              f"{reason} (print it again: vending-station-cli invoice {receipt_no} --copy)",
              file=sys.stderr)


def _card_command(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    actor = _actor(args, core)
    station, _ = _station(args, core, actor)
    return core, actor, station


def cmd_replace_meter(args):
    core, actor, station = _card_command(args)
    registers = None
    if args.probe:
        from meterlink.serial_link import SerialMeterLink
        with SerialMeterLink(args.probe) as link:
            registers = link.read_registers(args.old)
        print(f"old meter read over {args.probe}: {registers.energy_kwh} kWh used, "
              f"{registers.remaining_kwh if registers.remaining_kwh is not None else '?'} "
              "kWh left")
    r = core.fieldwork.replace_meter(actor, station, args.old, args.new, args.type,
                                     args.remaining, args.reason, args.ct, args.pt,
                                     registers=registers,
                                     remaining_confirmed=args.confirm_remaining)
    print(f"meter {r.old_meter} replaced by {r.new_meter}; card {r.card_serial} rewritten")
    print(f"moved {r.transfer_kwh} kWh (old meter showed {r.old_remaining_kwh}, unapplied "
          f"purchases {r.unapplied_kwh}); the card carries {r.secondary_kwh} kWh for the new "
          f"meter, {r.carry_kwh} kWh carried" + (f"; receipt {r.receipt_no}" if r.receipt_no
                                                 else ""))


def cmd_tool_issue(args):
    core, actor, station = _card_command(args)
    fw = core.fieldwork
    over = {"overwrite": args.overwrite}
    if args.kind == "check":
        serial = fw.issue_check_card(actor, args.meter, station, **over)
    elif args.kind == "params":
        serial = fw.issue_parameter_card(actor, args.meter, station, args.threshold, args.cap,
                                         **over)
    else:
        serial = fw.issue_key_change_card(actor, args.meter, station, args.version, **over)
    print(f"{args.kind} card {serial} written for meter {args.meter}")


def cmd_tool_read(args):
    core, actor, station = _card_command(args)
    r = core.fieldwork.read_tool_card(actor, station)
    print(f"{r.kind} card {r.serial} for meter {r.meter_number}: "
          f"{'confirmed' if r.confirmed else 'not confirmed'}: {r.detail}")
    if r.remaining_kwh is not None:
        print(f"meter report: remaining {r.remaining_kwh} kWh, cumulative {r.cumulative_kwh} kWh")
    for text in r.anomalies:
        print(f"anomaly: {text}")


def cmd_keys_behind(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    meters = core.fieldwork.meters_behind_key(_actor(args, core))
    print("\n".join(meters) if meters else "every paired meter is on the newest key")


def _simulator(args, what: str, **detail):
    """Sign in and pass the simulator's gate (a demo office, an administrator,
    audited); returns (core, actor)."""
    from vending_app.cli import _actor, _core
    from vending_app.core.simulator import SimulatorService
    core = _core(args)
    actor = _actor(args, core)
    SimulatorService(core).allow(actor, what, args.meter, detail)
    return core, actor


def _unlocked(core, actor):
    return core.keys.unlock(actor, _passphrase())


def cmd_meter_create(args):
    """A virtual meter for a paired meter. Its file holds no key: the key
    is derived from the station's vending keys each time the meter runs."""
    from sqlalchemy import select

    from cards.virtual_meter import VirtualMeter
    from db.models import Meter
    core, actor = _simulator(args, "create")
    keys = _unlocked(core, actor)
    with core.db.read() as s:
        m = s.scalar(select(Meter).where(Meter.number == args.meter))
        if m is None:
            from vending_app.cli import CliError
            raise CliError(f"meter {args.meter} is not paired here")
        threshold = int(m.low_balance_threshold_kwh * 100)
        version = m.key_version
    VirtualMeter.create(args.meter, keys.meter_key(version, args.meter), version, threshold,
                        meter_path(args.meter))
    print(f"virtual meter {args.meter} ready ({meter_path(args.meter)})")


def _meter(number: str, keys=None):
    from cards.virtual_meter import VirtualMeter
    path = meter_path(number)
    if not path.exists():
        from vending_app.cli import CliError
        raise CliError(f"no virtual meter {number}: create it with 'meter-sim create'")
    key_for = (lambda version: keys.meter_key(version, number)) if keys else None
    return VirtualMeter.load(path, key_for)


def cmd_meter_insert(args):
    core, actor = _simulator(args, "insert", card=args.name)
    keys = _unlocked(core, actor)
    cmd_card_remove(args, quiet=True)  # the card leaves the reader for the meter
    m = _meter(args.meter, keys)
    result = m.insert(card_path(args.name))
    print(f"meter {args.meter}: {'accepted' if result.accepted else 'REFUSED'}: {result.message}; "
          f"balance {m.state.balance_cu / 100:.2f} kWh, power {'on' if m.state.power_on else 'off'}")


def cmd_meter_consume(args):
    _simulator(args, "consume", kwh=args.kwh)
    m = _meter(args.meter)
    done = m.consume(int(round(float(args.kwh) * 100)))
    print(f"meter {args.meter}: delivered {done / 100:.2f} kWh; balance "
          f"{m.state.balance_cu / 100:.2f} kWh, power {'on' if m.state.power_on else 'off'}")


def cmd_keys_import(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    added = core.keys.import_backup(_actor(args, core), Path(args.path), _passphrase())
    print(f"key versions imported: {added or 'none (all were here already)'}")


def add_commands(sub, cmd, group) -> None:
    from vending_app.cli import _whole
    g = group("keys", "vending keys (administrator)")
    cmd("create", cmd_keys_create, "create a new key version", g)
    c = cmd("backup", cmd_keys_backup, "write the wrapped keys to a file", g)
    c.add_argument("path")
    c = cmd("import", cmd_keys_import, "import the office's wrapped keys from their backup "
            "(each checked with VENDING_KEY_PASSPHRASE first)", g)
    c.add_argument("path")
    cmd("behind", cmd_keys_behind, "meters not yet moved to the newest key", g)

    g = group("tool", "tool cards: check, parameter and key-change cards")
    c = cmd("issue", cmd_tool_issue, "write a tool card for a meter", g)
    c.add_argument("kind", choices=["check", "params", "key-change"])
    c.add_argument("meter")
    c.add_argument("--threshold", help="params: low-balance threshold, kWh on the meter")
    c.add_argument("--cap", help="params: credit cap, primary kWh (0: none)")
    c.add_argument("--version", type=_whole, help="key-change: target key version (default newest)")
    c.add_argument("--overwrite", action="store_true",
                   help="write over a card that is not blank and not this office's "
                        "(never over a live customer card)")
    cmd("read", cmd_tool_read, "read a tool card back from the meter", g)

    g = group("card", "cards in the reader")
    c = cmd("insert", cmd_card_insert, "put a virtual card into the virtual reader", g)
    c.add_argument("name", nargs="?", default="customer")
    c.add_argument("--blank", action="store_true",
                   help="a blank card: start this image afresh (what it held is discarded)")
    c.add_argument("--vanish-at", type=_whole, help="pull the card at this APDU (fault drill)")
    c.add_argument("--vanish-mode", choices=["before", "after", "torn"], default="before")
    cmd("remove", cmd_card_remove, "take the virtual card out", g)
    c = cmd("issue", cmd_card_issue, "issue (or with --reason, reissue) the card of a meter", g)
    c.add_argument("meter")
    c.add_argument("--reason", help="reissue: why the old card is replaced")
    c.add_argument("--overwrite", action="store_true",
                   help="write over a card that is not blank and not this office's "
                        "(never over a live customer card)")
    cmd("read", cmd_card_read, "read the card: customer, meter report, anomalies", g)
    c = cmd("replace-meter", cmd_replace_meter,
            "replace the meter of the card in the reader, moving its balance", g)
    c.add_argument("old")
    c.add_argument("new")
    c.add_argument("--type", default="single_phase",
                   choices=["single_phase", "three_phase", "three_phase_ct"])
    c.add_argument("--ct", default="1")
    c.add_argument("--pt", default="1")
    c.add_argument("--remaining", help="kWh the old meter shows (or read it with --probe)")
    c.add_argument("--probe", help="serial port of a probe on the old meter: read its balance")
    c.add_argument("--confirm-remaining", action="store_true",
                   help="the old meter does show --remaining, though it is under half of what "
                        "its last write-back reported")
    c.add_argument("--reason", required=True)

    c = cmd("sell", cmd_sell, "sell on the card in the reader")
    how = c.add_mutually_exclusive_group(required=True)
    how.add_argument("--kwh")
    how.add_argument("--amount")
    c.add_argument("--tendered")

    g = group("meter-sim", "the virtual meter (a demo office only; administrator)")
    c = cmd("create", cmd_meter_create, "make a virtual meter for a paired meter", g)
    c.add_argument("meter")
    c = cmd("insert", cmd_meter_insert, "insert a card into the virtual meter", g)
    c.add_argument("meter")
    c.add_argument("name", nargs="?", default="customer")
    c = cmd("consume", cmd_meter_consume, "run the load for some kWh", g)
    c.add_argument("meter")
    c.add_argument("kwh")
