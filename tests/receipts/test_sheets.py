"""Dekad sheets, the month-end assessment and the shift reports: rendered,
read back, and checked against the database to the fen."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from db.models import Refund, Reversal, Role, Sale, SaleKind, SaleStatus
from receipts.export import sheet_csv, sheet_xlsx
from receipts.sheet_pdf import sheet_pdf
from tests.conftest import PASSWORD, meter_applied, open_customer
from tests.receipts.conftest import numbers, pdf_text, render_png
from vending_app.core import periods
from vending_app.core.sales import SaleRequest

M1, M2, M3 = "000000000001", "000000000002", "000000000003"


@pytest.fixture
def month(office, card, clock):
    """March 2026 in a small office: two sellers, two teams, a flat-price
    quota, an adjustment, a reversal and a refund."""
    core, admin = office.core, office.admin
    core.auth.create_operator(admin, "seller2", "Zhou Seller", Role.SELLER, PASSWORD)
    seller2 = core.auth.login("seller2", PASSWORD)
    a1 = open_customer(office, M1, name="李雷")
    open_customer(office, M2, team="T2", name="韩梅梅")
    a3 = open_customer(office, M3, team="T2", category="COMM", name="Wang Shop")
    qid = core.adjustments.request_quota(office.clerk, a1, "50", "0.3000", "low income",
                                         date(2026, 3, 1))
    core.adjustments.decide_quota(admin, qid, True)

    def sell(actor, meter, day, kwh):
        clock.set(day)
        r = core.sales.sell(actor, SaleRequest(meter, kwh=kwh), card)
        meter_applied(core, meter)
        return r

    clock.set(date(2026, 3, 1))
    core.shifts.open(office.seller, "200.00")
    core.shifts.open(seller2, "100.00")
    sell(office.seller, M1, date(2026, 3, 1), "120")  # 50 flat-price, 70 at tariff
    sell(office.seller, M2, date(2026, 3, 10), "300")  # last day of D1
    sell(seller2, M3, date(2026, 3, 11), "80")  # first day of D2
    sell(seller2, M2, date(2026, 3, 20), "45.5")
    clock.set(date(2026, 3, 21))
    rev = core.sales.sell(office.seller, SaleRequest(M1, kwh="30"), card)  # reversed the same day
    rid = core.sales.request_reversal(office.seller, rev.receipt_no, "wrong customer")
    core.sales.decide_reversal(admin, rid, True)
    aid = core.adjustments.request_adjustment(office.clerk, M2, "12.25", "meter fault")
    core.adjustments.decide_adjustment(admin, aid, True)
    clock.set(date(2026, 3, 25))
    core.adjustments.vend_adjustment(seller2, aid, card)
    sell(office.seller, M1, date(2026, 3, 31), "10")  # last day of the month
    clock.set(date(2026, 3, 31))
    core.accounts.close_account(office.clerk, a3, {M3: "20.00"}, "shop closed")
    return office, seller2


def db_net(core, start, end, team=None):
    """The period's net money straight from the tables (independent of the ledger)."""
    with core.db.read() as s:
        sales = s.scalar(select(func.coalesce(func.sum(Sale.total_amount), 0)).where(
            Sale.business_date.between(start, end), Sale.kind == SaleKind.SALE,
            Sale.status.in_([SaleStatus.COMMITTED, SaleStatus.REVERSED])))
        rev = s.scalar(select(func.coalesce(func.sum(Sale.total_amount), 0)).join(
            Reversal, Reversal.sale_id == Sale.id).where(Reversal.business_date.between(start, end)))
        ref = s.scalar(select(func.coalesce(func.sum(Refund.amount), 0)).where(
            Refund.business_date.between(start, end)))
    return D(sales) - D(rev) - D(ref)


def total_line(text):
    return numbers(next(ln for ln in text.splitlines() if "Total 合计" in ln))


def test_dekad_sheets_by_seller_match_the_database(month, poppler, tmp_path):
    office, _ = month
    core = office.core
    grand = D(0)
    for index in (1, 2, 3):
        sheet = core.documents.dekad_sheet(office.finance, 2026, 3, index, by="seller")
        period = periods.dekad(2026, 3, index)
        pdf = sheet_pdf(sheet)
        render_png(pdf, tmp_path, f"d{index}")
        text = pdf_text(pdf, tmp_path, f"d{index}")
        # the total line: kWh columns then the amount, as the database says
        assert total_line(text)[-1] == db_net(core, period.start, period.end) == \
            sheet.total["amount"]
        for section in sheet.sections:
            assert section.subtotal["amount"] == sum(r["amount"] for r in section.rows)
            assert section.heading.split(": ")[1] in text
        assert sheet.total["amount"] == sum(sec.subtotal["amount"] for sec in sheet.sections)
        # every sale of the dekad is on the sheet, with its receipt and amount
        with core.db.read() as s:
            for sale in s.scalars(select(Sale).where(Sale.business_date.between(
                    period.start, period.end), Sale.kind == SaleKind.SALE)):
                line = next(ln for ln in text.splitlines() if sale.receipt_no in ln)
                assert numbers(line)[-1] in (sale.total_amount,
                                             sale.total_amount - sale.flat_kwh * D("0.3"))
        grand += sheet.total["amount"]
    assert grand == db_net(core, date(2026, 3, 1), date(2026, 3, 31))


