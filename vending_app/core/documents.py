"""What finance and the counter hold in their hands, as plain data: the
invoice of a sale, the dekad sales detail sheets, the month-end team
assessment and the shift reports. ``receipts/`` draws them (PDF, thermal
paper, CSV, XLSX); every figure and every total is computed here, exactly,
so a document never adds anything up itself.

All money movements of a period come from one ledger (``ledger``): a sale's
priced energy, its flat-price energy, adjustments, reversals and refunds are
each a line, dated by the day they happened. The dekad sheets, the month-end
report and the shift reports all sum those same lines, so they agree to the
fen by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.orm import Session

from db.models import (
    Customer,
    LineKind,
    Meter,
    Operator,
    Sale,
    Station,
    Tariff,
    TariffVersion,
)
from vending_app.core.capitals import to_capitals
from vending_app.core.ledger import (  # noqa: F401 - the documents' one source
    AMOUNT_FIELDS,
    LedgerLine,
    ledger,
    sums,
)
from vending_app.core.money import ZERO


# --- the invoice -------------------------------------------------------------
@dataclass(frozen=True)
class InvoiceLine:
    item: str  # tier | flat | fixed_charge | recovery
    description: str
    kwh: Decimal | None
    price: Decimal | None
    amount: Decimal


@dataclass(frozen=True)
class Invoice:
    header: str
    receipt_no: str
    issued_at: datetime  # local time of the commit
    station: str
    seller: str
    customer: str
    account_no: str
    meter_number: str
    multiplier: int
    kind: str  # sale | adjustment | transfer
    purchase_seq: int
    primary_kwh: Decimal
    secondary_kwh: Decimal
    carry_in_kwh: Decimal
    carry_out_kwh: Decimal
    tariff: str  # code and version start, e.g. "RES 2020-01-01"
    lines: tuple[InvoiceLine, ...]
    total: Decimal
    total_capitals: str
    tendered: Decimal
    change: Decimal
    copy: bool  # a reprint: marked as a copy, same receipt number

    @property
    def lines_total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), ZERO)


def invoice_of(s: Session, sale: Sale, header: str, copy: bool, tz) -> Invoice:
    version = s.get(TariffVersion, sale.tariff_version_id) if sale.tariff_version_id else None
    tariff = (f"{s.get(Tariff, version.tariff_id).code} {version.effective_from.isoformat()}"
              if version else "")
    lines = tuple(InvoiceLine(ln.kind.value, _line_description(ln), ln.kwh, ln.price, ln.amount)
                  for ln in sale.lines)
    customer = s.get(Customer, sale.customer_id)
    return Invoice(
        header=header, receipt_no=sale.receipt_no or "", station=s.get(Station, sale.station_id).code,
        issued_at=(sale.committed_at or sale.created_at).astimezone(tz),
        seller=s.get(Operator, sale.operator_id).full_name, customer=customer.name,
        account_no=customer.account_no, meter_number=s.get(Meter, sale.meter_id).number,
        multiplier=sale.multiplier, kind=sale.kind.value, purchase_seq=sale.purchase_seq,
        primary_kwh=sale.primary_kwh, secondary_kwh=sale.secondary_kwh,
        carry_in_kwh=sale.carry_in_kwh, carry_out_kwh=sale.carry_out_kwh, tariff=tariff,
        lines=lines, total=sale.total_amount, total_capitals=to_capitals(sale.total_amount),
        tendered=sale.tendered, change=sale.change, copy=copy)


def _line_description(ln) -> str:
    if ln.kind == LineKind.TIER:
        return f"tier {ln.tier_index + 1}"
    return ln.description


class Label(str):
    """Words in both languages. As a string it is the bilingual text the
    paper and the exports print ("sale 售电"); a window in one language
    shows ``.en`` or ``.zh`` instead, never the pair."""

    en: str
    zh: str

    def __new__(cls, en: str, zh: str, both: str | None = None):
        self = super().__new__(cls, f"{en} {zh}" if both is None else both)
        self.en, self.zh = en, zh
        return self

    def __reduce__(self):  # pickles keep both languages
        return Label, (self.en, self.zh, str(self))


def labelled(en: str, zh: str, value) -> Label:
    """A heading with a value: "Seller: Sun Li" / "售电员：Sun Li", printed
    as "Seller 售电员: Sun Li"."""
    return Label(f"{en}: {value}", f"{zh}：{value}", f"{en} {zh}: {value}")


# --- sheets --------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str
    kind: str = "text"  # text | money | kwh | int | date


@dataclass(frozen=True)
class Section:
    heading: str
    rows: tuple[dict, ...]
    subtotal: dict


@dataclass(frozen=True)
class Chart:
    """A line chart under a sheet: one line per series, a point per label
    (None where there is no value)."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple], ...]


