"""A customer's statement (对账单) over a period: every purchase,
adjustment, reversal, refund and charge of the account, dated as the
sheets date them, with the figures at the opening and the close.

The lines are the account's share of the office's ledger
(``documents.ledger``), read straight for this one customer, plus the
charges (arrears) added to the account. Each line moves three figures:
energy credited (primary kWh, net of what was undone or refunded), money
paid in (net of what was paid back) and charges outstanding. The opening
figures are the same lines summed from the account's first day to the day
before the period, so closing = opening + the period's total, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    ApprovalStatus,
    Charge,
    Customer,
    CustomerCategory,
    LineKind,
    Meter,
    Refund,
    RefundStatus,
    Reversal,
    Sale,
    SaleKind,
    SaleLine,
    SaleStatus,
)
from vending_app.core.accounts import customer_by_account
from vending_app.core.actor import Actor
from vending_app.core.documents import ITEM_NAMES, Column, Fact, Label, Section, Sheet
from vending_app.core.errors import ValidationError
from vending_app.core.money import ZERO
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

COUNTED = (SaleStatus.COMMITTED, SaleStatus.REVERSED, SaleStatus.REFUNDED)  # as the ledger
FIGURES = ("kwh", "amount", "charges")
ITEMS = {**ITEM_NAMES, "sale": Label("purchase", "购电"), "charge": Label("charge added", "新增欠费")}
COLUMNS = (Column("day", "Date", "日期", "date"), Column("receipt_no", "Receipt", "票号"),
           Column("item", "Item", "项目"), Column("meter", "Meter", "表号"),
           Column("kwh", "Energy kWh", "电量(kWh)", "kwh"),
           Column("amount", "Paid (yuan)", "交款(元)", "money"),
           Column("charges", "Charges owed (yuan)", "欠费变动(元)", "money"),
           Column("note", "Note", "说明"))


@dataclass(frozen=True)
class StatementLine:
    day: date
    receipt_no: str
    item: str  # sale | adjustment | reversal | refund | charge
    meter: str
    kwh: Decimal  # energy credited (negative: undone or refunded)
    amount: Decimal  # money paid in (negative: paid back)
    charges: Decimal  # change in what the customer owes (negative: recovered)
    note: str = ""


def _sales(s: Session, cid: int, start: date, end: date) -> list[StatementLine]:
    recovered = (select(func.coalesce(func.sum(SaleLine.amount), 0))
                 .where(SaleLine.sale_id == Sale.id, SaleLine.kind == LineKind.RECOVERY)
                 .scalar_subquery())
    q = (select(Sale, Meter.number, recovered).join(Meter, Meter.id == Sale.meter_id)
         .where(Sale.customer_id == cid, Sale.status.in_(COUNTED), Sale.kind != SaleKind.TRANSFER,
                Sale.business_date >= start, Sale.business_date <= end))
    out = []
    for sale, meter, rec in s.execute(q):
        if sale.kind == SaleKind.ADJUSTMENT:
            out.append(StatementLine(sale.business_date, sale.receipt_no or "", "adjustment", meter,
                                     sale.adjustment_kwh, ZERO, ZERO))
        else:
            out.append(StatementLine(sale.business_date, sale.receipt_no or "", "sale", meter,
                                     sale.tier_kwh + sale.flat_kwh, sale.total_amount,
                                     -Decimal(rec)))
    q = (select(Sale, Reversal.business_date, Meter.number, recovered)
         .join(Reversal, Reversal.sale_id == Sale.id).join(Meter, Meter.id == Sale.meter_id)
         .where(Sale.customer_id == cid, Reversal.status == ApprovalStatus.APPROVED,
                Reversal.business_date >= start, Reversal.business_date <= end))
    for sale, day, meter, rec in s.execute(q):
        out.append(StatementLine(day, sale.receipt_no or "", "reversal", meter,
                                 -(sale.tier_kwh + sale.flat_kwh), -sale.total_amount,
                                 Decimal(rec)))
    return out


def _refunds_and_charges(s: Session, cid: int, start: date, end: date, tz) -> list[StatementLine]:
    q = (select(Refund, Meter.number).join(Meter, Meter.id == Refund.meter_id)
         .where(Refund.customer_id == cid, Refund.business_date >= start,
                Refund.business_date <= end, Refund.status == RefundStatus.DONE))
    out = [StatementLine(r.business_date, f"R{r.id}", "refund", meter, -r.kwh, -r.amount,
                         -r.charges_deducted, r.reason) for r, meter in s.execute(q)]
    since = datetime.combine(start, time(), tz).astimezone(UTC) if start > date.min else None
    until = datetime.combine(end + timedelta(days=1), time(), tz).astimezone(UTC)
    q = select(Charge).where(Charge.customer_id == cid, Charge.created_at < until)
    if since is not None:
        q = q.where(Charge.created_at >= since)
    out += [StatementLine(c.created_at.astimezone(tz).date(), f"C{c.id}", "charge", "", ZERO,
                          ZERO, c.total, c.description) for c in s.scalars(q)]
    return out


def statement_lines(s: Session, cid: int, start: date, end: date, tz) -> list[StatementLine]:
    """The account's lines from ``start`` to ``end`` (inclusive), in order."""
    lines = _sales(s, cid, start, end) + _refunds_and_charges(s, cid, start, end, tz)
    order = {"charge": 0, "sale": 1, "adjustment": 2, "reversal": 3, "refund": 4}
    return sorted(lines, key=lambda ln: (ln.day, order[ln.item], ln.receipt_no))


