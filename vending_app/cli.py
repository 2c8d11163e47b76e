"""vending-station-cli: the station's services without a window.

For administration, scripting, the demo and tests. Every command signs in
as an operator (``--operator`` or VENDING_OPERATOR; the password from
VENDING_PASSWORD, ``--password-stdin`` or a prompt), so the permission
matrix and the audit log apply exactly as at the counter. Errors print one
line and exit non-zero.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import getpass
import os
import sys
from datetime import date

from sqlalchemy.exc import OperationalError

from db import migrate
from db.engine import Database, resolve_url
from db.maintenance import MaintenanceError
from db.models import Role
from vending_app import applog
from vending_app.core import validation
from vending_app.core.errors import ValidationError, VendingError, echo
from vending_app.core.periods import dekad, month
from vending_app.core.startup import check_database, load_config, station_url
from vending_app.core.station import DEFAULT_STATION, StationCore


class CliError(Exception):
    pass


def _date(text: str) -> date:
    try:
        return validation.day(text)
    except ValidationError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _whole(text: str) -> int:
    """Whole-number arguments in ASCII digits; int() would take '+5', '1_0' and '１０'."""
    try:
        return validation.whole(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{echo(text)}' is not a whole number") from None


def _password(args) -> str:
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("VENDING_PASSWORD"):
        return os.environ["VENDING_PASSWORD"]
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    raise CliError("no password: set VENDING_PASSWORD or pass --password-stdin")


def _core(args) -> StationCore:
    return StationCore(Database(args.db), args.station)


def _resolve_station(args) -> None:
    """--db and --station default to this station's set-up file, when there is one."""
    config = load_config()
    args.db = station_url(args.db, config)
    args.station = (args.station or os.environ.get("VENDING_STATION")
                    or (config.station if config else DEFAULT_STATION))


def _actor(args, core: StationCore):
    login = args.operator or os.environ.get("VENDING_OPERATOR")
    if not login:
        raise CliError("sign in with --operator LOGIN (or set VENDING_OPERATOR)")
    return core.auth.login(login, _password(args))


def _print_rows(rows, out=None) -> None:
    out = out or sys.stdout
    rows = list(rows)
    writer = csv.writer(out, lineterminator="\n")
    if not rows:
        return
    first = rows[0]
    fields = ([f.name for f in dataclasses.fields(first)] if dataclasses.is_dataclass(first)
              else list(first.keys()))
    writer.writerow(fields)
    for r in rows:
        d = dataclasses.asdict(r) if dataclasses.is_dataclass(r) else r
        writer.writerow(["|".join(v) if isinstance(v, tuple) else v for v in (d[f] for f in fields)])


# --- commands ----------------------------------------------------------------

def cmd_db_upgrade(args):
    db = Database(args.db)
    check_database(db.url, creating=True)
    migrate.upgrade(db.engine)
    print(f"database at schema {migrate.current_revision(db.engine)}: {db.url.render_as_string()}")


def cmd_status(args):
    db = Database(args.db)
    rev = migrate.current_revision(db.engine)
    print(f"database: {db.url.render_as_string()}")
    print(f"schema:   {rev or 'empty'} (current code: {migrate.head_revision()})")
    if rev != migrate.head_revision():
        raise CliError("the database needs 'vending-station-cli db upgrade'")
    core = StationCore(db, args.station)
    has = core.auth.has_operators()
    print(f"station:  {core.station_code}; operators: {'yes' if has else 'none yet'}")
    if args.has_operators and not has:
        sys.exit(3)


def cmd_admin_create(args):
    core = _core(args)
    core.auth.bootstrap_administrator(args.login, args.name, _password(args))
    print(f"administrator {args.login} created")


def cmd_operator_add(args):
    core = _core(args)
    actor = _actor(args, core)
    password = os.environ.get("VENDING_NEW_PASSWORD") or getpass.getpass("New operator's password: ")
    core.auth.create_operator(actor, args.login, args.name, Role(args.role), password)
    print(f"operator {args.login} ({args.role}) created")


def cmd_operator_list(args):
    core = _core(args)
    _print_rows(core.auth.list_operators(_actor(args, core)))


def cmd_demo_seed(args):
    from vending_app.demo import seed
    summary = seed(_core(args), args.password)
    print(summary)


