"""After a start that upgraded the database, the window says once where the
backup taken before the upgrade is."""

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import sign_in
from vending_app.core.errors import Note

pytestmark = pytest.mark.parametrize("backend", ["sqlite"])


def test_the_window_says_where_the_backup_before_the_upgrade_is(station_app, desk, qtbot):
    desk.core.upgrade_note = Note("The database was upgraded from schema {old} to {new}. A "
                                  "verified backup of it as it was is at {backup}.", old="0005",
                                  new="0006", backup="/backups/before-upgrade.vbk")
    window = sign_in(qtbot, station_app, "seller", keys=False)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "/backups/before-upgrade.vbk" in boxes[0].text()
    assert desk.core.upgrade_note is None  # said once, not at every sign-in
    boxes[0].close()