def totals(lines) -> dict[str, Decimal]:
    return {f: sum((getattr(ln, f) for ln in lines), ZERO) for f in FIGURES}


def _facts(customer: Customer, category: str, meters: str, opening: dict, closing: dict):
    def money(v):
        return f"{v:,.2f}"
    return (Fact("Account", "户号", customer.account_no), Fact("Customer", "户名", customer.name),
            Fact("Address", "地址", customer.address), Fact("Category", "用户类型", category),
            Fact("Meters", "表号", meters),
            Fact("Opening: energy credited kWh", "期初：累计购电量", money(opening["kwh"])),
            Fact("Opening: paid yuan", "期初：累计交款(元)", money(opening["amount"])),
            Fact("Opening: charges owed yuan", "期初：欠费(元)", money(opening["charges"])),
            Fact("Closing: energy credited kWh", "期末：累计购电量", money(closing["kwh"])),
            Fact("Closing: paid yuan", "期末：累计交款(元)", money(closing["amount"])),
            Fact("Closing: charges owed yuan", "期末：欠费(元)", money(closing["charges"])))


def _row(ln: StatementLine) -> dict:
    money = ln.item != "charge"  # a charge added moves no energy and no money
    return {"day": ln.day, "receipt_no": ln.receipt_no, "item": ITEMS[ln.item], "meter": ln.meter,
            "kwh": ln.kwh if money else None, "amount": ln.amount if money else None,
            "charges": ln.charges, "note": ln.note}


class StatementService(Service):
    """``core.statements``."""

    @requires(Permission.SEARCH_CUSTOMERS)
    def statement(self, actor: Actor, account_no: str, start: date, end: date,
                  header: str = "") -> Sheet:
        if end < start:
            raise ValidationError("The period ends before it starts.")
        tz = self.core.clock().tzinfo
        header = header or self.core.catalog.parameter("invoice.header")
        with self.db.read() as s:
            c = customer_by_account(s, account_no)
            lines = statement_lines(s, c.id, start, end, tz)
            opening = totals(statement_lines(s, c.id, date.min, start - timedelta(days=1), tz))
            category = s.get(CustomerCategory, c.category_id).code
            meters = ", ".join(m.number for m in sorted(c.meters, key=lambda m: m.id))
        period = totals(lines)
        closing = {f: opening[f] + period[f] for f in FIGURES}
        self._note(actor, "customer_statement", "customer", c.id,
                   {"account": c.account_no, "from": start, "to": end, "lines": len(lines)})
        span = f"{start.isoformat()} .. {end.isoformat()}"
        return Sheet(kind="statement", title_en="Customer statement", title_zh="客户对账单",
                     period=Label(span, f"{start.isoformat()} 至 {end.isoformat()}", span),
                     header=header, columns=COLUMNS,
                     subtitle=f"{c.name} · {c.account_no}",
                     sections=(Section("", tuple(map(_row, lines)), {}),),
                     total=period, facts=_facts(c, category, meters, opening, closing),
                     signatures=(("Prepared by", "制表"), ("Customer", "客户")))
