"""The clerk's day in the window: open an account (validated as typed),
pair a meter and issue its card, replace the meter, reissue a lost card,
close the account with its refund; all through the real card stack."""

from decimal import Decimal as D

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from db.models import (
    AuditEvent,
    Card,
    CardStatus,
    Customer,
    CustomerStatus,
    Meter,
    MeterStatus,
    Sale,
    SaleKind,
)
from tests.cards.test_issue_guard import foreign_image
from tests.conftest import new_id_number, open_customer
from tests.ui.conftest import M1, activate, banner, idle, sign_in

M2, M3 = "000000000002", "000000000003"


def type_form(qtbot, page, **values):
    for f in page.fields:
        if f.key in values and hasattr(f.widget, "setText"):
            f.widget.clear()
            qtbot.keyClicks(f.widget, values[f.key])


def submit(qtbot, page):
    qtbot.keyClick(page.fields[0].widget if hasattr(page.fields[0].widget, "setText")
                   else page.submit, Qt.Key.Key_Return)
    idle(qtbot, page)
    return banner(page)


def test_open_account_validates_as_typed_then_pair_and_issue(station_app, desk, qtbot, tmp_path):
    window = sign_in(qtbot, station_app, "clerk")
    page = window.open_page("open_account")
    idn = new_id_number()
    qtbot.keyClicks(page.fields[1].widget, idn[:-1] + ("0" if idn[-1] != "0" else "1"))
    assert "check digit" in page.fields[1].widget.toolTip()  # marked wrong as typed
    type_form(qtbot, page, name="Wang Wu", id_number=idn, phone="13900000009",
              address="5 Well Road")
    assert not page.fields[1].widget.toolTip()
    text = submit(qtbot, page)
    assert "opened for Wang Wu" in text, text
    with desk.core.db.read() as s:
        account = s.scalar(select(Customer.account_no).where(Customer.id_number == idn))
    assert account in text

    pair = window.open_page("pair_issue")
    type_form(qtbot, pair, account=account, meter=M2)
    assert "paired" in submit(qtbot, pair)
    blank = tmp_path / "blank.json"
    desk.slot.insert(blank)  # a card inserted here belongs to this page, not the sale screen
    qtbot.wait(300)
    assert window.current() is pair
    activate(qtbot, window)
    qtbot.keyClick(pair, Qt.Key.Key_F8)
    idle(qtbot, pair)
    assert "issued for meter 000000000002" in banner(pair), banner(pair)
    with desk.core.db.read() as s:
        card = s.scalar(select(Card).join(Meter).where(Meter.number == M2))
        assert card.status == CardStatus.ACTIVE


def f8_on_pair_and_issue(qtbot, window, desk, image, meter=M2):
    pair = window.open_page("pair_issue")
    desk.slot.insert(image)  # a card inserted here belongs to this page
    qtbot.wait(300)
    type_form(qtbot, pair, meter=meter)
    activate(qtbot, window)
    qtbot.keyClick(pair, Qt.Key.Key_F8)
    idle(qtbot, pair)
    return pair


def answer_overwrite(button, seen: list) -> None:
    """Answer the overwrite question when it comes up; note its default."""
    answer("confirm_overwrite", button, seen)


def test_f8_on_a_live_card_shows_the_refusal_and_writes_nothing(station_app, desk, qtbot):
    open_customer(desk.office, M2, name="Han Meimei")
    before = desk.card.read_bytes()
    window = sign_in(qtbot, station_app, "clerk")
    pair = f8_on_pair_and_issue(qtbot, window, desk, desk.card)
    text = banner(pair)
    assert f"live card of meter {M1} (account {desk.account}, Li Lei)" in text, text
    assert pair.banner.property("kind") == "error"
    desk.slot.remove()
    assert desk.card.read_bytes() == before
    with desk.core.db.read() as s:
        assert s.scalar(select(Card).join(Meter).where(Meter.number == M2)) is None
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "card_issue_refused"))


def test_f8_on_a_foreign_card_asks_first_and_no_is_the_default(station_app, desk, qtbot,
                                                                tmp_path):
    open_customer(desk.office, M2)
    card = foreign_image(tmp_path / "foreign.json")
    before = card.read_bytes()
    window = sign_in(qtbot, station_app, "clerk")
    seen: list = []
    answer_overwrite(QMessageBox.StandardButton.No, seen)
    pair = f8_on_pair_and_issue(qtbot, window, desk, card)
    qtbot.waitUntil(lambda: seen == [True], timeout=15000)  # asked, No by default: No
    idle(qtbot, pair)
    assert "not one of this office's cards" in banner(pair), banner(pair)
    assert card.read_bytes() == before
    answer_overwrite(QMessageBox.StandardButton.Yes, seen)
    activate(qtbot, window)
    qtbot.keyClick(pair, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: seen == [True, True], timeout=15000)
    idle(qtbot, pair)
    assert "issued for meter 000000000002" in banner(pair), banner(pair)
    desk.slot.remove()
    assert card.read_bytes() != before


