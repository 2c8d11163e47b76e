"""Report figures as plain data: sales detail and totals per supply team or
per seller over any period (a dekad, a month). Drawing them is receipts/'s job."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select

from db.models import (
    ApprovalStatus,
    AuditEvent,
    Customer,
    Operator,
    Refund,
    RefundStatus,
    Reversal,
    Sale,
    SaleKind,
    SaleStatus,
    Station,
    SupplyTeam,
)
from db.models import Meter as MeterModel
from vending_app.core import audit, audit_seal, bulk, documents, periods, settings, summaries
from vending_app.core.actor import Actor
from vending_app.core.analysis_sheets import line_loss_sheet
from vending_app.core.errors import StateError
from vending_app.core.permissions import Permission, allowed, requires
from vending_app.core.sales import sale_by_receipt
from vending_app.core.service import Service

COUNTED = (SaleStatus.COMMITTED, SaleStatus.REVERSED, SaleStatus.REFUNDED)


@dataclass(frozen=True)
class SaleRow:
    receipt_no: str
    business_date: date
    station: str
    seller: str
    account_no: str
    customer: str
    team: str
    meter: str
    kind: str
    status: str
    primary_kwh: Decimal
    flat_kwh: Decimal
    adjustment_kwh: Decimal
    secondary_kwh: Decimal
    energy_amount: Decimal
    fixed_charge: Decimal
    recovered_amount: Decimal
    total_amount: Decimal
    seller_name: str = ""  # the window shows people by name; ``seller`` is the login


@dataclass(frozen=True)
class TotalRow:
    key: str  # team code or seller login
    sales_count: int
    sales_kwh: Decimal  # sold energy, flat-price included
    flat_kwh: Decimal
    adjustment_kwh: Decimal
    sales_amount: Decimal
    reversals_amount: Decimal
    refunds_amount: Decimal

    @property
    def net_amount(self) -> Decimal:
        return self.sales_amount - self.reversals_amount - self.refunds_amount


def _d(v) -> Decimal:
    return Decimal(v or 0)


class ReportService(Service):
    @requires(Permission.VIEW_REPORTS)
    def sales_detail(self, actor: Actor, start: date, end: date, team: str | None = None,
                     seller: str | None = None) -> list[SaleRow]:
        q = (select(Sale, Station.code, Operator.login, Customer.account_no, Customer.name,
                    SupplyTeam.code, MeterModel.number, Operator.full_name)
             .join(Station, Station.id == Sale.station_id)
             .join(Operator, Operator.id == Sale.operator_id)
             .join(Customer, Customer.id == Sale.customer_id)
             .join(SupplyTeam, SupplyTeam.id == Customer.team_id)
             .join(MeterModel, MeterModel.id == Sale.meter_id)
             .where(Sale.business_date >= start, Sale.business_date <= end,
                    Sale.status.in_(COUNTED))
             .order_by(Sale.business_date, Sale.receipt_no))
        if team:
            q = q.where(SupplyTeam.code == team.upper())
        if seller:
            q = q.where(Operator.login == seller.lower())
        self._note(actor, "report_sales_detail", "report", f"{start}..{end}",
                   {"team": team, "seller": seller})
        with self.db.read() as s:
            return [SaleRow(sale.receipt_no, sale.business_date, st, op, acc, name, tm, meter,
                            sale.kind.value, sale.status.value, sale.primary_kwh, sale.flat_kwh,
                            sale.adjustment_kwh, sale.secondary_kwh, sale.energy_amount,
                            sale.fixed_charge, sale.recovered_amount, sale.total_amount, op_name)
                    for sale, st, op, acc, name, tm, meter, op_name in s.execute(q)]

    @requires(Permission.VIEW_REPORTS)
    def totals(self, actor: Actor, start: date, end: date, by: str = "team") -> list[TotalRow]:
        """Totals per supply team (``by='team'``) or per seller (``by='seller'``)."""
        key, sale_join, refund_q = _grouping(by)
        in_period = (Sale.business_date >= start, Sale.business_date <= end)
        self._note(actor, "report_totals", "report", f"{start}..{end}", {"by": by})
        rows: dict[str, dict] = {}

        def acc(k):
            return rows.setdefault(k, dict(count=0, kwh=Decimal(0), flat=Decimal(0),
                                           adj=Decimal(0), amount=Decimal(0),
                                           rev=Decimal(0), ref=Decimal(0)))

        with self.db.read() as s:
            q = sale_join(select(key, Sale.kind, func.count(Sale.id), func.sum(Sale.primary_kwh),
                                 func.sum(Sale.flat_kwh), func.sum(Sale.adjustment_kwh),
                                 func.sum(Sale.total_amount))
                          .where(*in_period, Sale.status.in_(COUNTED))).group_by(key, Sale.kind)
            for k, kind, n, kwh, flat, adj, amount in s.execute(q):
                a = acc(k)
                if kind == SaleKind.SALE:
                    a["count"] += n
                    a["kwh"] += _d(kwh)
                    a["flat"] += _d(flat)
                    a["amount"] += _d(amount)
                a["adj"] += _d(adj)
            rq = sale_join(select(key, func.sum(Sale.total_amount))
                           .select_from(Reversal).join(Sale, Sale.id == Reversal.sale_id)
                           .where(Reversal.business_date >= start, Reversal.business_date <= end,
                                  Reversal.status == ApprovalStatus.APPROVED)).group_by(key)
            for k, amount in s.execute(rq):
                acc(k)["rev"] += _d(amount)
            fq = refund_q.where(Refund.business_date >= start, Refund.business_date <= end,
                               Refund.status == RefundStatus.DONE).group_by(key)
            for k, amount in s.execute(fq):
                acc(k)["ref"] += _d(amount)
            return [TotalRow(k, a["count"], a["kwh"], a["flat"], a["adj"], a["amount"], a["rev"],
                             a["ref"]) for k, a in sorted(rows.items())]


def _grouping(by: str):
    """What the totals are grouped by (a team or a seller): the key, how a
    sale query reaches it, and the refunds' query by it."""
    if by == "team":
        key = SupplyTeam.code
        sale_join = lambda q: q.join(Customer, Customer.id == Sale.customer_id).join(  # noqa: E731
            SupplyTeam, SupplyTeam.id == Customer.team_id)
        refund_q = (select(key, func.sum(Refund.amount))
                    .join(Customer, Customer.id == Refund.customer_id)
                    .join(SupplyTeam, SupplyTeam.id == Customer.team_id))
    elif by == "seller":
        key = Operator.login
        sale_join = lambda q: q.join(Operator, Operator.id == Sale.operator_id)  # noqa: E731
        refund_q = select(key, func.sum(Refund.amount)).join(
            Operator, Operator.id == Refund.operator_id)
    else:
        raise ValueError("by must be 'team' or 'seller'")
    return key, sale_join, refund_q


