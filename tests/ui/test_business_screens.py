"""Shift close with a cash difference approved by an administrator, an
adjustment requested, approved and written to the card, and a card pulled
mid-sale recovered when it comes back; all in the window."""

from decimal import Decimal as D

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from db.models import Adjustment, ApprovalStatus, Sale, SaleKind, SaleStatus, Shift, ShiftStatus
from tests.receipts.conftest import pdf_text
from tests.ui.conftest import M1, activate, banner, idle, read_card, sign_in, type_sale
from tests.ui.test_clerk_screens import submit, type_form


def sign_out(qtbot, controller):
    window = controller.window
    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.login is not None and controller.window is None,
                    timeout=10000)


def shift_id(desk) -> int:
    with desk.core.db.read() as s:
        return s.scalar(select(func.max(Shift.id)))


def z_preview(qtbot, page, tmp_path, *said: str) -> None:
    """After a close the Z report opens in the print preview (saying
    ``said``), and closes on Esc."""
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None
                    and page.preview_dialog.isVisible(), timeout=15000)
    dialog = page.preview_dialog
    assert dialog.windowTitle().startswith("Z report, shift ")
    text = " ".join(pdf_text(dialog.pdf, tmp_path, "z").split())
    for words in ("Shift Z report (close)", "Cash counted", *said):
        assert words in text, text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_shift_close_with_difference_needs_note_and_approval(station_app, desk, qtbot, tmp_path):
    window = sign_in(qtbot, station_app, "seller")
    shift = window.open_page("shift")
    qtbot.waitUntil(lambda: "No shift is open" in banner(shift), timeout=10000)
    assert shift.values()["action"] == "open"
    type_form(qtbot, shift, amount="100")
    assert "open with a float" in submit(qtbot, shift)
    assert "open" in window.shift_label.text()
    sale = read_card(qtbot, window, desk)
    with qtbot.waitSignal(sale.sold, timeout=20000):
        type_sale(qtbot, sale, "100")
    desk.slot.remove()

    reprint = window.open_page("reprint")  # the banner ends on what became of the copy
    with desk.core.db.read() as s:
        receipt = s.scalar(select(Sale.receipt_no))
    type_form(qtbot, reprint, receipt=receipt)
    text = submit(qtbot, reprint)
    assert "Reprinting" not in text and f"Reprint of {receipt}" in text, text
    assert "nothing was printed" in text  # this desk has no invoice printer

    activate(qtbot, window)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F7)  # opens on closing it
    qtbot.waitUntil(lambda: "count the cash" in banner(shift), timeout=10000)
    assert window.current() is shift and shift.values()["action"] == "close"
    shift.set_values(action="x")  # the seller's X report: blind, no expected cash
    assert "blind count" in submit(qtbot, shift)
    assert "expected cash" not in {r["item"] for r in shift.results.rows}
    shift.set_values(action="close")
    type_form(qtbot, shift, amount="92.83", note="note missing from the drawer")  # 60.00 short
    text = submit(qtbot, shift)
    assert "difference -¥60.00" in text and "waits for an administrator" in text, text
    assert shift.banner.property("kind") == "warn"  # not green: the close is not done
    assert window.shift_label.text() == f"shift {shift_id(desk)} waits for approval"
    assert shift.values()["action"] == "x"  # Enter again: its figures, not "open a shift"
    z_preview(qtbot, shift, tmp_path, "waits for an administrator's approval")
    sign_out(qtbot, station_app)

    window = sign_in(qtbot, station_app, "admin")
    page = window.open_page("approvals")
    idle(qtbot, page)
    kinds = [r.kind for r in page.model.rows]
    assert kinds == ["shift"]
    activate(qtbot, window)
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, page)
    assert "approved" in banner(page)
    with desk.core.db.read() as s:
        assert s.scalar(select(Shift.status)) == ShiftStatus.CLOSED


