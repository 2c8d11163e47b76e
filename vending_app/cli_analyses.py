"""Command line: the meter link, master meters, and the office's analyses."""

from __future__ import annotations

from vending_app.core import validation


def _session(args):
    from vending_app.cli import _actor, _core
    core = _core(args)
    return core, _actor(args, core)


def _link(args):
    from meterlink.serial_link import SerialMeterLink
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
    core, actor = _session(args)
    core.masters.add(actor, args.team, args.number, args.name, args.multiplier)
    print(f"master meter {args.number} registered for team {args.team.upper()}")


def cmd_master_list(args):
    core, actor = _session(args)
    for m in core.masters.list(actor):
        last = (f"{m.last_reading_kwh} kWh on {m.last_read_at:%Y-%m-%d} ({m.last_source})"
                if m.last_read_at else "no reading yet")
        print(f"{m.team:6s} {m.number} x{m.multiplier:<5d} {m.name}: {last}")


def cmd_master_record(args):
    core, actor = _session(args)
    if args.port:
        with _link(args) as link:
            energy = core.masters.read(actor, link, args.number)
        print(f"master meter {args.number}: {energy} kWh read over {args.port}")
    else:
        if args.kwh is None:
            raise SystemExit("give --kwh (from the display) or --port (read over the link)")
        energy = core.masters.record(actor, args.number, args.kwh, note=args.note)
        print(f"master meter {args.number}: {energy} kWh recorded by hand")


def cmd_suspicious(args):
    core, actor = _session(args)
    as_of = validation.day(args.as_of, "As of") if args.as_of else None
    found = core.analyses.suspicious(actor, as_of=as_of, team=args.team, kind=args.reason,
                                     min_score=args.min_score)
    if args.format:
        from vending_app.cli_documents import _write_sheet
        from vending_app.core.analysis_sheets import suspects_sheet
        filters = " ".join(f"{k}={v}" for k, v in (("team", args.team), ("reason", args.reason))
                           if v)
        sheet = suspects_sheet(found, as_of or core.today(), core.station_code, filters)
        _write_sheet(args, sheet, f"suspicious-{(as_of or core.today()).isoformat()}")
        return
    for i, x in enumerate(found, 1):
        print(f"{i:3d}. score {x.score:3d}  {x.account_no} {x.name} ({x.team}, meter {x.meter})")
        for r in x.reasons:
            print(f"       - {r.kind}: {r.text}")
    print(f"{len(found)} customer(s) flagged")


def cmd_line_loss(args):
    core, actor = _session(args)
    year, month = validation.year_month(args.month)
    rows = (core.line_loss.trend(actor, year, month, args.trend, args.team) if args.trend
            else core.line_loss.month(actor, year, month, args.team))
    print(f"{'team':6s} {'period':8s} {'master kWh':>12s} {'sold kWh':>12s} {'metered kWh':>12s}"
          f" {'meters':>9s} {'recovery%':>9s} {'loss%':>7s}")
    for r in rows:
        def f(v):
            return "-" if v is None else f"{v:,.2f}"
        print(f"{r.team:6s} {r.period:8s} {f(r.master_kwh):>12s} {f(r.sold_kwh):>12s} "
              f"{f(r.consumed_kwh):>12s} {r.meters:>4d}/{r.meters_paired:<4d} "
              f"{f(r.recovery_pct):>9s} {f(r.loss_pct):>7s}")


def add_commands(sub, cmd, group) -> None:
    from vending_app.cli import _whole

    def line_options(c, required: bool):
        c.add_argument("--port", required=required,
                       help="serial port of the probe or RS-485 adapter")
        c.add_argument("--baud", type=_whole, default=2400)
        c.add_argument("--parity", choices=["E", "N", "O"], default="E")

    g = group("link", "a meter over the serial link (DL/T 645-2007)")
    c = cmd("read", cmd_meter_read, "read a meter's address, energy and balance", g)
    line_options(c, True)
    c.add_argument("--address", help="meter number (default: ask the one meter on the line)")

    g = group("master", "master meters (总表) of the supply teams")
    c = cmd("add", cmd_master_add, "register a team's master meter (administrator)", g)
    c.add_argument("team")
    c.add_argument("number")
    c.add_argument("name")
    c.add_argument("--multiplier", default="1", help="CT x PT")
    cmd("list", cmd_master_list, "master meters and their last readings", g)
    c = cmd("record", cmd_master_record, "record a reading: by hand or over the link", g)
    c.add_argument("number")
    c.add_argument("--kwh", help="the register as the display shows it")
    c.add_argument("--note")
    line_options(c, False)

    g = group("analyse", "suspicious customers and line loss")
    c = cmd("suspicious", cmd_suspicious, "customers to look into, ranked, with reasons", g)
    c.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
    c.add_argument("--team")
    c.add_argument("--reason", choices=["silence", "drop", "mismatch", "tamper",
                                        "reverse_current", "forged_writeback", "copied_card"])
    c.add_argument("--min-score", type=_whole, default=0)
    c.add_argument("--format", choices=["pdf", "csv", "xlsx"], help="write a sheet instead")
    c.add_argument("--out")
    c = cmd("line-loss", cmd_line_loss, "master meter vs sub-meters per team", g)
    c.add_argument("--month", required=True, help="YYYY-MM")
    c.add_argument("--trend", type=_whole, help="this many months up to --month")
    c.add_argument("--team")
