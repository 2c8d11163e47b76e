"""Paperwork people ask for: the customer statement (its totals are the
ledger's, its closing figures follow from the opening), sales search, the
daily report per station and seller, and the audit log filtered and
exported. On SQLite and PostgreSQL, over the March office of the sheets."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from db.models import Charge, Customer
from receipts.export import sheet_csv, sheet_xlsx
from receipts.sheet_pdf import sheet_pdf
from tests.conftest import meter_applied
from tests.receipts.conftest import numbers, pdf_text, poppler, render_png  # noqa: F401
from tests.receipts.test_sheets import M1, M2, M3, month  # noqa: F401 - the fixture
from vending_app.core import documents
from vending_app.core.audit_query import AuditFilter
from vending_app.core.errors import PermissionDenied, ValidationError
from vending_app.core.sales import SaleRequest
from vending_app.core.sales_search import SaleQuery


def _account(core, meter):
    with core.db.read() as s:
        return s.scalar(select(Customer.account_no).join(Customer.meters).where(
            Customer.meters.any(number=meter)))


def _ledger(core, account, start, end):
    with core.db.read() as s:
        return [ln for ln in documents.ledger(s, start, end) if ln.account_no == account]


@pytest.fixture
def charged(month, card, clock):  # noqa: F811 - pytest's fixture by name
    """M1's customer owes 40 yuan from 15 March, recovered 10% a purchase in April."""
    office, _ = month
    core = office.core
    a1 = _account(core, M1)
    cid = core.accounts.add_charge(office.clerk, a1, "meter box repair", "40.00", "10")
    with core.db.write() as s:
        s.execute(update(Charge).where(Charge.id == cid).values(
            created_at=datetime(2026, 3, 15, 2, tzinfo=UTC)))
    clock.set(date(2026, 4, 2))
    core.sales.sell(office.seller, SaleRequest(M1, kwh="100"), card)
    meter_applied(core, M1)
    return office, a1


@pytest.mark.usefixtures("poppler")
def test_statement_totals_are_the_ledgers_and_closing_follows_opening(charged, tmp_path):
    office, a1 = charged
    core = office.core
    for start, end in [(date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 3, 21), date(2026, 4, 30)),
                       (date(2026, 4, 1), date(2026, 4, 30))]:
        sheet = core.statements.statement(office.clerk, a1, start, end)
        ledger = _ledger(core, a1, start, end)
        assert sheet.total["amount"] == sum(ln.amount for ln in ledger)
        assert sheet.total["kwh"] == sum(ln.sold_kwh + ln.flat_kwh + ln.adjustment_kwh
                                         for ln in ledger)
        facts = {en: D(v.replace(",", "")) for en, _zh, v in sheet.facts if ":" in en}
        for key, figure in [("energy credited kWh", "kwh"), ("paid yuan", "amount"),
                            ("charges owed yuan", "charges")]:
            assert facts[f"Closing: {key}"] == facts[f"Opening: {key}"] + sheet.total[figure]
    whole = core.statements.statement(office.finance, a1, date(2026, 1, 1), date(2026, 12, 31))
    with core.db.read() as s:
        owed = s.scalar(select(Charge.outstanding))
    assert owed < D("40.00")  # the April purchase recovered part of it
    closing = {en: v for en, _zh, v in whole.facts}
    assert D(closing["Closing: charges owed yuan"]) == owed
    items = [str(r["item"]) for r in whole.sections[0].rows]
    assert items == ["purchase 购电", "charge added 新增欠费", "purchase 购电", "reversal 冲正",
                     "purchase 购电", "purchase 购电"]
    pdf = sheet_pdf(whole)
    pages = render_png(pdf, tmp_path, "statement", dpi=80)
    text = pdf_text(pdf, tmp_path, "statement")
    for words in ("Customer statement", "客户对账单", "李雷", "期末", "购电", "冲正",
                  "meter box repair"):
        assert words in text
    # whose statement it is, under the title; no stray heading over the table
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = next(i for i, ln in enumerate(lines) if "客户对账单" in ln)
    assert lines[title + 1] == f"李雷 · {a1}", lines[title:title + 2]
    assert "Lines" not in text
    total = numbers(next(ln for ln in text.splitlines() if "Total 合计" in ln))
    assert total[1] == whole.total["amount"]
    assert pages


def test_a_closed_account_statement_shows_the_refund(month):  # noqa: F811
    office, _ = month
    core = office.core
    a3 = _account(core, M3)
    sheet = core.statements.statement(office.clerk, a3, date(2026, 3, 1), date(2026, 3, 31))
    rows = sheet.sections[0].rows
    assert [str(r["item"]) for r in rows] == ["purchase 购电", "refund 退电"]
    assert sheet.total["amount"] == sum(ln.amount for ln in _ledger(
        core, a3, date(2026, 3, 1), date(2026, 3, 31)))
    with pytest.raises(ValidationError):
        core.statements.statement(office.clerk, a3, date(2026, 3, 2), date(2026, 3, 1))