def cmd_tariff_list(args):
    core = _core(args)
    rows = []
    for t in core.catalog.list_tariffs(_actor(args, core)):
        for v in t.versions:
            tiers = ",".join(f"{'*' if x.upto_kwh is None else x.upto_kwh}:{x.price}" for x in v.tiers)
            rows.append({"code": t.code, "name": t.name, "from": v.effective_from,
                         "to": v.effective_to or "", "tiers": tiers,
                         "monthly_charge": v.fixed_monthly_charge})
    _print_rows(rows)


def cmd_tariff_add(args):
    core = _core(args)
    core.catalog.add_tariff(_actor(args, core), args.code, args.name)
    print(f"tariff {args.code.upper()} added")


def cmd_tariff_version(args):
    core = _core(args)
    core.catalog.add_tariff_version(_actor(args, core), args.code, args.effective_from, args.tiers,
                                    args.monthly_charge, args.effective_to, args.note)
    print(f"tariff {args.code.upper()}: version from {args.effective_from} added")


def cmd_area_add(args):
    core = _core(args)
    core.catalog.add_area(_actor(args, core), args.code, args.name)
    print(f"area {args.code.upper()} added")


def cmd_team_add(args):
    core = _core(args)
    core.catalog.add_team(_actor(args, core), args.area, args.code, args.name)
    print(f"team {args.code.upper()} added")


def cmd_category_add(args):
    core = _core(args)
    core.catalog.add_category(_actor(args, core), args.code, args.name, args.tariff)
    print(f"category {args.code.upper()} added")


def cmd_param_set(args):
    core = _core(args)
    value = core.catalog.set_parameter(_actor(args, core), args.key, args.value, args.scope)
    print(f"{args.key} = {value}")


def cmd_param_list(args):
    from vending_app.core.settings import PARAMS
    core = _core(args)
    _print_rows({"key": k, "value": core.catalog.parameter(k), "description": p.description}
                for k, p in PARAMS.items())


def cmd_account_open(args):
    core = _core(args)
    acc = core.accounts.open_account(_actor(args, core), args.name, args.id_number, args.phone,
                                     args.address, args.team, args.category)
    print(acc)


def cmd_account_search(args):
    core = _core(args)
    _print_rows(core.accounts.search(_actor(args, core), args.text, args.limit))


def cmd_account_close(args):
    core = _core(args)
    remaining = {}
    for item in args.remaining:
        meter, _, kwh = item.partition("=")
        if not kwh:
            raise CliError(f"--remaining takes METER=KWH, not '{item}'")
        remaining[meter] = kwh
    _print_rows(core.accounts.close_account(_actor(args, core), args.account, remaining, args.reason))


def cmd_meter_pair(args):
    core = _core(args)
    core.accounts.pair_meter(_actor(args, core), args.account, args.meter, args.type, args.ct,
                             args.pt, args.threshold)
    print(f"meter {args.meter} paired to account {args.account}")


def cmd_charge_add(args):
    core = _core(args)
    core.accounts.add_charge(_actor(args, core), args.account, args.description, args.amount,
                             args.percent)
    print(f"charge of {args.amount} added to account {args.account}")


def cmd_quote(args):
    core = _core(args)
    q = core.sales.quote(_actor(args, core), args.meter, kwh=args.kwh, amount=args.amount)
    lines = [f"energy        {q.primary_kwh} kWh (multiplier {q.multiplier})"]
    if q.flat_kwh:
        lines.append(f"  flat price  {q.flat_kwh} kWh x {q.flat_price} = {q.flat_amount}")
    for t in q.tier_lines:
        lines.append(f"  tier {t.tier_index + 1}      {t.kwh} kWh x {t.price} = {t.amount}")
    if q.fixed_charge:
        lines.append(f"monthly charge {q.fixed_charge}")
    for r in q.recoveries:
        lines.append(f"recovered     {r.amount} ({r.description})")
    lines.append(f"total         {q.total}")
    lines.append(f"card          {q.secondary_kwh} kWh; carried {q.carry_in} -> {q.carry_out} kWh")
    print("\n".join(lines))


def cmd_shift_open(args):
    core = _core(args)
    shift = core.shifts.open(_actor(args, core), args.float)
    print(f"shift {shift} open")