class InvoiceToPrint(NamedTuple):
    invoice: documents.Invoice
    printer: str  # the station's parameter printer.invoice ('' or 'preview': none)
    paper: str  # invoice.paper


class DocumentService(Service):
    """The documents of ``core.documents``, with their permissions and audit."""

    def _header(self, s) -> str:
        return settings.read(s, "invoice.header", self.core.station_code)

    def invoice(self, actor: Actor, receipt_no: str, copy: bool = False) -> documents.Invoice:
        """The invoice of a sale: printed with the sale by its seller, or
        reprinted later as a marked copy (same receipt number)."""
        need = Permission.SELL if not copy else Permission.REPRINT_INVOICE
        if not allowed(actor.role, need):
            self._refuse(actor, "DocumentService.invoice", need)
        with self.db.read() as s:
            sale = sale_by_receipt(s, str(receipt_no).strip())
            if sale.status not in COUNTED:
                raise StateError("Receipt {receipt} is not a committed sale.", receipt=receipt_no)
            inv = documents.invoice_of(s, sale, self._header(s), copy, self.core.clock().tzinfo)
        self._note(actor, "invoice_reprint" if copy else "invoice_print", "sale", sale.id,
                   {"receipt": inv.receipt_no})
        return inv

    def invoice_to_print(self, actor: Actor, receipt_no: str,
                         copy: bool = False) -> InvoiceToPrint:
        """The invoice, with where this station prints invoices and on what paper."""
        inv = self.invoice(actor, receipt_no, copy)
        with self.db.read() as s:
            return InvoiceToPrint(inv, settings.read(s, "printer.invoice", self.core.station_code),
                                  settings.read(s, "invoice.paper", self.core.station_code))

    @requires(Permission.VIEW_REPORTS)
    def dekad_sheet(self, actor: Actor, year: int, month: int, index: int, by: str = "seller",
                    only: str | None = None) -> documents.Sheet:
        period = periods.dekad(year, month, index)
        with self.db.read() as s, bulk.building():
            lines = documents.ledger(s, period.start, period.end)
            sheet = documents.dekad_sheet(lines, by, _label(period), self._header(s), only)
            sheet = _anchored(s, sheet)
        self._note(actor, "report_dekad_sheet", "report", period.label, {"by": by, "only": only})
        return sheet

    @requires(Permission.VIEW_REPORTS)
    def month_end(self, actor: Actor, year: int, month: int) -> documents.Sheet:
        period = periods.month(year, month)
        with self.db.read() as s:
            header = self._header(s)
            totals = summaries.team_totals(s, period.start, period.end)
            sheet = documents.month_end_sheet(totals, _label(period), header)
            sheet = _anchored(s, sheet)
        trend = self.core.line_loss.trend_rows(year, month, 12)
        loss = line_loss_sheet([r for r in trend if r.period == period.label], trend,
                               _label(period), header)
        sheet = dataclasses.replace(sheet, appendix=(loss,))
        self._note(actor, "report_month_end", "report", period.label, {})
        return sheet

    def shift_report(self, actor: Actor, shift_id: int | None = None,
                     z: bool = True) -> documents.Sheet:
        """X or Z report: a seller's own shift (the open one by default), or
        any shift for those who may read reports."""
        if shift_id is None:
            shift_id = self.core.shifts.current(actor)
            if shift_id is None:
                raise StateError("You have no shift open.")
        fig = self.core.shifts.figures_of(actor, shift_id)  # checks who may see it
        with self.db.read() as s:
            sheet = documents.shift_sheet(fig, z, s.get(Operator, fig.operator_id).full_name,
                                          s.get(Station, fig.station_id).code, self._header(s),
                                          self.core.clock().tzinfo)
        self._note(actor, "report_shift_z" if z else "report_shift_x", "shift", shift_id, {})
        return sheet


