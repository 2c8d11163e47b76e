"""The invoice: every figure on the rendered PDF matches the stored sale,
its lines add up to the total, a reprint is a marked copy with the same
number, and both papers render."""

from decimal import Decimal as D

import pytest
from sqlalchemy import select

from db.models import AuditEvent, Sale
from receipts.invoice_pdf import invoice_pdf
from tests.conftest import open_customer
from tests.receipts.conftest import inked, numbers, pdf_text, render_png
from vending_app.core.capitals import to_capitals
from vending_app.core.errors import PermissionDenied
from vending_app.core.sales import SaleRequest

M1 = "000000000001"


@pytest.fixture
def sold(office, card):
    """A CT-metered customer with arrears buys across two tiers."""
    acc = open_customer(office, M1, meter_type="three_phase_ct", ct="30", name="韩梅梅")
    office.core.accounts.add_charge(office.clerk, acc, "arrears 2025", "80.00", "10")
    office.core.shifts.open(office.seller, "100.00")
    return office.core.sales.sell(office.seller, SaleRequest(M1, kwh="2500.05",
                                                              tendered="2000"), card)


@pytest.mark.parametrize("paper", ["a5", "80mm"])
def test_invoice_figures_match_the_sale(office, sold, paper, poppler, tmp_path):
    core = office.core
    inv = core.documents.invoice(office.seller, sold.receipt_no)
    pdf = invoice_pdf(inv, paper)
    [page] = render_png(pdf, tmp_path, paper)
    assert inked(page) > 0.005
    text = pdf_text(pdf, tmp_path, paper)
    flat = " ".join(text.split())
    with core.db.read() as s:
        sale = s.scalar(select(Sale))
        lines = [(ln.kind.value, ln.kwh, ln.price, ln.amount) for ln in sale.lines]
    for word in (sale.receipt_no, "00000001", M1, "韩梅梅", "Sun Seller", "RES 2020-01-01"):
        assert word in flat
    assert f"{sale.primary_kwh:,.2f} kWh" in flat
    assert f"{sale.secondary_kwh:,.2f} kWh" in flat and f"{sale.carry_out_kwh:,.2f} kWh" in flat
    # every stored line, with its figures, is on the invoice
    for _kind, kwh, price, amount in lines:
        assert f"{amount:,.2f}" in flat
        if kwh is not None:
            assert f"{kwh:,.2f}" in flat and f"{price:.4f}" in flat
    assert sum(a for *_, a in lines) == sale.total_amount == inv.lines_total
    assert to_capitals(sale.total_amount) in flat.replace(" ", "")
    total_line = next(ln for ln in text.splitlines() if "Total" in ln and "合计" in ln)
    assert numbers(total_line) == [sale.total_amount]
    assert f"{sale.tendered:,.2f}" in flat and f"{sale.change:,.2f}" in flat
    assert "recovery" in [k for k, *_ in lines] and "arrears 2025" in flat
    assert "COPY" not in flat


def test_reprint_is_a_marked_copy_with_the_same_number(office, sold, poppler, tmp_path):
    core = office.core
    inv = core.documents.invoice(office.finance, sold.receipt_no, copy=True)
    flat = " ".join(pdf_text(invoice_pdf(inv), tmp_path).split())
    assert "COPY 副本" in flat and sold.receipt_no in flat
    with pytest.raises(PermissionDenied):
        core.documents.invoice(office.finance, sold.receipt_no)  # only the seller prints originals
    with core.db.read() as s:
        actions = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("invoice%"))))
    assert actions == ["invoice_reprint"]


def test_an_adjustment_slip_has_no_money(office, card, poppler, tmp_path):
    core = office.core
    open_customer(office, M1)
    core.shifts.open(office.seller, "0")
    aid = core.adjustments.request_adjustment(office.clerk, M1, "15.5", "meter fault compensation")
    core.adjustments.decide_adjustment(office.admin, aid, True)
    done = core.adjustments.vend_adjustment(office.seller, aid, card)
    inv = core.documents.invoice(office.seller, done.receipt_no)
    flat = " ".join(pdf_text(invoice_pdf(inv, "80mm"), tmp_path).split())
    assert "Adjustment energy slip" in flat and "15.50 kWh" in flat and "零元整" in flat
    assert inv.total == D("0.00")
