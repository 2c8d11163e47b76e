"""The Qt binding must not leak or drop references when signals carry
values: the station emits thousands of signals a day (every job's result,
every card event). PySide6 6.12.0 dropped a reference to True on each
emit, which on Python 3.11 ends the process after a few thousand; setup.cfg
keeps that version out and this test keeps it out for good."""

import gc
import sys

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from vending_app.ui.tasks import Tasks


class _Source(QObject):
    plain = Signal(int)
    mixed = Signal(int, bool, object)


def test_emitting_signals_keeps_reference_counts(qapp):
    src, got = _Source(), []
    src.plain.connect(lambda v: got.append(v))
    src.mixed.connect(lambda *a: got.append(a), Qt.ConnectionType.QueuedConnection)
    # The cyclic collector freeing an earlier test's garbage mid-loop would
    # move these counts by itself (a CI run saw None drop by 1,447): hold it.
    gc.collect()
    gc.disable()
    try:
        before = {k: sys.getrefcount(k) for k in (None, True, False)}
        for i in range(5000):
            src.plain.emit(i)
            src.mixed.emit(i, bool(i % 2), None)
        QCoreApplication.processEvents()
        assert len(got) == 10000
        got.clear()
        after = {k: sys.getrefcount(k) for k in (None, True, False)}
    finally:
        gc.enable()
    assert all(abs(after[k] - before[k]) < 1000 for k in before), (before, after)


def test_thousands_of_background_jobs(qtbot):
    tasks, results = Tasks(), []
    for i in range(3000):
        tasks.run(lambda i=i: None if i % 2 else i, results.append, results.append)
    qtbot.waitUntil(lambda: len(results) == 3000, timeout=60000)
    assert results.count(None) == 1500