def test_lines_for_flat_energy_adjustment_reversal_and_refund(month, poppler, tmp_path):
    office, _ = month
    core = office.core
    d1 = core.documents.dekad_sheet(office.finance, 2026, 3, 1, by="team")
    items = [r["item"] for sec in d1.sections for r in sec.rows]
    assert items == ["sale 售电", "flat-price 平价", "sale 售电"]
    flat = next(r for sec in d1.sections for r in sec.rows if r["item"].startswith("flat"))
    assert (flat["flat_kwh"], flat["amount"]) == (D("50.00"), D("15.00"))
    d3 = core.documents.dekad_sheet(office.finance, 2026, 3, 3, by="team")
    rows = {r["item"]: r for sec in d3.sections for r in sec.rows}
    assert rows["reversal 冲正"]["amount"] < 0 and rows["refund 退电"]["amount"] < 0
    assert rows["adjustment 调剂"]["adjustment_kwh"] == D("12.25")
    assert rows["adjustment 调剂"]["amount"] == 0
    text = pdf_text(sheet_pdf(d3), tmp_path)
    for word in ("reversal 冲正", "refund 退电", "adjustment 调剂", "Prepared by 制表"):
        assert word in text
    # the team filter keeps one team's lines only
    t2 = core.documents.dekad_sheet(office.finance, 2026, 3, 3, by="team", only="T2")
    assert [sec.heading for sec in t2.sections] == ["Team 供电所: T2"]


def test_month_end_adds_up_to_the_dekads_and_the_shifts(month, poppler, tmp_path):
    office, seller2 = month
    core = office.core
    me = core.documents.month_end(office.finance, 2026, 3)
    dekads = [core.documents.dekad_sheet(office.finance, 2026, 3, i, by="team") for i in (1, 2, 3)]
    for key in ("sold_kwh", "flat_kwh", "adjustment_kwh", "amount"):
        assert me.total[key] == sum(d.total[key] for d in dekads)
    shifts = [core.documents.shift_report(office.finance, core.shifts.current(op), z=False)
              for op in (office.seller, seller2)]  # the sellers' own X reports are blind
    moved = sum(sh.sections[0].subtotal["amount"] - sh.sections[0].rows[0]["amount"]
                for sh in shifts)  # expected cash minus the opening float
    # The clerk's refund went through no drawer: the month-end says so apart.
    through, outside = (D(value.replace(",", "")) for *_, value in me.facts[:2])
    assert me.facts[-1].en == "Audit chain head"  # the anchor (core/audit_seal.py)
    assert through == moved and outside == D("17.00")
    assert me.total["amount"] == moved - outside
    text = pdf_text(sheet_pdf(me), tmp_path)
    assert total_line(text)[-1] == me.total["amount"]
    assert "Area 片区: NORTH" in text and "T1" in text and "T2" in text


def test_exports_carry_the_same_figures(month):
    office, _ = month
    sheet = office.core.documents.dekad_sheet(office.finance, 2026, 3, 3, by="seller")
    rows = list(csv.reader(io.StringIO(sheet_csv(sheet))))
    total = next(r for r in rows if r and r[0] == "Total 合计")
    assert D(total[-1]) == sheet.total["amount"]
    wb = load_workbook(io.BytesIO(sheet_xlsx(sheet)))
    ws = wb.active
    xl_total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Total 合计")
    assert D(str(xl_total[-1])) == sheet.total["amount"]
    body = [r for r in ws.iter_rows(values_only=True)
            if r[0] is None and isinstance(r[-1], (int, float, D))]
    assert len(body) == sheet.total["lines"]
    assert sum(D(str(r[-1])) for r in body) == sheet.total["amount"]


def test_shift_z_report_shows_the_count_and_difference(office, card, poppler, tmp_path):
    core = office.core
    open_customer(office, M1)
    core.shifts.open(office.seller, "100.00")
    core.sales.sell(office.seller, SaleRequest(M1, kwh="100"), card)
    blind = core.documents.shift_report(office.seller, z=False)
    assert [sec.subtotal for sec in blind.sections] == [{}]  # no expected cash for the seller
    assert "Blind count" in pdf_text(sheet_pdf(blind), tmp_path)
    x = core.documents.shift_report(office.finance, core.shifts.current(office.seller), z=False)
    expected = x.sections[0].subtotal["amount"]
    fig = core.shifts.close(office.seller, str(expected - D("1.50")), "one coin short, counted twice")
    z = core.documents.shift_report(office.finance, fig.shift_id, z=True)
    text = pdf_text(sheet_pdf(z), tmp_path)
    line = next(ln for ln in text.splitlines() if "Difference" in ln)
    assert numbers(line) == [D("-1.50")]
    assert "one coin short" in text and "Z report" in text
    assert sum(r["amount"] for r in z.sections[0].rows) == expected


@pytest.mark.parametrize("year,month_,last", [(2026, 2, 28), (2028, 2, 29), (2026, 4, 30),
                                              (2026, 1, 31), (2026, 12, 31)])
def test_dekad_boundaries_at_month_ends(year, month_, last):
    d = [periods.dekad(year, month_, i) for i in (1, 2, 3)]
    assert [(p.start.day, p.end.day) for p in d] == [(1, 10), (11, 20), (21, last)]
    assert periods.dekad_of(date(year, month_, last)) == d[2]
    assert periods.dekad_of(date(year, month_, 10)) == d[0]
    assert periods.dekad_of(date(year, month_, 11)) == d[1]


def test_a_sale_on_the_last_day_of_february_is_in_its_third_dekad(office, card, clock):
    core = office.core
    open_customer(office, M1)
    clock.set(date(2028, 2, 29))
    core.shifts.open(office.seller, "0")
    core.sales.sell(office.seller, SaleRequest(M1, kwh="10"), card)
    feb3 = core.documents.dekad_sheet(office.finance, 2028, 2, 3)
    mar1 = core.documents.dekad_sheet(office.finance, 2028, 3, 1)
    assert feb3.total["lines"] == 1 and mar1.total["lines"] == 0
