"""A card left in the reader at sign-in: a seller's sale screen reads it
(their customer comes up, ready to sell, and the read is audited as theirs);
a clerk's sign-in used to read it too, writing a card_read audit event in
the clerk's name for a read they never asked for. Now the clerk's window
says the card is there, and F2 reads it."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import AuditEvent
from tests.ui.conftest import M1, activate, banner, idle, sign_in
from tests.ui.test_business_screens import sign_out


def card_reads(desk) -> list[str]:
    """Who each card_read audit event was written for, oldest first."""
    with desk.core.db.read() as s:
        return list(s.scalars(select(AuditEvent.operator_login).where(
            AuditEvent.action == "card_read").order_by(AuditEvent.id)))


def test_only_a_sellers_sign_in_reads_the_card_left_in_the_reader(station_app, desk, qtbot):
    desk.slot.insert(desk.card)
    qtbot.waitUntil(lambda: station_app.reader.card_in, timeout=15000)
    window = sign_in(qtbot, station_app, "clerk")
    qtbot.waitUntil(lambda: window.card_label.text() == "card in", timeout=15000)
    sale = window.page("sale")
    idle(qtbot, sale)
    assert card_reads(desk) == [] and sale.view is None
    assert "press F2 to read it" in banner(sale)
    activate(qtbot, window)
    with qtbot.waitSignal(sale.card_read, timeout=15000):  # the clerk's own step
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F2)
    idle(qtbot, sale)
    assert sale.fields["meter"].text().startswith(M1) and card_reads(desk) == ["clerk"]
    sign_out(qtbot, station_app)

    window = sign_in(qtbot, station_app, "seller")
    sale = window.page("sale")
    qtbot.waitUntil(lambda: sale.view is not None, timeout=20000)
    idle(qtbot, sale)
    assert card_reads(desk) == ["clerk", "seller"]
