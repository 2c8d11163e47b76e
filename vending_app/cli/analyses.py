"""The meter link, the teams' master meters, and the office's analyses:
suspicious customers and line loss."""

from __future__ import annotations

from meterlink.serial_link import SerialMeterLink
from vending_app.cli.common import command, group, session, whole_arg, write_sheet
from vending_app.core import validation
from vending_app.core.analysis_sheets import suspects_sheet

REASONS = ["silence", "drop", "mismatch", "tamper", "reverse_current", "forged_writeback",
           "copied_card"]


def _link(args):
    return SerialMeterLink(args.port, baudrate=args.baud, parity=args.parity)


def cmd_meter_read(args):
    with _link(args) as link:
        r = link.read_registers(args.address)
    print(f"meter {r.address}: total active energy {r.energy_kwh} kWh")
    if r.remaining_kwh is not None:
        print(f"remaining energy {r.remaining_kwh} kWh")
    if r.remaining_money is not None:
        print(f"remaining money {r.remaining_money}")
    if r.meter_time is not None:
        print(f"meter clock {r.meter_time.isoformat(sep=' ')}")


def cmd_master_add(args):
    core, actor = session(args)
    core.masters.add(actor, args.team, args.number, args.name, args.multiplier)
    print(f"master meter {args.number} registered for team {args.team.upper()}")


def cmd_master_list(args):
    core, actor = session(args)
    for m in core.masters.list(actor):
        last = (f"{m.last_reading_kwh} kWh on {m.last_read_at:%Y-%m-%d} ({m.last_source})"
                if m.last_read_at else "no reading yet")
        print(f"{m.team:6s} {m.number} x{m.multiplier:<5d} {m.name}: {last}")


def cmd_master_record(args):
    core, actor = session(args)
    if args.port:
        with _link(args) as link:
            energy = core.masters.read(actor, link, args.number)
        print(f"master meter {args.number}: {energy} kWh read over {args.port}")
    else:
        if args.kwh is None:
            raise SystemExit("give --kwh (from the display) or --port (read over the link)")
        energy = core.masters.record(actor, args.number, args.kwh, note=args.note)
        print(f"master meter {args.number}: {energy} kWh recorded by hand")


def _suspects_sheet(args, core, found, as_of) -> None:
    filters = " ".join(f"{k}={v}" for k, v in (("team", args.team), ("reason", args.reason))
                       if v)
    sheet = suspects_sheet(found, as_of or core.today(), core.station_code, filters)
    write_sheet(args, sheet, f"suspicious-{(as_of or core.today()).isoformat()}")


def cmd_suspicious(args):
    core, actor = session(args)
    as_of = validation.day(args.as_of, "As of") if args.as_of else None
    found = core.analyses.suspicious(actor, as_of=as_of, team=args.team, kind=args.reason,
                                     min_score=args.min_score)
    if args.format:
        _suspects_sheet(args, core, found, as_of)
        return
    for i, x in enumerate(found, 1):
        print(f"{i:3d}. score {x.score:3d}  {x.account_no} {x.name} ({x.team}, meter {x.meter})")
        for r in x.reasons:
            print(f"       - {r.kind}: {r.text}")
    print(f"{len(found)} customer(s) flagged")


def _figure(v) -> str:
    return "-" if v is None else f"{v:,.2f}"


def cmd_line_loss(args):
    core, actor = session(args)
    year, month = validation.year_month(args.month)
    rows = (core.line_loss.trend(actor, year, month, args.trend, args.team) if args.trend
            else core.line_loss.month(actor, year, month, args.team))
    print(f"{'team':6s} {'period':8s} {'master kWh':>12s} {'sold kWh':>12s} {'metered kWh':>12s}"
          f" {'meters':>9s} {'recovery%':>9s} {'loss%':>7s}")
    f = _figure
    for r in rows:
        print(f"{r.team:6s} {r.period:8s} {f(r.master_kwh):>12s} {f(r.sold_kwh):>12s} "
              f"{f(r.consumed_kwh):>12s} {r.meters:>4d}/{r.meters_paired:<4d} "
              f"{f(r.recovery_pct):>9s} {f(r.loss_pct):>7s}")


def _line_options(c, required: bool) -> None:
    c.add_argument("--port", required=required, help="serial port of the probe or RS-485 adapter")
    c.add_argument("--baud", type=whole_arg, default=2400)
    c.add_argument("--parity", choices=["E", "N", "O"], default="E")


def register(sub) -> None:
    g = group(sub, "link", "a meter over the serial link (DL/T 645-2007)")
    c = command(g, "read", cmd_meter_read, "read a meter's address, energy and balance")
    _line_options(c, True)
    c.add_argument("--address", help="meter number (default: ask the one meter on the line)")
    g = group(sub, "master", "master meters (总表) of the supply teams")
    c = command(g, "add", cmd_master_add, "register a team's master meter (administrator)")
    c.add_argument("team")
    c.add_argument("number")
    c.add_argument("name")
    c.add_argument("--multiplier", default="1", help="CT x PT")
    command(g, "list", cmd_master_list, "master meters and their last readings")
    c = command(g, "record", cmd_master_record, "record a reading: by hand or over the link")
    c.add_argument("number")
    c.add_argument("--kwh", help="the register as the display shows it")
    c.add_argument("--note")
    _line_options(c, False)
    _register_analyses(sub)


def _register_analyses(sub) -> None:
    g = group(sub, "analyse", "suspicious customers and line loss")
    c = command(g, "suspicious", cmd_suspicious, "customers to look into, ranked, with reasons")
    c.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    c.add_argument("--team")
    c.add_argument("--reason", choices=REASONS)
    c.add_argument("--min-score", type=whole_arg, default=0)
    c.add_argument("--format", choices=["pdf", "csv", "xlsx"], help="write a sheet instead")
    c.add_argument("--out")
    c = command(g, "line-loss", cmd_line_loss, "master meter vs sub-meters per team")
    c.add_argument("--month", required=True, help="YYYY-MM")
    c.add_argument("--trend", type=whole_arg, help="this many months up to --month")
    c.add_argument("--team")
