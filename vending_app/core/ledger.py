"""The ledger: every money movement of a period as one line (a sale's
priced energy, its flat-price energy, adjustments, reversals, refunds),
dated by the day it happened. Every sheet in documents.py sums these same
lines, so they agree to the fen by construction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    ApprovalStatus,
    Customer,
    LineKind,
    Meter,
    Operator,
    Refund,
    RefundStatus,
    Reversal,
    Sale,
    SaleKind,
    SaleLine,
    SaleStatus,
    Shift,
    SupplyArea,
    SupplyTeam,
)
from vending_app.core.money import ZERO

AMOUNT_FIELDS = ("sold_kwh", "flat_kwh", "adjustment_kwh", "amount")


class LedgerLine(NamedTuple):
    """A tuple, not a frozen dataclass: a dekad of a whole office is tens of
    thousands of lines, and a tuple is built several times faster."""

    day: date
    receipt_no: str
    item: str  # sale | flat | adjustment | reversal | refund
    account_no: str
    customer: str
    meter: str
    team: str
    area: str
    seller: str  # login of the operator whose drawer it went through
    shift_id: int | None
    sold_kwh: Decimal  # energy at tariff prices (negative when undone)
    flat_kwh: Decimal
    adjustment_kwh: Decimal
    amount: Decimal  # money in (negative: paid back)
    seller_name: str = ""  # what a sheet shows of that operator


def ledger(s: Session, start: date, end: date) -> list[LedgerLine]:
    """Every line of the period, ordered by day, receipt and item."""
    who = (select(Customer.account_no, Customer.name, Meter.number, SupplyTeam.code,
                  SupplyArea.code, Operator.login, Operator.full_name)
           .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
           .join(SupplyArea, SupplyArea.id == SupplyTeam.area_id))
    out = (_sale_lines(s, who, start, end) + _reversal_lines(s, who, start, end)
           + _refund_lines(s, who, start, end))
    order = {"sale": 0, "flat": 1, "adjustment": 2, "reversal": 3, "refund": 4}
    out.sort(key=lambda ln: (ln.day, ln.receipt_no or "", order[ln.item]))
    return out


def _sale_lines(s: Session, who, start: date, end: date) -> list[LedgerLine]:
    """Plain columns, not Sale objects: a dekad of a whole office is tens of
    thousands of lines, and the flat-price amounts come in one query."""
    out: list[LedgerLine] = []
    counted = (Sale.business_date >= start, Sale.business_date <= end,
               Sale.status.in_((SaleStatus.COMMITTED, SaleStatus.REVERSED, SaleStatus.REFUNDED)))
    flat = dict(s.execute(select(SaleLine.sale_id, func.sum(SaleLine.amount))
                          .join(Sale, Sale.id == SaleLine.sale_id)
                          .where(*counted, Sale.flat_kwh != 0, SaleLine.kind == LineKind.FLAT)
                          .group_by(SaleLine.sale_id)).all())
    q = (who.add_columns(Sale.id, Sale.business_date, Sale.receipt_no, Sale.shift_id, Sale.kind,
                         Sale.tier_kwh, Sale.flat_kwh, Sale.adjustment_kwh, Sale.total_amount)
         .join(Sale, Sale.customer_id == Customer.id)
         .join(Meter, Meter.id == Sale.meter_id).join(Operator, Operator.id == Sale.operator_id)
         .where(*counted, Sale.kind != SaleKind.TRANSFER))
    for (acc, name, meter, team, area, seller, seller_name, sale_id, day, receipt, shift, kind,
         tier, flat_kwh, adjustment, total) in s.connection().execute(q).all():
        if kind == SaleKind.ADJUSTMENT:
            out.append(LedgerLine(day, receipt, "adjustment", acc, name, meter, team, area,
                                  seller, shift, ZERO, ZERO, adjustment, ZERO, seller_name))
            continue
        flat_amount = flat.get(sale_id, ZERO) if flat_kwh else ZERO
        out.append(LedgerLine(day, receipt, "sale", acc, name, meter, team, area, seller, shift,
                              tier, ZERO, ZERO, total - flat_amount, seller_name))
        if flat_kwh:
            out.append(LedgerLine(day, receipt, "flat", acc, name, meter, team, area, seller,
                                  shift, ZERO, flat_kwh, ZERO, flat_amount, seller_name))
    return out


def _reversal_lines(s: Session, who, start: date, end: date) -> list[LedgerLine]:
    # A reversal belongs to the drawer that paid the money back.
    drawer = func.coalesce(Shift.operator_id, Reversal.requested_by)
    q = (who.add_columns(Sale, Reversal).join(Sale, Sale.customer_id == Customer.id)
         .join(Reversal, Reversal.sale_id == Sale.id).join(Meter, Meter.id == Sale.meter_id)
         .outerjoin(Shift, Shift.id == Reversal.shift_id)
         .join(Operator, Operator.id == drawer)
         .where(Reversal.status == ApprovalStatus.APPROVED, Reversal.business_date >= start,
                Reversal.business_date <= end))
    return [LedgerLine(day=rev.business_date, receipt_no=sale.receipt_no, item="reversal",
                       account_no=acc, customer=name, meter=meter, team=team, area=area,
                       seller=seller, seller_name=seller_name, shift_id=rev.shift_id,
                       sold_kwh=-sale.tier_kwh,
                       flat_kwh=-sale.flat_kwh, adjustment_kwh=ZERO,
                       amount=-sale.total_amount)
            for acc, name, meter, team, area, seller, seller_name, sale, rev in s.execute(q)]


def _refund_lines(s: Session, who, start: date, end: date) -> list[LedgerLine]:
    q = (who.add_columns(Refund).join(Refund, Refund.customer_id == Customer.id)
         .join(Meter, Meter.id == Refund.meter_id).join(Operator, Operator.id == Refund.operator_id)
         .where(Refund.business_date >= start, Refund.business_date <= end,
                Refund.status == RefundStatus.DONE))
    return [LedgerLine(day=ref.business_date, receipt_no=f"R{ref.id}", item="refund",
                       account_no=acc, customer=name, meter=meter, team=team, area=area,
                       seller=seller, seller_name=seller_name, shift_id=ref.shift_id,
                       sold_kwh=-ref.kwh,
                       flat_kwh=ZERO, adjustment_kwh=ZERO, amount=-ref.amount)
            for acc, name, meter, team, area, seller, seller_name, ref in s.execute(q)]


def sums(lines: Iterable[LedgerLine]) -> dict[str, Decimal]:
    """Column totals of ledger lines, and their count."""
    lines = list(lines)
    total = {f: sum(map(attrgetter(f), lines), ZERO) for f in AMOUNT_FIELDS}
    return {**total, "lines": len(lines)}