def _anchored(s, sheet: documents.Sheet) -> documents.Sheet:
    """The chain head when the sheet was built, printed on it: an anchor kept
    outside the database ('audit verify --anchor' finds it in the chain)."""
    fact = documents.Fact("Audit chain head", "审计链头", audit.head_anchor(s))
    return dataclasses.replace(sheet, facts=sheet.facts + (fact,))


def _label(period: periods.Period) -> documents.Label:
    """The period as printed (unchanged), and in each language for a window."""
    span = f"{period.start.isoformat()} .. {period.end.isoformat()}"
    year, month, *dekad = period.label.replace(" D", "-").split("-")
    zh = f"{year}年{int(month)}月" + (f"第{dekad[0]}旬" if dekad else "")
    return documents.Label(f"{period.label} ({span})",
                           f"{zh}（{period.start.isoformat()} 至 {period.end.isoformat()}）",
                           f"{period.label} ({span})")


@dataclass(frozen=True)
class AuditRow:
    """One audit event as the audit page lists it."""
    id: int
    at: datetime
    station: str
    operator: str | None
    action: str
    outcome: str
    entity: str
    entity_id: str
    detail: dict | str | None


class AuditService(Service):
    @requires(Permission.VIEW_AUDIT)
    def verify_chain(self, actor: Actor, anchors: tuple[str, ...] = ()) -> audit.ChainReport:
        """The plain hashes; the seals too when this station holds the
        unlocked keys; and each anchor (a chain head printed on a sheet)."""
        anchors = tuple(audit_seal.parse_anchor(a) for a in anchors)
        with self.db.read() as s:
            report = audit_seal.verify(s, self.db.audit_sealer, anchors)
        with self.db.write() as s:
            audit.append(s, actor, "audit_verify", "audit", "", {
                "ok": report.ok, "checked": report.checked, "broken_at": report.broken_at,
                "seals_checked": report.seals_checked, "unsealed": report.unsealed,
                "anchors": list(anchors)},
                outcome=audit.AuditOutcome.OK if report.ok else audit.AuditOutcome.FAILED)
        return report

    @requires(Permission.VIEW_AUDIT)
    def recent(self, actor: Actor, limit: int = 100) -> list[AuditRow]:
        with self.db.read() as s:
            return [AuditRow(e.id, e.at, e.station_code, e.operator_login, e.action,
                             e.outcome.value, e.entity, e.entity_id, e.detail)
                    for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())
                                       .limit(limit))]