def test_sales_search_by_customer_meter_receipt_and_days(month):  # noqa: F811
    office, _ = month
    core, clerk = office.core, office.clerk
    search = core.sales_search.search
    m2 = search(clerk, SaleQuery(meter=M2))
    assert sorted(r.business_date for r in m2) == [date(2026, 3, 10), date(2026, 3, 20),
                                                   date(2026, 3, 25)]  # the adjustment too
    assert {r.meter for r in search(office.seller, SaleQuery(customer="韩"))} == {M2}
    assert {r.meter for r in search(clerk, SaleQuery(customer=_account(core, M3)))} == {M3}
    one = m2[0].receipt_no
    assert [r.receipt_no for r in search(clerk, SaleQuery(receipt=one.lower()))] == [one]
    days = search(clerk, SaleQuery(start=date(2026, 3, 10), end=date(2026, 3, 11)))
    assert sorted(r.meter for r in days) == [M2, M3]
    assert search(clerk, SaleQuery(customer="nobody-like-this")) == []
    with pytest.raises(ValidationError, match="what to look for"):
        search(clerk, SaleQuery())


def test_the_daily_report_adds_up_to_the_ledger_per_station_and_seller(month):  # noqa: F811
    office, _ = month
    core = office.core
    for day in (date(2026, 3, 1), date(2026, 3, 21), date(2026, 3, 25), date(2026, 3, 31)):
        sheet = core.sales_search.daily_report(office.finance, day)
        with core.db.read() as s:
            ledger = documents.ledger(s, day, day)
        assert sheet.total["amount"] == sum(ln.amount for ln in ledger)
        assert sheet.total["sold_kwh"] == sum(ln.sold_kwh + ln.flat_kwh for ln in ledger)
        assert sheet.total["adjustment_kwh"] == sum(ln.adjustment_kwh for ln in ledger)
        by_seller = {}
        for ln in ledger:
            by_seller[ln.seller_name] = by_seller.get(ln.seller_name, 0) + ln.amount
        rows = [r for sec in sheet.sections for r in sec.rows]
        assert {r["seller"]: r["amount"] for r in rows} == by_seller
        assert [str(sec.heading) for sec in sheet.sections] == ["Station 站点: S01"]
    with pytest.raises(PermissionDenied):
        core.sales_search.daily_report(office.seller, date(2026, 3, 1))


def test_the_audit_log_filtered_and_exported(month):  # noqa: F811
    office, _ = month
    core, admin = office.core, office.admin
    log = core.audit_log
    shifts = log.search(office.finance, AuditFilter(action="shift_*"))
    assert {e.action for e in shifts} == {"shift_open"} and len(shifts) == 2
    rev = log.search(admin, AuditFilter(operator="admin", action="reversal_approve"))
    assert len(rev) == 1 and rev[0].operator == "admin"
    assert log.search(admin, AuditFilter(operator="clerk", action="reversal_approve")) == []
    a3 = _account(core, M3)
    closes = log.search(admin, AuditFilter(entity="customer", action="account_close"))
    assert len(closes) == 1 and closes[0].detail["account"] == a3
    by_id = log.search(admin, AuditFilter(entity="customer", entity_id=closes[0].entity_id))
    assert {e.action for e in by_id} >= {"account_open", "account_close"}
    today = date.today()  # events are stamped by the computer's clock, not the test's
    assert log.search(admin, AuditFilter(start=today - timedelta(days=1),
                                         end=today + timedelta(days=1)))
    assert log.search(admin, AuditFilter(end=date(2000, 1, 1))) == []
    sheet = log.sheet(admin, AuditFilter(action="account_*"))
    rows = sheet.sections[0].rows
    assert rows and all(str(r["action"]).startswith("account_") for r in rows)
    lines = list(csv.reader(io.StringIO(sheet_csv(sheet))))
    assert sum(1 for ln in lines if ln and ln[0] == "" and ln[5].startswith("account_")) == len(rows)
    ws = load_workbook(io.BytesIO(sheet_xlsx(sheet))).active
    assert sum(1 for r in ws.iter_rows(values_only=True)
               if r[5] and str(r[5]).startswith("account_")) == len(rows)
    for who in (office.clerk, office.seller):
        with pytest.raises(PermissionDenied):
            log.search(who, AuditFilter())
    assert log.search(admin, AuditFilter(action="audit_search"))  # looking is on the record