def cmd_shift_x(args):
    core = _core(args)
    _print_rows([core.shifts.x_report(_actor(args, core))])


def cmd_shift_close(args):
    core = _core(args)
    _print_rows([core.shifts.close(_actor(args, core), args.counted, args.note)])


def _period(args):
    if args.dekad:
        return dekad(args.year, args.month, args.dekad)
    return month(args.year, args.month)


def cmd_report_sales(args):
    core = _core(args)
    p = _period(args)
    _print_rows(core.reports.sales_detail(_actor(args, core), p.start, p.end, args.team, args.seller))


def cmd_report_totals(args):
    core = _core(args)
    p = _period(args)
    rows = core.reports.totals(_actor(args, core), p.start, p.end, args.by)
    _print_rows([{**dataclasses.asdict(r), "net_amount": r.net_amount} for r in rows])


def cmd_operator_set(args):
    core = _core(args)
    actor = _actor(args, core)
    if args.action == "disable":
        core.auth.set_active(actor, args.login, False)
    elif args.action == "enable":
        core.auth.set_active(actor, args.login, True)
    elif args.action == "unlock":
        core.auth.unlock(actor, args.login)
    elif args.action == "reset-password":
        password = os.environ.get("VENDING_NEW_PASSWORD") or getpass.getpass("New password: ")
        core.auth.reset_password(actor, args.login, password)
    print(f"operator {args.login}: {args.action} done")


def cmd_adjustment_request(args):
    core = _core(args)
    aid = core.adjustments.request_adjustment(_actor(args, core), args.meter, args.kwh, args.reason)
    print(f"adjustment {aid} requested: an administrator must approve it")


def cmd_quota_request(args):
    core = _core(args)
    qid = core.adjustments.request_quota(_actor(args, core), args.account, args.kwh, args.price,
                                         args.reason, args.valid_from, args.valid_to)
    print(f"flat-price quota {qid} requested: an administrator must approve it")


def cmd_reversal_request(args):
    core = _core(args)
    rid = core.sales.request_reversal(_actor(args, core), args.receipt, args.reason)
    print(f"reversal {rid} requested: an administrator must approve it")


def cmd_approvals(args):
    core = _core(args)
    _print_rows(core.adjustments.approval_queue(_actor(args, core)))


def cmd_recover(args):
    core = _core(args)
    left = core.sales.recover_pending(_actor(args, core))
    _print_rows(left)
    if left:
        print(f"{len(left)} sale(s) wait for their card: put each card in the reader and "
              "read it ('card read') to settle them", file=sys.stderr)


def cmd_decide(args):
    core = _core(args)
    approve = args.command == "approve"
    core.adjustments.decide(_actor(args, core), args.kind, args.id, approve)
    print(f"{args.kind} {args.id} {'approved' if approve else 'rejected'}")


def cmd_audit_verify(args):
    core = _core(args)
    report = core.audit.verify_chain(_actor(args, core))
    if not report.ok:
        raise CliError(f"audit chain broken at event {report.broken_at}: {report.reason} "
                       f"({report.checked} events verified before it)")
    print(f"audit chain intact: {report.checked} events")