def test_adjustment_requested_approved_and_written(station_app, desk, qtbot):
    desk.core.shifts.open(desk.office.seller, "0")
    window = sign_in(qtbot, station_app, "clerk")
    page = window.open_page("adjustment")
    type_form(qtbot, page, meter=M1, kwh="15", reason="meter stopped for two days")
    assert "requested" in submit(qtbot, page)
    sign_out(qtbot, station_app)

    window = sign_in(qtbot, station_app, "admin")
    page = window.open_page("approvals")
    idle(qtbot, page)
    assert [r.kind for r in page.model.rows] == ["adjustment"]
    activate(qtbot, window)
    qtbot.keyClick(page.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, page)
    sign_out(qtbot, station_app)

    window = sign_in(qtbot, station_app, "seller")
    sale = read_card(qtbot, window, desk)
    assert sale.adjust_button.isVisible() and "15.00" in sale.adjust_button.text()
    activate(qtbot, window)
    with qtbot.waitSignal(sale.sold, timeout=20000):
        qtbot.keyClick(sale.buy_edit, Qt.Key.Key_F8)
    with desk.core.db.read() as s:
        assert s.scalar(select(Adjustment.status)) == ApprovalStatus.DONE
        adj = s.scalar(select(Sale).where(Sale.kind == SaleKind.ADJUSTMENT))
        assert (adj.status, adj.primary_kwh, adj.total_amount) == (SaleStatus.COMMITTED,
                                                                   D("15.00"), 0)


def test_card_pulled_mid_sale_is_settled_when_it_comes_back(station_app, desk, qtbot):
    desk.core.shifts.open(desk.office.seller, "0")
    window = sign_in(qtbot, station_app, "seller")
    # APDUs: reading (select, read), then selling (select, read, write, read back):
    # the card goes away right after the write reached it.
    sale = read_card(qtbot, window, desk, vanish_at=5, vanish_mode="after")
    type_sale(qtbot, sale, "40")
    idle(qtbot, sale)
    desk.slot.wait_vanished()
    # The reader saw it go (after the failed write, as at a counter): what the
    # clerk must do still shows, not "Insert the customer's card."
    qtbot.waitUntil(lambda: not sale.session.reader.card_in, timeout=10000)
    qtbot.wait(300)
    assert "removed" in banner(sale) and "Nothing is charged" in banner(sale), banner(sale)
    with desk.core.db.read() as s:
        assert s.scalar(select(Sale.status)) == SaleStatus.PENDING

    sale = read_card(qtbot, window, desk)  # put back: the station reads what the card holds
    assert "committed as receipt S01-00000001" in banner(sale), banner(sale)
    with desk.core.db.read() as s:
        assert s.scalar(select(Sale.status)) == SaleStatus.COMMITTED
    assert sale.history.rowCount() == 1


def test_reports_are_saved_in_the_documents_folder_under_a_telling_name(station_app, desk, qtbot,
                                                                        tmp_path, monkeypatch):
    import platformdirs

    from vending_app.ui import business_pages
    monkeypatch.setattr(platformdirs, "user_documents_path", lambda: tmp_path / "Documents")
    offered = []

    class Dialog:  # the save dialog: what it was offered; the clerk cancels
        @staticmethod
        def getSaveFileName(_parent, _caption, path, _filter):  # noqa: N802 - Qt's name
            offered.append(path)
            return "", ""

    monkeypatch.setattr(business_pages, "QFileDialog", Dialog)
    shift = desk.core.shifts.open(desk.office.seller, "0")
    window = sign_in(qtbot, station_app, "finance", keys=False)
    page = window.open_page("reports")
    folder = tmp_path / "Documents" / "vending-station"
    for values, kind, name in [
            ({"kind": "dekad_seller", "year": "2026", "month": "11", "dekad": "3"}, "pdf",
             "dekad-2026-11-D3-by-seller.pdf"),
            ({"kind": "dekad_team", "dekad": "1"}, "csv", "dekad-2026-11-D1-by-team.csv"),
            ({"kind": "month_end"}, "xlsx", "month-2026-11.xlsx"),
            ({"kind": "shift", "shift": str(shift)}, "pdf", f"shift-{shift}-")]:
        page.set_values(**values)
        submit(qtbot, page)
        assert page.export(kind) is None  # cancelled: nothing written
        assert offered[-1].startswith(str(folder / name)), offered[-1]
    assert folder.is_dir()  # made for the first save
    sign_out(qtbot, station_app)


