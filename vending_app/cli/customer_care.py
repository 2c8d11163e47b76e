"""Customer maintenance and refunds on demand: corrections kept as history,
change of owner, category and team, suspension, unpairing one meter, and
taking back a meter's unapplied purchases (退电)."""

from __future__ import annotations

from vending_app.cli.common import card_session, command, day_arg, group, print_rows, session
from vending_app.core.customer_edits import DetailsEdit
from vending_app.operations import customer_care as care


def cmd_edit(args):
    core, actor = session(args)
    edit = DetailsEdit(name=args.name, phone=args.phone, id_number=args.id_number,
                       address=args.address)
    care.edit_details(core, actor, args.account, edit, args.reason)
    print(f"account {args.account} corrected")


def cmd_history(args):
    core, actor = session(args)
    print_rows(core.customers.history(actor, args.account))


def cmd_owner(args):
    core, actor = session(args)
    care.change_owner(core, actor, args.account, args.name, args.id_number, args.date,
                      args.phone, args.reason)
    print(f"account {args.account} now held by {args.name} from {args.date}")


def cmd_category(args):
    core, actor = session(args)
    care.change_category(core, actor, args.account, args.category, args.date,
                         args.reason)
    print(f"account {args.account}: category {args.category.upper()} from {args.date}")


def cmd_team(args):
    core, actor = session(args)
    care.change_team(core, actor, args.account, args.team, args.reason)
    print(f"account {args.account}: team {args.team.upper()}")


def cmd_suspend(args):
    core, actor = session(args)
    care.set_suspended(core, actor, args.account, True, args.reason)
    print(f"account {args.account} suspended: no sales until it is reactivated")


def cmd_reactivate(args):
    core, actor = session(args)
    care.set_suspended(core, actor, args.account, False, args.reason)
    print(f"account {args.account} reactivated")


def cmd_unpair(args):
    core, actor, station = card_session(args)
    print_rows(care.unpair_meter(core, actor, station, args.meter, args.remaining,
                                 args.reason).value)


def cmd_refund(args):
    core, actor, station = card_session(args)
    print_rows([care.refund_on_demand(core, actor, station, args.reason).value])


def cmd_refunds_pending(args):
    core, actor = session(args)
    print_rows(core.refunds.pending(actor))


def register(sub) -> None:
    g = group(sub, "customer", "customer maintenance and refunds on demand")
    c = command(g, "edit", cmd_edit, "correct a customer's details (the old values are kept)")
    c.add_argument("account")
    for opt in ["--name", "--phone", "--id-number", "--address"]:
        c.add_argument(opt)
    c.add_argument("--reason", default="correction")
    c = command(g, "history", cmd_history, "every change of an account, newest first")
    c.add_argument("account")
    c = command(g, "owner", cmd_owner, "change of owner: meters and balances stay")
    c.add_argument("account")
    c.add_argument("--name", required=True)
    c.add_argument("--id-number", required=True)
    c.add_argument("--phone")
    c.add_argument("--date", required=True, type=day_arg, help="effective date YYYY-MM-DD")
    c.add_argument("--reason", default="change of owner")
    c = command(g, "category", cmd_category, "change the category; sales from DATE use it")
    c.add_argument("account")
    c.add_argument("category")
    c.add_argument("--date", required=True, type=day_arg, help="effective date YYYY-MM-DD")
    c.add_argument("--reason", default="change of category")
    c = command(g, "team", cmd_team, "move the account to another supply team")
    c.add_argument("account")
    c.add_argument("team")
    c.add_argument("--reason", default="change of team")
    for name, fn, help_ in [("suspend", cmd_suspend, "no sales until reactivated"),
                            ("reactivate", cmd_reactivate, "allow sales again")]:
        c = command(g, name, fn, help_)
        c.add_argument("account")
        c.add_argument("--reason", required=True)
    _register_card_commands(g)


def _register_card_commands(g) -> None:
    c = command(g, "unpair", cmd_unpair, "unpair one meter (its card in the reader): refund "
                "its unapplied purchases card first, then what it shows")
    c.add_argument("meter")
    c.add_argument("--remaining", default="0", help="secondary kWh the meter shows")
    c.add_argument("--reason", required=True)
    c = command(g, "refund", cmd_refund, "refund on demand: take the unapplied purchases off "
                "the card in the reader and pay them back")
    c.add_argument("--reason", required=True)
    c = command(g, "refunds-pending", cmd_refunds_pending, "refunds waiting for their card")
