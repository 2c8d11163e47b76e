"""What each role's window offers, and that the services refuse the rest."""

import pytest
from sqlalchemy import select

from db.models import AuditEvent, AuditOutcome
from tests.ui.conftest import banner, idle, sign_in
from vending_app.core.permissions import Permission

EXPECTED = {
    "seller": ({"sale", "shift", "reversal", "reprint", "search", "keys", "station"},
               {"operators", "open_account", "approvals", "reports", "audit", "tool_cards"}),
    "clerk": ({"open_account", "pair_issue", "replace_meter", "reissue", "close_account",
               "tool_cards", "search", "adjustment", "sale"},
              {"shift", "operators", "approvals", "reports", "reprint"}),
    "admin": ({"operators", "tariffs", "catalog", "parameters", "approvals", "audit", "keys",
               "reports", "tool_cards"},
              {"shift", "open_account", "reversal", "reprint"}),
    "finance": ({"reports", "sales_detail", "audit", "reprint", "search"},
                {"sale", "shift", "operators", "open_account", "approvals", "tool_cards"}),
}


@pytest.mark.parametrize("login", list(EXPECTED))
def test_menus_follow_the_role(station_app, qtbot, login):
    window = sign_in(qtbot, station_app, login)
    reach, cannot = EXPECTED[login]
    offered = set(window.actions_)
    assert reach <= offered, reach - offered
    assert not (cannot & offered), cannot & offered
    menus = {m.objectName() for m in window.menuBar().findChildren(type(window.menuBar().
                                                                        actions()[0].menu()))}
    assert "menu_help" in menus  # the manual (F1) and About, for every role
    assert window.menuBar().actions()[-1].menu().objectName() == "menu_help"
    first = window.menuBar().actions()[0]  # the operator's own menu, with its access key
    assert first.text() == "&Operator" and first.menu().objectName() == "menu_operator"
    out = next(a for a in first.menu().actions() if a.objectName() == "act_sign_out")
    assert out.shortcut().toString() == "Ctrl+L"
    assert all("&" in a.text() for a in window.menuBar().actions())
    with pytest.raises(KeyError):
        window.open_page(sorted(cannot)[0])
    for key in sorted(reach):  # every offered screen opens
        assert window.open_page(key) is window.current()


def test_service_refuses_what_the_window_hides(station_app, desk, qtbot):
    """A seller who somehow reaches the operators form is still refused, and
    the attempt is audited."""
    from vending_app.ui.admin_pages import OperatorsPage
    window = sign_in(qtbot, station_app, "seller")
    assert not window.session.can(Permission.MANAGE_OPERATORS)
    page = OperatorsPage(window.session)
    page.set_values(action="create", login="mallory", name="Mallory", role="administrator",
                    password="long-enough-1")
    page.go()
    idle(qtbot, page)
    assert "may not" in banner(page)
    with desk.core.db.read() as s:
        assert s.scalar(select(AuditEvent).where(AuditEvent.outcome == AuditOutcome.DENIED))


def test_wrong_password_is_refused_in_the_dialog(station_app, qtbot):
    from PySide6.QtCore import Qt
    dialog = station_app.login
    qtbot.keyClicks(dialog.login, "seller")
    qtbot.keyClicks(dialog.password, "not-the-password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10000)
    assert station_app.window is None
    assert "password" in dialog.error.text().lower()
