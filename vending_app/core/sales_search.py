"""Finding sales: by customer (account number or the start of a name),
meter, receipt number or a range of days, any of them together; and the
daily report, one line per station and seller, from the same rows the
dekad sheets sum (sales, flat-price energy, adjustments, reversals,
refunds, each on the day it happened)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from db.models import (
    ApprovalStatus,
    Customer,
    Operator,
    Refund,
    RefundStatus,
    Reversal,
    Sale,
    SaleKind,
    SaleStatus,
    Shift,
    Station,
    SupplyTeam,
)
from db.models import Meter as MeterModel
from vending_app.core import validation
from vending_app.core.actor import Actor
from vending_app.core.documents import SIGNATURES, Column, Label, Section, Sheet, labelled
from vending_app.core.errors import ValidationError
from vending_app.core.money import ZERO
from vending_app.core.permissions import Permission, requires
from vending_app.core.reports import SaleRow
from vending_app.core.service import Service

COUNTED = (SaleStatus.COMMITTED, SaleStatus.REVERSED, SaleStatus.REFUNDED)  # as the ledger
SEARCH_LIMIT = 1000


@dataclass(frozen=True)
class SaleQuery:
    """What to look for; empty fields do not filter."""
    customer: str = ""  # account number, or the start of the customer's name
    meter: str = ""
    receipt: str = ""
    start: date | None = None
    end: date | None = None

    def is_empty(self) -> bool:
        return not (self.customer.strip() or self.meter.strip() or self.receipt.strip()
                    or self.start or self.end)


def _filtered(q, f: SaleQuery):
    if f.customer.strip():
        text = f.customer.strip()
        q = q.where(or_(Customer.account_no == text, Customer.name.ilike(
            text.replace("\\", "").replace("%", "").replace("_", "") + "%")))
    if f.meter.strip():
        q = q.where(MeterModel.number == validation.meter_number(f.meter))
    if f.receipt.strip():
        q = q.where(Sale.receipt_no == f.receipt.strip().upper())
    if f.start:
        q = q.where(Sale.business_date >= f.start)
    if f.end:
        q = q.where(Sale.business_date <= f.end)
    return q


DAILY_COLUMNS = (
    Column("seller", "Seller", "售电员"), Column("sales", "Sales", "笔数", "int"),
    # net of the day's reversals and refunds, as the ledger's kWh; the yuan
    # stand gross with what was paid back beside them, then net
    Column("sold_kwh", "Net kWh", "净售电量", "kwh"),
    Column("adjustment_kwh", "Adjustment kWh", "调剂电量", "kwh"),
    Column("sales_amount", "Sales (yuan)", "售电金额(元)", "money"),
    Column("reversed", "Reversals (yuan)", "冲正(元)", "money"),
    Column("refunded", "Refunds (yuan)", "退电(元)", "money"),
    Column("amount", "Net (yuan)", "净额(元)", "money"),
)
MONEY_KEYS = ("sold_kwh", "adjustment_kwh", "sales_amount", "reversed", "refunded", "amount")


def _daily_rows(s, day: date) -> dict[tuple[str, str], dict]:
    rows: dict[tuple[str, str], dict] = {}

    def acc(station, seller):
        return rows.setdefault((station, seller), {"seller": seller, "sales": 0,
                                                   **dict.fromkeys(MONEY_KEYS, ZERO)})
    q = (select(Station.code, Operator.full_name, Sale.kind, func.count(Sale.id),
                func.sum(Sale.tier_kwh), func.sum(Sale.flat_kwh), func.sum(Sale.adjustment_kwh),
                func.sum(Sale.total_amount))
         .join(Station, Station.id == Sale.station_id).join(Operator, Operator.id == Sale.operator_id)
         .where(Sale.business_date == day, Sale.status.in_(COUNTED), Sale.kind != SaleKind.TRANSFER)
         .group_by(Station.code, Operator.full_name, Sale.kind))
    for station, seller, kind, n, tier, flat, adj, amount in s.execute(q):  # summed apart:
        a = acc(station, seller)  # the kWh types read back only from their own columns
        a["adjustment_kwh"] += Decimal(adj or 0)
        if kind == SaleKind.SALE:
            a["sales"] += n
            a["sold_kwh"] += Decimal(tier or 0) + Decimal(flat or 0)
            a["sales_amount"] += Decimal(amount or 0)
    _undone(s, day, acc)
    for a in rows.values():
        a["amount"] = a["sales_amount"] - a["reversed"] - a["refunded"]
    return rows


def _undone(s, day: date, acc) -> None:
    """Reversals (in the drawer that paid back) and refunds of the day."""
    drawer = func.coalesce(Shift.operator_id, Reversal.requested_by)
    q = (select(Station.code, Operator.full_name, func.sum(Sale.total_amount),
                func.sum(Sale.tier_kwh), func.sum(Sale.flat_kwh))
         .select_from(Reversal).join(Sale, Sale.id == Reversal.sale_id)
         .outerjoin(Shift, Shift.id == Reversal.shift_id)
         .join(Station, Station.id == func.coalesce(Shift.station_id, Sale.station_id))
         .join(Operator, Operator.id == drawer)
         .where(Reversal.status == ApprovalStatus.APPROVED, Reversal.business_date == day)
         .group_by(Station.code, Operator.full_name))
    for station, seller, amount, tier, flat in s.execute(q):
        a = acc(station, seller)
        a["reversed"] += Decimal(amount or 0)
        a["sold_kwh"] -= Decimal(tier or 0) + Decimal(flat or 0)
    q = (select(Station.code, Operator.full_name, func.sum(Refund.amount), func.sum(Refund.kwh))
         .join(Station, Station.id == Refund.station_id)
         .join(Operator, Operator.id == Refund.operator_id)
         .where(Refund.business_date == day, Refund.status == RefundStatus.DONE)
         .group_by(Station.code, Operator.full_name))
    for station, seller, amount, kwh in s.execute(q):
        a = acc(station, seller)
        a["refunded"] += Decimal(amount or 0)
        a["sold_kwh"] -= Decimal(kwh or 0)


def _sum(rows: list[dict]) -> dict:
    return {"sales": sum(r["sales"] for r in rows),
            **{k: sum((r[k] for r in rows), ZERO) for k in MONEY_KEYS}}


class SalesSearchService(Service):
    """``core.sales_search``."""

    @requires(Permission.SEARCH_CUSTOMERS)
    def search(self, actor: Actor, query: SaleQuery, limit: int = SEARCH_LIMIT) -> list[SaleRow]:
        """Committed and reversed sales matching ``query``, newest first."""
        if query.is_empty():
            raise ValidationError("Say what to look for: a customer, a meter, a receipt or "
                                  "the days.")
        q = _filtered(select(Sale, Station.code, Operator.login, Customer.account_no,
                             Customer.name, SupplyTeam.code, MeterModel.number, Operator.full_name)
                      .join(Station, Station.id == Sale.station_id)
                      .join(Operator, Operator.id == Sale.operator_id)
                      .join(Customer, Customer.id == Sale.customer_id)
                      .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
                      .join(MeterModel, MeterModel.id == Sale.meter_id)
                      .where(Sale.status.in_(COUNTED)), query)
        q = q.order_by(Sale.business_date.desc(), Sale.id.desc()).limit(limit)
        with self.db.read() as s:
            rows = [SaleRow(sale.receipt_no, sale.business_date, st, op, acc, name, tm, meter,
                            sale.kind.value, sale.status.value, sale.primary_kwh, sale.flat_kwh,
                            sale.adjustment_kwh, sale.secondary_kwh, sale.energy_amount,
                            sale.fixed_charge, sale.recovered_amount, sale.total_amount, op_name)
                    for sale, st, op, acc, name, tm, meter, op_name in s.execute(q)]
        self._note(actor, "sales_search", "report", "", {
            "customer": query.customer, "meter": query.meter, "receipt": query.receipt,
            "from": query.start, "to": query.end, "found": len(rows)})
        return rows

    @requires(Permission.VIEW_REPORTS)
    def daily_report(self, actor: Actor, day: date) -> Sheet:
        """One day's takings per station, one line per seller."""
        with self.db.read() as s:
            rows = _daily_rows(s, day)
        sections = []
        for station in sorted({st for st, _ in rows}):
            mine = [r for (st, _), r in sorted(rows.items()) if st == station]
            sections.append(Section(labelled("Station", "站点", station), tuple(mine), _sum(mine)))
        self._note(actor, "report_daily", "report", day.isoformat(), {})
        return Sheet(kind="daily", title_en="Daily report", title_zh="日报表",
                     period=Label(day.isoformat(), day.isoformat(), day.isoformat()),
                     header=self.core.catalog.parameter("invoice.header"), columns=DAILY_COLUMNS,
                     sections=tuple(sections), total=_sum(list(rows.values())),
                     signatures=SIGNATURES)
