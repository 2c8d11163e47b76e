"""The window's way in: the set-up check and the database's upgrade run on
the database thread behind a busy splash that keeps painting, and a damaged
database still reaches the recovery path."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from vending_app.core import startup
from vending_app.core.errors import DatabaseUnusable
from vending_app.ui import controller
from vending_app.ui.first_run import RecoveryDialog


def test_a_slow_damaged_database_opens_behind_a_live_splash_then_recovery(
        qtbot, qapp, monkeypatch, tmp_path):
    path = tmp_path / "station.sqlite3"
    path.write_bytes(b"not a database, whatever it was" * 200)
    url = f"sqlite:///{path}"
    threads, ticks, splash_seen, problems = [], [], [], []
    real_open = startup.open_station

    def slow_open(*args, **kwargs):  # an upgrade that takes its time
        threads.append(threading.current_thread())
        time.sleep(0.6)
        return real_open(*args, **kwargs)

    def setup_check(u):
        threads.append(threading.current_thread())
        return False

    def recovery(dialog):
        problems.append(dialog.problem.text())
        return QDialog.DialogCode.Rejected

    def tick():
        ticks.append(time.monotonic())
        splash_seen.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                           if w.objectName() == "splash" and w.isVisible())

    monkeypatch.setattr(startup, "open_station", slow_open)
    monkeypatch.setattr(startup, "needs_setup", setup_check)
    monkeypatch.setattr(controller, "application", lambda: qapp)
    monkeypatch.setattr(RecoveryDialog, "exec", recovery)
    timer = QTimer(interval=20, timeout=tick)
    timer.start()
    try:
        assert controller.start_station(url, "S01", None, "en") == 1
    finally:
        timer.stop()
    assert threads and threading.main_thread() not in threads, "opened on the GUI thread"
    assert len(ticks) >= 10, "the GUI thread stood still while the database opened"
    assert "Vending station S01: starting" in splash_seen
    assert problems and problems[0], "a damaged database reaches the recovery path"
    try:
        real_open(url, "S01")
        raise AssertionError("the damaged file opened")
    except DatabaseUnusable:
        pass
