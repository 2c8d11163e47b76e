"""Renaming and retiring catalogue entries, trying a tariff version on a
customer, and the whole catalogue listed (retired entries too)."""

from __future__ import annotations

from vending_app.cli.common import command, day_arg, print_rows, session
from vending_app.operations import admin as ops


def cmd_rename(args):
    core, actor = session(args)
    code = ops.rename_in_catalog(core, actor, args.kind, args.code, args.name).value
    print(f"{args.kind} {code} renamed")


def cmd_retire(args):
    core, actor = session(args)
    code = ops.set_active_in_catalog(core, actor, args.kind, args.code, False).value
    print(f"{args.kind} {code} retired: it takes no new customers")


def cmd_reinstate(args):
    core, actor = session(args)
    code = ops.set_active_in_catalog(core, actor, args.kind, args.code, True).value
    print(f"{args.kind} {code} reinstated")


def cmd_catalog_list(args):
    core, actor = session(args)
    print_rows(ops.catalog_rows(core, actor))


def cmd_tariff_preview(args):
    core, actor = session(args)
    p = core.previews.preview(actor, args.account, args.kwh, args.code, args.effective_from)
    q = p.quote
    lines = [f"account       {p.account_no} {p.customer}",
             f"tariff        {p.tariff_code} from {p.version_from}, priced as of {p.on}",
             f"year so far   {p.cumulative_before} kWh at tariff prices"]
    lines += [f"  tier {t.tier_index + 1}      {t.kwh} kWh x {t.price} = {t.amount}"
              for t in q.tier_lines]
    if q.fixed_charge:
        lines.append(f"monthly charge {q.fixed_charge}")
    lines += [f"recovered     {r.amount} ({r.description})" for r in q.recoveries]
    lines.append(f"total         {q.total}")
    print("\n".join(lines))


def add_upkeep(g, kind: str) -> None:
    """rename, retire and reinstate in a catalogue group ('tariff', 'area'...)."""
    for name, fn, text in [("rename", cmd_rename, f"rename a {kind} (its code stays)"),
                           ("retire", cmd_retire, f"retire a {kind}: no new customers"),
                           ("reinstate", cmd_reinstate, f"undo retiring a {kind}")]:
        c = command(g, name, fn, text)
        c.set_defaults(kind=kind)
        c.add_argument("code")
        if name == "rename":
            c.add_argument("--name", required=True)


def register_extra(sub, tariff_group) -> None:
    c = command(tariff_group, "preview", cmd_tariff_preview,
                "what a purchase would cost a customer on a tariff version")
    c.add_argument("account")
    c.add_argument("--kwh", required=True)
    c.add_argument("--code", help="tariff (default: the customer's)")
    c.add_argument("--from", dest="effective_from", type=day_arg,
                   help="the version starting that day (default: the newest)")
    g = sub.add_parser("catalog", help="the catalogue").add_subparsers(dest="sub", required=True)
    command(g, "list", cmd_catalog_list, "tariffs, areas, teams and categories, retired too (CSV)")