# --- parser ------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vending-station-cli", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="SQLAlchemy URL (default: VENDING_DB_URL, else the local file)")
    p.add_argument("--station", help="this station's code (default: VENDING_STATION, else the "
                   "set-up file's, else S01)")
    p.add_argument("--operator", help="sign in as this operator")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    sub = p.add_subparsers(dest="command", required=True)

    def cmd(name, fn, help_, parent=sub):
        c = parent.add_parser(name, help=help_)
        c.set_defaults(fn=fn)
        return c

    def group(name, help_):
        return sub.add_parser(name, help=help_).add_subparsers(dest="sub", required=True)

    db_group = g = group("db", "the database: schema, backup, restore, integrity")
    cmd("upgrade", cmd_db_upgrade, "create or migrate the database", g)
    c = cmd("status", cmd_status, "show the database, schema and station")
    c.add_argument("--has-operators", action="store_true", help="exit 3 if nobody can sign in")

    g = group("admin", "first administrator")
    c = cmd("create", cmd_admin_create, "create the first administrator (fresh install only)", g)
    c.add_argument("--login", required=True)
    c.add_argument("--name", required=True)

    g = group("operator", "operators")
    c = cmd("add", cmd_operator_add, "add an operator (password from VENDING_NEW_PASSWORD)", g)
    c.add_argument("--login", required=True)
    c.add_argument("--name", required=True)
    c.add_argument("--role", required=True, choices=[r.value for r in Role])
    cmd("list", cmd_operator_list, "list operators", g)
    c = cmd("set", cmd_operator_set, "disable, enable, unlock or reset an operator's password", g)
    c.add_argument("login")
    c.add_argument("action", choices=["disable", "enable", "unlock", "reset-password"])

    g = group("adjustment", "adjustment energy (needs approval)")
    c = cmd("request", cmd_adjustment_request, "request adjustment energy for a meter", g)
    c.add_argument("meter")
    c.add_argument("--kwh", required=True)
    c.add_argument("--reason", required=True)
    g = group("quota", "monthly flat-price quotas (need approval)")
    c = cmd("request", cmd_quota_request, "request a monthly flat-price quota", g)
    c.add_argument("account")
    c.add_argument("--kwh", required=True, help="kWh per month")
    c.add_argument("--price", required=True)
    c.add_argument("--reason", required=True)
    c.add_argument("--from", dest="valid_from", type=_date, required=True)
    c.add_argument("--to", dest="valid_to", type=_date)
    g = group("reversal", "reversals of sales that never reached the meter")
    c = cmd("request", cmd_reversal_request, "request a reversal by receipt number", g)
    c.add_argument("receipt")
    c.add_argument("--reason", required=True)
    cmd("approvals", cmd_approvals, "what waits for an administrator (CSV)")
    cmd("recover", cmd_recover, "settle interrupted sales the meters proved; list the rest (CSV)")
    for verb in ("approve", "reject"):
        c = cmd(verb, cmd_decide, f"{verb} a request")
        c.add_argument("kind", choices=["adjustment", "quota", "reversal", "shift"])
        c.add_argument("id", type=_whole)

    g = group("demo", "demo data")
    c = cmd("seed", cmd_demo_seed, "fill an empty database with a demo office", g)
    c.add_argument("--password", required=True, help="password for the demo operators")

    g = group("tariff", "tariffs")
    cmd("list", cmd_tariff_list, "list tariffs and versions (CSV)", g)
    c = cmd("add", cmd_tariff_add, "add a tariff", g)
    c.add_argument("--code", required=True)
    c.add_argument("--name", required=True)
    c = cmd("version", cmd_tariff_version, "add a version: --tiers '2160:0.5283,4200:0.5783,*:0.8283'", g)
    c.add_argument("--code", required=True)
    c.add_argument("--from", dest="effective_from", type=_date, required=True)
    c.add_argument("--to", dest="effective_to", type=_date)
    c.add_argument("--tiers", required=True)
    c.add_argument("--monthly-charge", default="0")
    c.add_argument("--note", default="")

    for name, fn, extra in [("area", cmd_area_add, []), ("team", cmd_team_add, ["--area"]),
                            ("category", cmd_category_add, ["--tariff"])]:
        g = group(name, f"supply {name}s" if name != "category" else "customer categories")
        c = cmd("add", fn, f"add a {name}", g)
        for opt in ["--code", "--name", *extra]:
            c.add_argument(opt, required=True)

    g = group("param", "system parameters")
    c = cmd("set", cmd_param_set, "set a parameter", g)
    c.add_argument("key")
    c.add_argument("value")
    c.add_argument("--scope", default="", help="a station code for a per-station override")
    cmd("list", cmd_param_list, "list parameters (CSV)", g)

    g = group("account", "customer accounts")
    c = cmd("open", cmd_account_open, "open an account; prints its number", g)
    for opt in ["--name", "--id-number", "--phone", "--address", "--team", "--category"]:
        c.add_argument(opt, required=True)
    c = cmd("search", cmd_account_search, "search by name, ID, phone, account, meter or card", g)
    c.add_argument("text")
    c.add_argument("--limit", type=_whole, default=50)
    c = cmd("close", cmd_account_close, "close an account and refund what its meters have left", g)
    c.add_argument("account")
    c.add_argument("--remaining", nargs="+", default=[], metavar="METER=KWH")
    c.add_argument("--reason", required=True)

    g = group("meter", "meters")
    c = cmd("pair", cmd_meter_pair, "pair a meter to an account", g)
    c.add_argument("account")
    c.add_argument("meter")
    c.add_argument("--type", default="single_phase",
                   choices=["single_phase", "three_phase", "three_phase_ct"])
    c.add_argument("--ct", default="1", help="CT ratio, e.g. 150/5")
    c.add_argument("--pt", default="1", help="PT ratio")
    c.add_argument("--threshold", help="low-balance threshold kWh (default by type)")

    g = group("charge", "arrears and other charges")
    c = cmd("add", cmd_charge_add, "add a charge recovered from each purchase", g)
    c.add_argument("account")
    c.add_argument("--description", required=True)
    c.add_argument("--amount", required=True)
    c.add_argument("--percent", required=True, help="recovered per purchase, % of the energy amount")

    c = cmd("quote", cmd_quote, "price a purchase (kWh or money)")
    c.add_argument("meter")
    how = c.add_mutually_exclusive_group(required=True)
    how.add_argument("--kwh")
    how.add_argument("--amount")

    g = group("shift", "the seller's shift")
    c = cmd("open", cmd_shift_open, "open a shift", g)
    c.add_argument("--float", required=True)
    cmd("x", cmd_shift_x, "X report: figures so far (CSV)", g)
    c = cmd("close", cmd_shift_close, "blind count and close: Z figures (CSV)", g)
    c.add_argument("--counted", required=True)
    c.add_argument("--note", default="")

    g = group("report", "reports as CSV")
    for name, fn in [("sales", cmd_report_sales), ("totals", cmd_report_totals)]:
        c = cmd(name, fn, f"{name} for a month or one of its dekads", g)
        c.add_argument("--year", type=_whole, required=True)
        c.add_argument("--month", type=_whole, required=True, choices=range(1, 13))
        c.add_argument("--dekad", type=_whole, choices=[1, 2, 3])
        if name == "sales":
            c.add_argument("--team")
            c.add_argument("--seller")
        else:
            c.add_argument("--by", choices=["team", "seller"], default="team")

    g = group("audit", "the audit log")
    cmd("verify", cmd_audit_verify, "verify the audit hash chain", g)

    from vending_app import cli_analyses, cli_cards, cli_documents, cli_office
    cli_office.add_commands(sub, cmd, group, db_group)
    cli_cards.add_commands(sub, cmd, group)
    cli_documents.add_commands(sub, cmd, group)
    cli_analyses.add_commands(sub, cmd, group)
    return p


