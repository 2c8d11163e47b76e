"""The clerk's commands: customer accounts, their meters and their charges."""

from __future__ import annotations

from vending_app.cli.common import (
    CliError,
    command,
    group,
    open_core,
    print_rows,
    session,
    sign_in,
    whole_arg,
)
from vending_app.operations import accounts as ops


def cmd_account_open(args):
    core, actor = session(args)
    acc = ops.open_account(core, actor, args.name, args.id_number, args.phone,
                           args.address, args.team, args.category).value
    print(acc)


def cmd_account_search(args):
    core, actor = session(args)
    print_rows(core.accounts.search(actor, args.text, args.limit))


def _remaining(items: list[str]) -> dict[str, str]:
    """--remaining METER=KWH ... as {meter: kwh}."""
    remaining = {}
    for item in items:
        meter, _, kwh = item.partition("=")
        if not kwh:
            raise CliError(f"--remaining takes METER=KWH, not '{item}'")
        remaining[meter] = kwh
    return remaining


def cmd_account_close(args):
    core = open_core(args)
    remaining = _remaining(args.remaining)
    print_rows(ops.close_account(core, sign_in(args, core), args.account, remaining,
                                 args.reason).value)


def cmd_meter_pair(args):
    core, actor = session(args)
    ops.pair_meter(core, actor, args.account, args.meter, args.type, args.ct, args.pt,
                   args.threshold)
    print(f"meter {args.meter} paired to account {args.account}")


def cmd_charge_add(args):
    core, actor = session(args)
    ops.add_charge(core, actor, args.account, args.description, args.amount, args.percent)
    print(f"charge of {args.amount} added to account {args.account}")


def register(sub) -> None:
    g = group(sub, "account", "customer accounts")
    c = command(g, "open", cmd_account_open, "open an account; prints its number")
    for opt in ["--name", "--id-number", "--phone", "--address", "--team", "--category"]:
        c.add_argument(opt, required=True)
    c = command(g, "search", cmd_account_search, "search by name, ID, phone, account, meter "
                "or card")
    c.add_argument("text")
    c.add_argument("--limit", type=whole_arg, default=50)
    c = command(g, "close", cmd_account_close, "close an account and refund what its meters "
                "have left")
    c.add_argument("account")
    c.add_argument("--remaining", nargs="+", default=[], metavar="METER=KWH")
    c.add_argument("--reason", required=True)
    _register_meters_and_charges(sub)


def _register_meters_and_charges(sub) -> None:
    g = group(sub, "meter", "meters")
    c = command(g, "pair", cmd_meter_pair, "pair a meter to an account")
    c.add_argument("account")
    c.add_argument("meter")
    c.add_argument("--type", default="single_phase",
                   choices=["single_phase", "three_phase", "three_phase_ct"])
    c.add_argument("--ct", default="1", help="CT ratio, e.g. 150/5")
    c.add_argument("--pt", default="1", help="PT ratio")
    c.add_argument("--threshold", help="low-balance threshold kWh (default by type)")
    g = group(sub, "charge", "arrears and other charges")
    c = command(g, "add", cmd_charge_add, "add a charge recovered from each purchase")
    c.add_argument("account")
    c.add_argument("--description", required=True)
    c.add_argument("--amount", required=True)
    c.add_argument("--percent", required=True, help="recovered per purchase, % of the energy "
                   "amount")
