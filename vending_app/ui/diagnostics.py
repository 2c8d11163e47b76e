"""Help for support: where the log is, its last lines and the last card
exchange (vending_app/applog.py reads them; this page only shows them), and
how the window shows an exception nothing caught without going down."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPlainTextEdit, QPushButton

from vending_app import applog
from vending_app.ui import i18n
from vending_app.ui.i18n import tr
from vending_app.ui.widgets import Page

LOG_LINES = 50


class DiagnosticsPage(Page):
    def __init__(self, session, parent=None):
        super().__init__(session, tr("Diagnostics"), parent)
        self.folder = QLabel(objectName="log_folder", wordWrap=True)
        self.folder.setTextInteractionFlags(self.banner.textInteractionFlags())
        self.log_view = self._text("log_lines")
        self.card_view = self._text("card_trace")
        refresh = QPushButton(tr("Refresh"), objectName="refresh")
        refresh.clicked.connect(self.refresh)
        for widget, stretch in ((QLabel(tr("Log folder:")), 0), (self.folder, 0),
                                (QLabel(tr("Last lines of the log:")), 0), (self.log_view, 3),
                                (QLabel(tr("Last card exchange:")), 0), (self.card_view, 1),
                                (refresh, 0)):
            self.layout_.addWidget(widget, stretch)

    @staticmethod
    def _text(name: str) -> QPlainTextEdit:
        view = QPlainTextEdit(objectName=name, readOnly=True)
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        return view

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        if not self.busy:
            self.run(lambda: applog.snapshot(LOG_LINES), self._show)

    def _show(self, snap: applog.Snapshot) -> None:
        self.folder.setText(str(snap.folder))
        self.log_view.setPlainText("\n".join(snap.lines) or tr("The log is empty."))
        self.log_view.verticalScrollBar().setValue(self.log_view.verticalScrollBar().maximum())
        self.card_view.setPlainText("\n".join(snap.card)
                                    or tr("No card exchange since the station started."))


_box: QMessageBox | None = None


def show_uncaught(error: BaseException) -> None:
    """applog's listener in the window: an exception nothing caught (a slot's)
    was logged; tell the operator, without a modal loop, and carry on. One
    box at a time: a failing timer does not stack windows."""
    global _box
    app = QApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return  # before the window, or off the GUI thread: the log has it
    if _box is None or not shiboken6.isValid(_box):
        # Owned by a window, so Qt frees it with the window, not Python at exit.
        owner = app.activeWindow() or next((w for w in app.topLevelWidgets() if w.isVisible()),
                                           None)
        _box = QMessageBox(QMessageBox.Icon.Critical, tr("Unexpected error"), "",
                           QMessageBox.StandardButton.Ok, owner)
        _box.setObjectName("uncaught_error")
        _box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _box.setModal(False)
    _box.setText(i18n.error_text(error))
    _box.show()
    _box.raise_()
