"""A page's answer takes the room the window has: the X report's table
showed five rows and a scroll bar in a tall window."""

from tests.ui.conftest import sign_in
from tests.ui.test_clerk_screens import submit


def test_the_x_report_grows_with_the_window(station_app, desk, qtbot):
    desk.core.shifts.open(desk.office.seller, "100")
    window = sign_in(qtbot, station_app, "seller")
    window.showNormal()
    window.resize(1366, 900)
    shift = window.open_page("shift")
    shift.set_values(action="x")
    assert "X report" in submit(qtbot, shift)
    view = shift.result_view
    rows = shift.results.rowCount()
    assert rows >= 12
    qtbot.waitUntil(lambda: view.verticalHeader().length() <= view.viewport().height(),
                    timeout=5000)
    assert view.verticalScrollBar().maximum() == 0  # every figure seen, no scrolling
    window.resize(1366, 500)  # a short window: the table gives way and scrolls
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0, timeout=5000)
