"""Selling: quotes, a sale on the card in the reader, the requests that
need an administrator (adjustments, quotas, reversals), their approval, and
the recovery of interrupted sales."""

from __future__ import annotations

import sys

from vending_app import applog
from vending_app.cli.common import (
    card_session,
    command,
    day_arg,
    deliver_invoice,
    group,
    print_rows,
    session,
    whole_arg,
)
from vending_app.core.money import parse_kwh, parse_money
from vending_app.operations import sales as ops


def cmd_quote(args):
    core, actor = session(args)
    q = core.sales.quote(actor, args.meter, kwh=args.kwh, amount=args.amount)
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


def cmd_sell(args):
    # Typing mistakes are refused before the keys are unlocked and the card is read.
    kwh = parse_kwh(args.kwh) if args.kwh is not None else None
    amount = parse_money(args.amount) if args.amount is not None else None
    tendered = (parse_money(args.tendered, "Cash tendered", allow_zero=True)
                if args.tendered is not None else None)
    core, actor, station = card_session(args)
    sold = ops.sell(core, actor, station, kwh=kwh, amount=amount, tendered=tendered).value
    check, sale = sold.check, sold.sale
    q = sale.quote
    print(f"receipt {sale.receipt_no}: {q.primary_kwh} kWh for {q.total} yuan to meter "
          f"{check.meter_number}; card gets {q.secondary_kwh} kWh (purchase {sale.purchase_seq}); "
          f"change {sale.change}")
    _after_commit(core, actor, sale.receipt_no)


def _after_commit(core, actor, receipt_no: str) -> None:
    """The sale is committed: whatever fails from here on (a full disk, a
    printer, a bug) is a warning, never an error that reads as a lost sale."""
    try:
        print(deliver_invoice(core, actor, receipt_no))
    except Exception as e:  # noqa: BLE001 - the sale stands; the invoice can be printed again
        applog.failure(f"invoice {receipt_no} after its sale", e)
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        print(f"warning: sale {receipt_no} is committed, but its invoice was not printed: "
              f"{reason} (print it again: vending-station-cli invoice {receipt_no} --copy)",
              file=sys.stderr)


def cmd_adjustment_request(args):
    core, actor = session(args)
    aid = ops.request_adjustment(core, actor, args.meter, args.kwh, args.reason).value
    print(f"adjustment {aid} requested: an administrator must approve it")


def cmd_quota_request(args):
    core, actor = session(args)
    qid = ops.request_quota(core, actor, args.account, args.kwh, args.price,
                            args.reason, args.valid_from, args.valid_to).value
    print(f"flat-price quota {qid} requested: an administrator must approve it")


def cmd_reversal_request(args):
    core, actor = session(args)
    rid = ops.request_reversal(core, actor, args.receipt, args.reason).value
    print(f"reversal {rid} requested: an administrator must approve it")


def cmd_approvals(args):
    core, actor = session(args)
    print_rows(core.adjustments.approval_queue(actor))


def cmd_decide(args):
    core, actor = session(args)
    approve = args.command == "approve"
    ops.decide(core, actor, args.kind, args.id, approve)
    print(f"{args.kind} {args.id} {'approved' if approve else 'rejected'}")


def cmd_recover(args):
    core, actor = session(args)
    waiting = ops.recover_at_start(core, actor).value
    print_rows(list(waiting.sales))
    if waiting.sales:
        print(f"{len(waiting.sales)} sale(s) wait for their card: put each card in the reader "
              "and read it ('card read') to settle them", file=sys.stderr)
    if waiting.refunds:  # the card decides: paid if it no longer holds them, else rolled back
        print(f"{len(waiting.refunds)} refund(s) wait for their card: "
              + ", ".join(f"refund {r.refund_id} (meter {r.meter_number})"
                          for r in waiting.refunds)
              + "; read each card ('card read') to settle them", file=sys.stderr)


def register(sub) -> None:
    _register_requests(sub)
    command(sub, "approvals", cmd_approvals, "what waits for an administrator (CSV)")
    command(sub, "recover", cmd_recover, "settle interrupted sales and refunds the meters proved; "
            "list the sales left (CSV), the refunds left on stderr")
    for verb in ("approve", "reject"):
        c = command(sub, verb, cmd_decide, f"{verb} a request")
        c.add_argument("kind", choices=["adjustment", "quota", "reversal", "shift"])
        c.add_argument("id", type=whole_arg)
    c = command(sub, "quote", cmd_quote, "price a purchase (kWh or money)")
    c.add_argument("meter")
    how = c.add_mutually_exclusive_group(required=True)
    how.add_argument("--kwh")
    how.add_argument("--amount")
    c = command(sub, "sell", cmd_sell, "sell on the card in the reader")
    how = c.add_mutually_exclusive_group(required=True)
    how.add_argument("--kwh")
    how.add_argument("--amount")
    c.add_argument("--tendered")


def _register_requests(sub) -> None:
    g = group(sub, "adjustment", "adjustment energy (needs approval)")
    c = command(g, "request", cmd_adjustment_request, "request adjustment energy for a meter")
    c.add_argument("meter")
    c.add_argument("--kwh", required=True)
    c.add_argument("--reason", required=True)
    g = group(sub, "quota", "monthly flat-price quotas (need approval)")
    c = command(g, "request", cmd_quota_request, "request a monthly flat-price quota")
    c.add_argument("account")
    c.add_argument("--kwh", required=True, help="kWh per month")
    c.add_argument("--price", required=True)
    c.add_argument("--reason", required=True)
    c.add_argument("--from", dest="valid_from", type=day_arg, required=True)
    c.add_argument("--to", dest="valid_to", type=day_arg)
    g = group(sub, "reversal", "reversals of sales that never reached the meter")
    c = command(g, "request", cmd_reversal_request, "request a reversal by receipt number")
    c.add_argument("receipt")
    c.add_argument("--reason", required=True)
