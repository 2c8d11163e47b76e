"""The analyses in the window: finance ranks the suspicious customers and
compares master and sub-meters with a chart; a clerk records master-meter
readings by hand and over the serial link (the dlt645 package's meter on a
pty pair)."""

from PySide6.QtCore import Qt

from tests.analyses.test_suspicious import AS_OF
from tests.meter_peer import meter_line
from tests.planted_office import plant
from tests.ui.conftest import activate, banner, idle, sign_in
from tests.ui.test_business_screens import sign_out
from tests.ui.test_clerk_screens import submit, type_form
from vending_app.ui.controller import Controller


def test_finance_ranks_suspects_and_charts_line_loss(station_app, desk, qtbot):
    planted = plant(desk.core, AS_OF)
    window = sign_in(qtbot, station_app, "finance", keys=False)
    page = window.open_page("suspicious")
    page.set_values(as_of=AS_OF)
    submit(qtbot, page)
    rows = [r for r in page.results.rows if r.get("meter")]  # not the section heading
    meters = {r["meter"] for r in rows}
    assert {n for n, k in planted.items() if k not in ("honest", "holiday", "low_user")} == \
        meters
    assert all(r["reasons"] for r in rows) and page.buttons["xlsx"].isEnabled()

    loss = window.open_page("line_loss")
    type_form(qtbot, loss, year="2026", month="9")
    submit(qtbot, loss)
    assert [r["team"] for r in loss.results.rows if r.get("period")] == ["T1", "T2"]
    assert loss.chart_view.isVisible()
    assert sorted(s.name() for s in loss.chart.series()) == ["T1", "T2"]
    assert loss.chart.series()[0].count() >= 6  # months with a line loss


def test_suspects_reasons_in_chinese(desk, settings, qtbot):
    plant(desk.core, AS_OF)
    controller = Controller(desk.core, settings, language="zh_CN")
    controller.start()
    try:
        window = sign_in(qtbot, controller, "clerk", keys=False)
        page = window.open_page("suspicious")
        page.set_values(as_of=AS_OF, kind="forged_writeback")
        submit(qtbot, page)
        (row,) = [r for r in page.results.rows if r.get("meter")]
        assert "认证" in row["reasons"] and "authentication" not in row["reasons"], row
    finally:
        controller.stop()


def test_clerk_records_master_readings_by_hand_and_over_the_link(station_app, desk, qtbot,
                                                                 tmp_path, pty_pair):
    desk.core.masters.add(desk.office.admin, "T1", "990000000001", "Transformer 1", 40)
    window = sign_in(qtbot, station_app, "clerk", keys=False)
    page = window.open_page("master_readings")
    idle(qtbot, page)
    type_form(qtbot, page, kwh="1000.5")
    qtbot.keyClick(page.fields[1].widget, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert "recorded" in banner(page)
    assert page.results.rows[0].last_source == "manual"
    with meter_line(tmp_path, pty_pair, "990000000001", 1234.56, None) as (port, _, _):
        type_form(qtbot, page, port=port)
        activate(qtbot, window)  # shortcuts go to the active window
        qtbot.keyClick(page.fields[3].widget, Qt.Key.Key_F8)
        idle(qtbot, page)
    assert "read over" in banner(page), banner(page)
    last = page.results.rows[0]
    assert str(last.last_reading_kwh) == "1234.56" and last.last_source.startswith("serial")
    type_form(qtbot, page, kwh="1100")  # lower than the reading just taken
    qtbot.keyClick(page.fields[1].widget, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert "only goes up" in banner(page)
    sign_out(qtbot, station_app)


def test_nothing_found_is_said_not_left_blank(station_app, desk, qtbot):
    from datetime import date
    window = sign_in(qtbot, station_app, "finance", keys=False)
    page = window.open_page("suspicious")
    page.set_values(as_of=date(2001, 1, 1))  # before any customer
    assert "None found." in submit(qtbot, page)
    loss = window.open_page("line_loss")
    type_form(qtbot, loss, year="2001", month="1")
    submit(qtbot, loss)  # each team is listed, with no readings to compare
    assert loss.no_chart.isVisible() and not loss.chart_view.isVisible()
    assert "none found" in loss.no_chart.text()
    sign_out(qtbot, station_app)