def test_report_tables_speak_the_window_language_and_name_people(desk, card, settings, qtbot):
    import re

    from tests.conftest import open_customer
    from vending_app.core.sales import SaleRequest
    from vending_app.ui.controller import Controller
    open_customer(desk.office, "000000000061")
    desk.core.shifts.open(desk.office.seller, "0")
    desk.core.sales.sell(desk.office.seller, SaleRequest("000000000061", kwh="20"), card)
    with desk.core.db.read() as s:
        today = s.scalar(select(Sale.business_date))
    english = r"^(sale|flat-price|total|subtotal|Seller)\b"
    for language, mine, other in (("en", ["Seller: Sun Seller", "sale"], r"[\u4e00-\u9fff]"),
                                  ("zh_CN", ["售电员：Sun Seller", "售电"], english)):
        controller = Controller(desk.core, settings, language=language)
        controller.start()
        try:
            window = sign_in(qtbot, controller, "finance", keys=False)
            page = window.open_page("reports")
            page.set_values(kind="dekad_seller", year=str(today.year), month=str(today.month),
                            dekad=str(min(3, (today.day - 1) // 10 + 1)))
            submit(qtbot, page)
            model = page.results
            shown = [model.data(model.index(r, c)) for r in range(model.rowCount())
                     for c in range(model.columnCount())]
            for words in mine:
                assert words in shown, (words, shown)
            assert not [t for t in shown if t and re.search(other, t)], shown
            assert "seller" not in shown  # the login is not how people are shown
            sign_out(qtbot, controller)
        finally:
            controller.stop()


def test_an_enter_too_many_on_the_shift_page_opens_or_closes_nothing(station_app, desk, qtbot,
                                                                       tmp_path):
    """A newcomer pressed Enter again after opening and after closing: the
    page had kept the money typed and flipped its action, so the second Enter
    closed the shift, and the third opened a new one with the counted cash
    as its float."""
    window = sign_in(qtbot, station_app, "seller")
    shift = window.open_page("shift")
    qtbot.waitUntil(lambda: "No shift is open" in banner(shift), timeout=10000)
    type_form(qtbot, shift, amount="100")
    assert "open with a float" in submit(qtbot, shift)
    assert shift.values()["action"] == "close" and shift.values()["amount"] == ""
    submit(qtbot, shift)  # Enter again on the emptied form: nothing is closed
    type_form(qtbot, shift, amount="100")
    assert "closed" in submit(qtbot, shift)
    assert shift.banner.property("kind") == "ok"
    assert window.shift_label.text() == "no shift open (F7)"
    z_preview(qtbot, shift, tmp_path)
    assert shift.values()["action"] == "open" and shift.values()["amount"] == ""
    assert "opening float" in submit(qtbot, shift)  # Enter again: no new shift
    with desk.core.db.read() as s:
        rows = s.execute(select(Shift.status, Shift.opening_float)).all()
    assert rows == [(ShiftStatus.CLOSED, D("100.00"))], rows


def test_esc_at_sign_in_clears_the_password_and_never_quits(station_app, desk, qtbot):
    """A newcomer pressed Esc on the sign-in window and the station exited."""
    dialog = station_app.login
    qtbot.keyClicks(dialog.login, "seller")
    qtbot.keyClicks(dialog.password, "wrong")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    qtbot.wait(200)
    assert dialog.isVisible() and station_app.login is dialog
    assert dialog.password.text() == "" and dialog.login.text() == "seller"
    window = sign_in(qtbot, station_app, "")  # the login is still typed: the password now
    assert window is not None


def test_a_failed_build_leaves_no_earlier_sheet_to_print_and_says_why(station_app, desk, qtbot):
    """A newcomer built dekad 1, then asked for dekad 4: the page said 'an
    unexpected error occurred' and its buttons printed dekad 1's sheet."""
    window = sign_in(qtbot, station_app, "finance", keys=False)
    page = window.open_page("reports")
    page.set_values(kind="dekad_seller", year="2026", month="11", dekad="1")
    submit(qtbot, page)
    assert page.sheet is not None and page.buttons["preview"].isEnabled()
    for values, words in [({"dekad": "4"}, "Dekad must be a whole number from 1 to 3"),
                          ({"dekad": "1", "month": "13"}, "Month must be a whole number from 1"),
                          ({"month": "11", "year": "26x"}, "Year must be a whole number")]:
        page.set_values(**values)
        submit(qtbot, page)
        assert words in banner(page) and "unexpected" not in banner(page), banner(page)
        assert page.sheet is None
        assert not any(b.isEnabled() for b in page.buttons.values())
    sign_out(qtbot, station_app)
