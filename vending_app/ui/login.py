"""Sign in: operator and password, and the language the window speaks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from vending_app.ui import i18n
from vending_app.ui.i18n import LANGUAGES, tr


class LoginDialog(QDialog):
    signed_in = Signal(object)  # the Actor
    language_chosen = Signal(str)

    def __init__(self, core, tasks, language: str, parent=None):
        super().__init__(parent)
        self.core, self.tasks = core, tasks
        self.setWindowTitle(tr("Vending station {station}: sign in", station=core.station_code))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"<h2>{tr('Prepaid electricity vending station')}</h2>"))
        form = QFormLayout()
        self.login = QLineEdit(objectName="login")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        form.addRow(tr("Operator"), self.login)
        form.addRow(tr("Password"), self.password)
        form.addRow(tr("Language"), self.language)
        lay.addLayout(form)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.setStyleSheet("color:#b71c1c")
        lay.addWidget(self.error)
        self.busy = QProgressBar(maximum=0, textVisible=False, maximumHeight=6)
        self.busy.hide()
        lay.addWidget(self.busy)
        self.ok = QPushButton(tr("Sign in"), objectName="sign_in", default=True)
        self.ok.clicked.connect(self.submit)
        lay.addWidget(self.ok)
        self.password.returnPressed.connect(self.submit)
        self.login.returnPressed.connect(self.password.setFocus)
        self.language.activated.connect(
            lambda _i: self.language_chosen.emit(self.language.currentData()))
        self.login.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Esc clears what was typed; it never quits the station (a clerk
        presses it to dismiss a message). Closing the window still quits."""
        if event.key() == Qt.Key.Key_Escape:
            self.error.clear()
            self.password.clear()
            (self.password if self.login.text() else self.login).setFocus()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        login, password = self.login.text().strip(), self.password.text()
        if not login or not password:
            self.error.setText(tr("Type your operator name and password."))
            return
        self.ok.setEnabled(False)
        self.busy.show()
        self.tasks.run(lambda: self.core.auth.login(login, password), self._done, self._failed)

    def _done(self, actor) -> None:
        self.busy.hide()
        self.password.clear()
        self.ok.setEnabled(True)
        self.signed_in.emit(actor)

    def _failed(self, e: BaseException) -> None:
        self.busy.hide()
        self.ok.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.error.setText(i18n.error_text(e))
