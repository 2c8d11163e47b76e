"""Reference data an administrator keeps: tariffs and their versions,
supply areas, teams and customer categories."""

from __future__ import annotations

from vending_app.cli.catalog_upkeep import add_upkeep, register_extra
from vending_app.cli.common import command, day_arg, group, print_rows, session
from vending_app.operations import admin as ops


def cmd_tariff_list(args):
    core, actor = session(args)
    print_rows({"code": r.code, "name": r.name, "from": r.effective_from,
                "to": r.effective_to or "", "tiers": r.tiers_text(),
                "monthly_charge": r.monthly_charge}
               for r in core.catalog.tariff_rows(actor))


def cmd_tariff_add(args):
    core, actor = session(args)
    ops.add_tariff(core, actor, args.code, args.name)
    print(f"tariff {args.code.upper()} added")


def cmd_tariff_version(args):
    core, actor = session(args)
    ops.add_tariff_version(core, actor, args.code, args.effective_from, args.tiers,
                           args.monthly_charge, args.effective_to, args.note)
    print(f"tariff {args.code.upper()}: version from {args.effective_from} added")


def cmd_area_add(args):
    core, actor = session(args)
    ops.add_to_catalog(core, actor, "area", args.code, args.name)
    print(f"area {args.code.upper()} added")


def cmd_team_add(args):
    core, actor = session(args)
    ops.add_to_catalog(core, actor, "team", args.code, args.name, args.area)
    print(f"team {args.code.upper()} added")


def cmd_category_add(args):
    core, actor = session(args)
    ops.add_to_catalog(core, actor, "category", args.code, args.name, args.tariff)
    print(f"category {args.code.upper()} added")


def register(sub) -> None:
    g = group(sub, "tariff", "tariffs")
    command(g, "list", cmd_tariff_list, "list tariffs and versions (CSV)")
    c = command(g, "add", cmd_tariff_add, "add a tariff")
    c.add_argument("--code", required=True)
    c.add_argument("--name", required=True)
    c = command(g, "version", cmd_tariff_version,
                "add a version: --tiers '2160:0.5283,4200:0.5783,*:0.8283'")
    c.add_argument("--code", required=True)
    c.add_argument("--from", dest="effective_from", type=day_arg, required=True)
    c.add_argument("--to", dest="effective_to", type=day_arg)
    c.add_argument("--tiers", required=True)
    c.add_argument("--monthly-charge", default="0")
    c.add_argument("--note", default="")
    add_upkeep(g, "tariff")
    register_extra(sub, g)
    for name, fn, extra in [("area", cmd_area_add, []), ("team", cmd_team_add, ["--area"]),
                            ("category", cmd_category_add, ["--tariff"])]:
        g = group(sub, name, f"supply {name}s" if name != "category" else "customer categories")
        c = command(g, "add", fn, f"add a {name}")
        for opt in ["--code", "--name", *extra]:
            c.add_argument(opt, required=True)
        add_upkeep(g, name)