class Fact(NamedTuple):
    """A line above a sheet's table: its label in each language, and its value."""
    en: str
    zh: str
    value: str


@dataclass(frozen=True)
class Sheet:
    """A tabular report: sections of rows with their subtotals and a total."""

    kind: str
    title_en: str
    title_zh: str
    period: str
    header: str
    columns: tuple[Column, ...]
    sections: tuple[Section, ...]
    total: dict
    signatures: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = field(default=())  # above the table
    appendix: tuple[Sheet, ...] = ()  # further tables printed after this one
    chart: Chart | None = None
    subtitle: str = ""  # under the title: whose sheet it is (a statement's customer)


DETAIL_COLUMNS = (
    Column("day", "Date", "日期", "date"), Column("receipt_no", "Receipt", "票号"),
    Column("item", "Item", "项目"), Column("account_no", "Account", "户号"),
    Column("customer", "Customer", "户名"), Column("meter", "Meter", "表号"),
    Column("sold_kwh", "Tariff kWh", "售电量", "kwh"),
    Column("flat_kwh", "Flat-price kWh", "平价电量", "kwh"),
    Column("adjustment_kwh", "Adjustment kWh", "调剂电量", "kwh"),
    Column("amount", "Amount (yuan)", "金额(元)", "money"),
)
ITEM_NAMES = {"sale": Label("sale", "售电"), "flat": Label("flat-price", "平价"),
              "adjustment": Label("adjustment", "调剂"), "reversal": Label("reversal", "冲正"),
              "refund": Label("refund", "退电")}
SIGNATURES = (("Prepared by", "制表"), ("Seller", "售电员"), ("Checked by", "审核"),
              ("Finance", "财务"))


def _row(ln: LedgerLine) -> dict:
    return {"day": ln.day, "receipt_no": ln.receipt_no, "item": ITEM_NAMES[ln.item],
            "account_no": ln.account_no, "customer": ln.customer, "meter": ln.meter,
            "sold_kwh": ln.sold_kwh, "flat_kwh": ln.flat_kwh,
            "adjustment_kwh": ln.adjustment_kwh, "amount": ln.amount}


def dekad_sheet(lines: list[LedgerLine], by: str, period_label: str, header: str,
                only: str | None = None) -> Sheet:
    """The dekad sales detail sheet, one section per seller or supply team."""
    if by not in ("seller", "team"):
        raise ValueError("by must be 'seller' or 'team'")
    groups: dict[str, list[LedgerLine]] = {}
    for ln in lines:
        key = getattr(ln, by)
        if only is None or key == only:
            groups.setdefault(key, []).append(ln)
    def heading(key: str, rows: list[LedgerLine]) -> Label:
        if by == "seller":  # grouped by login, shown by name
            return labelled("Seller", "售电员", rows[0].seller_name or key)
        return labelled("Team", "供电所", key)

    sections = tuple(Section(heading(key, rows), tuple(_row(ln) for ln in rows), sums(rows))
                     for key, rows in sorted(groups.items()))
    kept = [ln for rows in groups.values() for ln in rows]
    return Sheet(kind=f"dekad_{by}", title_en=f"Dekad sales detail by {by}",
                 title_zh="旬售电明细表" + ("(按售电员)" if by == "seller" else "(按供电所)"),
                 period=period_label, header=header, columns=DETAIL_COLUMNS, sections=sections,
                 total=sums(kept), signatures=SIGNATURES)


MONTH_COLUMNS = (
    Column("area", "Area", "片区"), Column("team", "Team", "供电所"),
    Column("sales", "Sales", "笔数", "int"),
    Column("sold_kwh", "Tariff kWh", "售电量", "kwh"),
    Column("flat_kwh", "Flat-price kWh", "平价电量", "kwh"),
    Column("adjustment_kwh", "Adjustment kWh", "调剂电量", "kwh"),
    Column("reversed", "Reversals (yuan)", "冲正(元)", "money"),
    Column("refunded", "Refunds (yuan)", "退电(元)", "money"),
    Column("amount", "Net amount (yuan)", "净额(元)", "money"),
)


