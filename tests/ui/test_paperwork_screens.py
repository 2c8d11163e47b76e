"""The paperwork and catalogue screens, driven in the window: retiring a
tariff, a tariff tried on a customer, a customer's statement saved as PDF,
sales search, the call list, and the audit log filtered and exported."""

import csv
from datetime import date

from PySide6.QtCore import Qt

from tests.ui.conftest import banner, idle, sign_in
from tests.ui.test_business_screens import sign_out
from tests.ui.test_clerk_screens import submit, type_form
from vending_app.core.sales import SaleRequest


def test_admin_retires_a_tariff_and_searches_the_audit_log(station_app, desk, qtbot, tmp_path):
    window = sign_in(qtbot, station_app, "admin", keys=False)
    page = window.open_page("catalog")
    idle(qtbot, page)
    page.set_values(action="retire", kind="tariff")
    type_form(qtbot, page, code="com")
    qtbot.keyClick(page.fields[2].widget, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert "COM retired" in banner(page), banner(page)
    qtbot.waitUntil(lambda: any(r["code"] == "COM" and r["active"] is False
                                for r in page.list_model.rows), timeout=10000)
    log = window.open_page("audit")
    qtbot.waitUntil(lambda: log.sheet is not None, timeout=15000)
    assert visible_rows(qtbot, window, log) >= 8  # the station's look, its default size
    type_form(qtbot, log, action="tariff_*")
    qtbot.keyClick(log.fields[0].widget, Qt.Key.Key_Return)
    idle(qtbot, log)
    actions = [r["action"] for r in log.results.rows if r.get("action")]
    assert window.grab().save(str(tmp_path / "audit-page.png"))
    assert actions[0] == "tariff_retire" and set(actions) <= {
        "tariff_retire", "tariff_create", "tariff_version_create"}, actions
    out = log.export("csv", str(tmp_path / "audit.csv"))
    idle(qtbot, log)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert sum(1 for r in rows if len(r) > 5 and r[5].startswith("tariff_")) == len(actions)
    type_form(qtbot, log, action="no_such_action")
    qtbot.keyClick(log.fields[0].widget, Qt.Key.Key_Return)
    idle(qtbot, log)
    assert log.results.rows == [] and "None found." in banner(log)  # no "Events" row
    type_form(qtbot, log, action="", start="2026-13-01")  # not a date: the log printed whole
    qtbot.keyClick(log.fields[0].widget, Qt.Key.Key_Return)
    idle(qtbot, log)
    assert "2026-13-01" in banner(log) and log.sheet is None
    assert not any(b.isEnabled() for b in log.buttons.values())
    sign_out(qtbot, station_app)


def visible_rows(qtbot, window, page) -> int:
    """How many rows of the page's table show at once, in the station's look
    (its style sheet) at the window's default size: the audit log showed one."""
    from PySide6.QtWidgets import QApplication

    from vending_app.ui import style
    app = QApplication.instance()
    style.apply(app)
    try:
        window.resize(1100, 720)
        qtbot.wait(50)  # the layout settles
        view = page.result_view
        assert view.model().rowCount() > 20
        return view.rowAt(view.viewport().height() - 1) - view.rowAt(0) + 1
    finally:
        app.setStyleSheet("")


def test_clerk_statement_search_preview_and_call_list(station_app, desk, card, qtbot, tmp_path):
    core = desk.core
    core.shifts.open(desk.office.seller, "0")
    sale = core.sales.sell(desk.office.seller, SaleRequest("000000000001", kwh="100"), card)
    window = sign_in(qtbot, station_app, "clerk", keys=False)
    page = window.open_page("statement")
    type_form(qtbot, page, account=desk.account)
    page.set_values(start=date(2020, 1, 1))
    submit(qtbot, page)
    assert "Customer statement" in banner(page), banner(page)
    assert "Closing: paid yuan: 52.83" in banner(page)  # the figures under the heading
    assert any(r.get("receipt_no") == sale.receipt_no for r in page.results.rows)
    assert window.grab().save(str(tmp_path / "statement-page.png"))  # to look at
    pdf = page.export("pdf", str(tmp_path / "statement.pdf"))
    idle(qtbot, page)
    assert pdf.read_bytes().startswith(b"%PDF")
    search = window.open_page("sales_search")
    type_form(qtbot, search, meter="000000000001")
    submit(qtbot, search)
    assert [r.receipt_no for r in search.results.rows] == [sale.receipt_no]
    type_form(qtbot, search, start="2026-13-01")  # refused: the last answer goes with it
    submit(qtbot, search)
    assert search.results.rowCount() == 0
    preview = window.open_page("tariff_preview")
    type_form(qtbot, preview, account=desk.account, kwh="200")
    assert "after 100.00 kWh" in submit(qtbot, preview)
    assert preview.results.rows[-1]["amount"] == sale.quote.total * 2
    calls = window.open_page("call_list")
    assert "None found" in submit(qtbot, calls)  # no write-backs to go by
    for typed in ("-3", "x", "1.5"):  # a typing slip is told as such, not as a fault
        type_form(qtbot, calls, days=typed)
        said = submit(qtbot, calls)
        assert "whole number from 0 to 365" in said and "unexpected" not in said, said
    sign_out(qtbot, station_app)