def _database_error(db: str | None, e: OperationalError) -> str:
    """A SQLite file that fails mid-command (a full disk, a read-only mount,
    a lock) gets the same message and advice as at start."""
    import sqlite3

    from db.maintenance import STORAGE_CODES, error_code, sqlite_path, storage_error
    from vending_app.core.startup import storage_unusable
    url = resolve_url(db)
    path = sqlite_path(url)
    if path is not None and isinstance(e.orig, sqlite3.Error) \
            and error_code(e.orig) in STORAGE_CODES:
        return str(storage_unusable(storage_error(e.orig, path)))
    return f"cannot use the database {applog.mask_url(url)}: {e.orig}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    applog.setup("cli")
    what = "command " + args.fn.__name__.removeprefix("cmd_").replace("_", " ")
    try:
        _resolve_station(args)
        applog.opening(args.station, args.db, what)
        args.fn(args)
    except (VendingError, CliError, MaintenanceError) as e:
        applog.failure(what, e, known=True)
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OperationalError as e:
        applog.failure(what, e)
        print(f"error: {_database_error(args.db, e)}", file=sys.stderr)
        return 2
    except EOFError:  # a prompt (a new password) on a closed or empty stdin
        print("error: the input ended before a password was typed: set VENDING_NEW_PASSWORD "
              "or run the command in a terminal", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - one line here, the traceback in the log
        applog.failure(what, e)
        print(f"error: unexpected {type(e).__name__}: {e} (the details are in the log: "
              f"{applog.log_path()})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    # Run the module's main, not __main__'s: the commands raise vending_app.cli's
    # CliError, which a second copy of this module would not catch.
    from vending_app import cli
    sys.exit(cli.main())


