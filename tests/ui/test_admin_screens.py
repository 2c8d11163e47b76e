"""The administrator's tariff screen: tiers typed as rows (up to kWh, price
per kWh) with the keyboard, checked as the station checks every number."""

from decimal import Decimal as D

from PySide6.QtCore import Qt

from tests.ui.conftest import activate, banner, idle, sign_in
from tests.ui.test_business_screens import sign_out
from tests.ui.test_clerk_screens import type_form


def test_tariff_tiers_are_typed_as_rows_and_checked(station_app, desk, qtbot):
    window = sign_in(qtbot, station_app, "admin", keys=False)
    page = window.open_page("tariffs")
    idle(qtbot, page)
    editor = page.tier_editor
    type_form(qtbot, page, code="RES2", name="Residential 2027")
    assert len(editor.rows) == 1 and not editor.rows[0][0].isEnabled()  # flat: open-ended
    assert not editor.rows[0][2].isEnabled() and "at least one price" in \
        editor.rows[0][2].toolTip()
    activate(qtbot, window)
    editor.rows[0][1].setFocus()
    qtbot.keyClicks(editor.rows[0][1], "0,8283")  # a decimal comma is read as a point
    qtbot.keyClick(editor.rows[0][1], Qt.Key.Key_Insert, Qt.KeyboardModifier.AltModifier)
    assert len(editor.rows) == 2 and editor.rows[0][0].hasFocus()  # added before the last
    qtbot.keyClicks(editor.rows[0][0], "2160")
    qtbot.keyClick(editor.rows[0][0], Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.rows[0][1], "1,000")  # a thousands separator: refused, not read
    qtbot.keyClick(editor.rows[0][1], Qt.Key.Key_Return)
    assert "without thousands separators" in banner(page) and editor.rows[0][1].toolTip()
    assert editor.rows[0][1].hasFocus()
    editor.rows[0][1].clear()
    qtbot.keyClicks(editor.rows[0][1], "0.5283")
    editor.add_row()
    qtbot.keyClicks(editor.rows[1][0], "2000")  # below the tier before it
    qtbot.keyClicks(editor.rows[1][1], "0.5783")
    qtbot.keyClick(editor.rows[1][1], Qt.Key.Key_Return)
    assert "Tier 2: its upper bound must be above 2160" in banner(page), banner(page)
    assert editor.rows[1][0].hasFocus() and editor.rows[1][0].toolTip()
    editor.rows[1][0].clear()
    qtbot.keyClicks(editor.rows[1][0], "4200")
    qtbot.keyClick(editor.rows[1][0], Qt.Key.Key_Return)  # Enter in any row submits
    idle(qtbot, page)
    assert "version from" in banner(page), banner(page)
    (res2,) = [t for t in desk.core.catalog.list_tariffs(desk.office.admin) if t.code == "RES2"]
    assert [(x.upto_kwh, x.price) for x in res2.versions[0].tiers] == [
        (D("2160"), D("0.5283")), (D("4200"), D("0.5783")), (None, D("0.8283"))]
    qtbot.waitUntil(lambda: any(r["code"] == "RES2" for r in page.list_model.rows))
    editor.rows[1][0].setFocus()  # Alt+Delete removes the row with the focus
    qtbot.keyClick(editor.rows[1][0], Qt.Key.Key_Delete, Qt.KeyboardModifier.AltModifier)
    assert len(editor.rows) == 2
    sign_out(qtbot, station_app)


def test_forms_are_grouped_and_narrow_and_lists_no_taller_than_their_rows(station_app, qtbot):
    window = sign_in(qtbot, station_app, "admin", keys=False)
    page = window.open_page("operators")
    qtbot.waitUntil(lambda: len(page.list_model.rows) >= 4, timeout=10000)
    card = page.findChild(type(page.form.parentWidget()), "form_card")
    assert card is not None and card.maximumWidth() <= 680
    view = page.list_view
    rows = view.verticalHeader().length()
    assert view.maximumHeight() < rows + 120  # its rows and a header, not the whole page
    keys = window.open_page("keys")
    assert keys.passphrase.maximumWidth() <= 420
    sign_out(qtbot, station_app)
