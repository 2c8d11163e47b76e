"""The window's About: the version and the schema revision of the database
the station works on, in the operator's language."""

from importlib import metadata

from PySide6.QtWidgets import QApplication, QMessageBox

from db import migrate
from tests.ui.conftest import activate, sign_in


def about_box(qtbot, window) -> QMessageBox:
    activate(qtbot, window)
    action = next(a for m in window.menuBar().actions() if m.menu()
                  for a in m.menu().actions() if a.text() == "About")
    action.trigger()
    qtbot.waitUntil(lambda: any(w.objectName() == "about" and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=10000)
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "about")


def test_about_shows_the_version_and_the_schema_revision(station_app, qtbot):
    window = sign_in(qtbot, station_app, "seller", keys=False)
    box = about_box(qtbot, window)
    said = box.text()
    assert f"Version {metadata.version('vending-station')}." in said
    assert f"Database schema {migrate.head_revision()} (current)." in said
    assert "Station S01." in said
    box.accept()