def test_replace_meter_then_reissue_then_close(station_app, desk, qtbot, tmp_path):
    core, office = desk.core, desk.office
    core.shifts.open(office.seller, "0")
    desk.slot.insert(desk.card)
    core.cards.sell(office.seller, core_station(desk), kwh="50")
    window = sign_in(qtbot, station_app, "clerk")

    page = window.open_page("replace_meter")
    type_form(qtbot, page, old=M1, new=M3, remaining="0", reason="meter burnt out")
    text = submit(qtbot, page)
    assert "replaced by 000000000003" in text, text
    with core.db.read() as s:
        assert s.scalar(select(Meter.status).where(Meter.number == M1)) == MeterStatus.REPLACED
        transfer = s.scalar(select(Sale).where(Sale.kind == SaleKind.TRANSFER))
        assert transfer.primary_kwh == D("50.00")  # the unapplied purchase moved over
    desk.slot.remove()

    lost = tmp_path / "new-card.json"
    desk.slot.insert(lost)
    page = window.open_page("reissue")
    type_form(qtbot, page, meter=M3, reason="customer lost the card")
    assert "old card no longer works" in submit(qtbot, page)
    with core.db.read() as s:
        statuses = sorted(c.status.value for c in s.scalars(
            select(Card).join(Meter).where(Meter.number == M3)))
    assert statuses == ["active", "replaced"]
    desk.slot.remove()

    page = window.open_page("close_account")
    qtbot.keyClicks(page.account, desk.account)
    qtbot.keyClick(page.account, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert page.meters.rowCount() == 1 and page.meters.item(0, 0).text() == M3
    page.meters.item(0, 2).setText("50")  # the new meter shows the moved 50 kWh
    qtbot.keyClicks(page.reason, "moving away")
    qtbot.keyClick(page.reason, Qt.Key.Key_Return)
    idle(qtbot, page)
    assert "closed; pay back ¥26.42" in banner(page), banner(page)
    with core.db.read() as s:
        assert s.scalar(select(Customer.status).where(
            Customer.account_no == desk.account)) == CustomerStatus.CLOSED


def core_station(desk):
    from cards.station import PcscCardStation
    return PcscCardStation(desk.keys)


def test_search_as_you_type(station_app, desk, qtbot):
    window = sign_in(qtbot, station_app, "clerk")
    page = window.open_page("search")
    qtbot.keyClicks(page.query, "Li L")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    assert page.model.rows[0].account_no == desk.account
    page.query.clear()
    qtbot.keyClicks(page.query, M1[:6])
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.rows[0].meters == (M1,),
                    timeout=10000)


def answer(name: str, button, seen: list) -> None:
    """Answer the question box ``name`` when it comes up; note its default."""
    def poke():
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != name:
            QTimer.singleShot(50, poke)
            return
        seen.append(box.defaultButton() is box.button(QMessageBox.StandardButton.No))
        box.button(button).click()
    QTimer.singleShot(50, poke)


def test_a_balance_far_below_the_meters_report_is_asked_about_no_by_default(
        station_app, desk, qtbot):
    """The core refuses a typed balance under half of the meter's last report
    until it is confirmed; the window used to show the refusal with no way to
    confirm. Now it asks (No by default), and Yes replaces the meter."""
    from tests.conftest import meter_applied
    core, office = desk.core, desk.office
    core.shifts.open(office.seller, "0")
    desk.slot.insert(desk.card)
    core.cards.sell(office.seller, core_station(desk), kwh="50")
    meter_applied(core, M1)  # the meter reported 50 kWh left
    window = sign_in(qtbot, station_app, "clerk")
    page = window.open_page("replace_meter")
    type_form(qtbot, page, old=M1, new=M3, remaining="1", reason="meter burnt out")
    seen: list = []
    answer("confirm_remaining", QMessageBox.StandardButton.No, seen)
    text = submit(qtbot, page)
    qtbot.waitUntil(lambda: seen == [True], timeout=15000)
    assert "reported 50.00 kWh left" in text, text
    with core.db.read() as s:
        assert s.scalar(select(Meter.status).where(Meter.number == M1)) == MeterStatus.PAIRED
    answer("confirm_remaining", QMessageBox.StandardButton.Yes, seen)
    text = submit(qtbot, page)
    qtbot.waitUntil(lambda: seen == [True, True], timeout=15000)
    idle(qtbot, page)
    assert "replaced by 000000000003" in banner(page), banner(page)
    with core.db.read() as s:
        assert s.scalar(select(Meter.status).where(Meter.number == M1)) == MeterStatus.REPLACED