def month_end_sheet(totals: list, period_label: str, header: str) -> Sheet:
    """The month-end team assessment: per team, grouped by area, from each
    team's totals of the month (``summaries.TeamTotals``: the same lines as
    ``ledger``, added up as they were booked)."""
    by_area: dict[str, list[dict]] = {}
    for t in sorted(totals, key=lambda t: (t.area, t.team)):
        by_area.setdefault(t.area, []).append(
            {"area": t.area, "team": t.team, **{f: getattr(t, f) for f in AMOUNT_FIELDS},
             "lines": t.lines, "sales": t.sales, "reversed": t.reversed,
             "refunded": t.refunded})
    sections = tuple(Section(labelled("Area", "片区", area), tuple(rows), _sum_rows(rows))
                     for area, rows in by_area.items())
    off_drawer = sum((t.off_drawer for t in totals), ZERO)
    through = sum((t.through_shifts for t in totals), ZERO)
    facts = (Fact("Through the sellers' drawers (shifts)", "经收款班次", f"{through:,.2f}"),
             Fact("Paid back outside a shift", "班次外退付", f"{off_drawer:,.2f}"))
    return Sheet(kind="month_end", title_en="Month-end team assessment", title_zh="月末供电所考核表",
                 period=period_label, header=header, columns=MONTH_COLUMNS, sections=sections,
                 total=_sum_rows([r for sec in sections for r in sec.rows]), signatures=SIGNATURES,
                 facts=facts)


def _sum_rows(rows: list[dict]) -> dict:
    keys = ("sales", "reversed", "refunded", *AMOUNT_FIELDS)
    return {k: sum((r[k] for r in rows), ZERO if k != "sales" else 0) for k in keys}


SHIFT_COLUMNS = (Column("item", "Item", "项目"), Column("count", "Count", "笔数", "int"),
                 Column("amount", "Amount (yuan)", "金额(元)", "money"))


def shift_sheet(fig, z: bool, seller: str, station: str, header: str, tz) -> Sheet:
    """The X report (any time in a shift) or the Z report (at its close)."""
    def r(en: str, zh: str, count, amount):
        return {"item": Label(en, zh), "count": count, "amount": amount}
    rows = [r("Opening float", "备用金", None, fig.opening_float),
            r("Sales", "售电", fig.sales_count, fig.sales_amount),
            r("Reversals", "冲正", fig.reversals_count, -fig.reversals_amount),
            r("Refunds", "退电", fig.refunds_count, -fig.refunds_amount),
            r("Cash in", "存入", None, fig.cash_in), r("Cash out", "取出", None, -fig.cash_out)]
    cash = [] if fig.blind else [r("Cash expected", "应有现金", None, fig.expected_cash)]
    if z and fig.counted_cash is not None:
        cash += [r("Cash counted", "实点现金", None, fig.counted_cash),
                 r("Difference", "差额", None, fig.difference)]
    opened = fig.opened_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    facts = (Fact("Shift", "班次", str(fig.shift_id)), Fact("Seller", "售电员", seller),
             Fact("Station", "站点", station), Fact("Opened", "开班", opened),
             Fact("Closed", "结班", fig.closed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
                  if fig.closed_at else "-"),
             Fact("Energy sold kWh", "售电量", f"{fig.sales_kwh}"))
    notes = (f"Note 说明: {fig.note}",) if z and fig.note else ()
    if z and fig.status == "closing":  # counted; the close is not final yet
        notes += ("The close waits for an administrator's approval. 结班待管理员批准。",)
    if fig.blind:  # the seller's own open shift: the count is blind
        notes += ("Blind count: the expected cash shows after the count. "
                  "盲点：点钞后才显示应有现金。",)
    return Sheet(kind="shift_z" if z else "shift_x",
                 title_en="Shift Z report (close)" if z else "Shift X report",
                 title_zh="班结Z报表" if z else "班中X报表", period=opened, header=header,
                 columns=SHIFT_COLUMNS,
                 sections=(Section(Label("Movements", "收支"), tuple(rows),
                                   {"amount": fig.expected_cash}),
                           Section(Label("Cash", "现金"), tuple(cash), {})) if not fig.blind
                 else (Section(Label("Movements", "收支"), tuple(rows), {}),),
                 total={}, signatures=(("Seller", "售电员"), ("Received by", "收款人")),
                 notes=notes, facts=facts)
