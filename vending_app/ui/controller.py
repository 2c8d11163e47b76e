"""The application's life: sign in, the window, sign out, and back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from vending_app.core.permissions import Permission
from vending_app.ui import i18n, style
from vending_app.ui.login import LoginDialog
from vending_app.ui.main_window import MainWindow
from vending_app.ui.reader import Reader
from vending_app.ui.session import Session
from vending_app.ui.tasks import Tasks, guard_card_thread

ORG, APP = "vending-station", "station"


def station_settings(core) -> QSettings:
    """Per station, per user: window layout, reader, language."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG,
                     f"{APP}-{core.station_code}")


class Controller(QObject):
    def __init__(self, core, settings: QSettings | None = None, language: str | None = None):
        super().__init__()
        self.core = core
        self.settings = settings or station_settings(core)
        self.language = i18n.install(language or self.settings.value("language") or None)
        self.tasks = Tasks(self)
        self.reader = Reader(self.settings.value("reader") or None, self)
        self.window: MainWindow | None = None
        self.session: Session | None = None
        self.login: LoginDialog | None = None

    def start(self) -> LoginDialog:
        self.reader.start()
        return self.show_login()

    def show_login(self) -> LoginDialog:
        self.login = LoginDialog(self.core, self.tasks, self.language)
        self.login.signed_in.connect(self.signed_in)
        self.login.language_chosen.connect(self.set_language)
        self.login.show()
        return self.login

    def set_language(self, language: str) -> None:
        self.settings.setValue("language", language)
        self.language = i18n.install(language)
        if self.login is not None:  # the sign-in window, in the new language
            old, self.login = self.login, None
            typed = old.login.text(), old.password.text()
            old.close()
            old.deleteLater()
            new = self.show_login()
            new.login.setText(typed[0])  # what was typed is kept, not wiped
            new.password.setText(typed[1])
            (new.password if typed[0] else new.login).setFocus()

    def signed_in(self, actor) -> MainWindow:
        self.session = Session(self.core, actor, self.tasks, self.reader, self.settings, self)
        self.session.language_requested.connect(self.relabel)
        if self.login is not None:
            self.login.close()
            self.login.deleteLater()
            self.login = None
        self._open_window()
        self._recover(self.window)
        passphrase = self.session.env_passphrase()
        if passphrase:
            # The card in the reader is read once the keys are there, not before:
            # read at once, it said "keys locked" while the status bar said unlocked.
            session, window = self.session, self.window
            self.tasks.run(lambda: session.unlock_keys(passphrase),
                           lambda _k: self._present_card(window),
                           lambda _e: self._present_card(window))
        else:
            self._present_card(self.window)
        return self.window

    def _recover(self, window: MainWindow) -> None:
        """Sales and refunds a stopped station left pending: what the books
        prove is settled now (before the card in the reader is read, which
        settles its own); the rest is listed, each waiting for its card."""
        from vending_app.operations.sales import recover_at_start
        session = self.session
        if not session.can(Permission.QUOTE):
            return

        def done(result) -> None:
            if window is not self.window:
                return
            session.changed.emit(result.changes)
            if result.value.sales or result.value.refunds:
                box = QMessageBox(QMessageBox.Icon.Information, i18n.tr("Waiting for a card"),
                                  waiting_text(result.value), QMessageBox.StandardButton.Ok,
                                  window)
                box.setObjectName("waiting_for_card")
                box.open()
        self.tasks.run(lambda: recover_at_start(session.core, session.actor), done,
                       lambda _e: None, name="recover_at_start")

    def _present_card(self, window: MainWindow) -> None:
        """A card already in the reader at sign-in: a seller's sale screen
        reads it as if just inserted (the customer comes up, ready to sell).
        Anyone else did not ask for that read, which wrote a card_read audit
        event in their name for whatever card was left in the reader: their
        window shows the card is there, and F2 (or putting it in) reads it."""
        if window is self.window and window is not None and self.reader.card_in:
            window.card_in_reader(read=self.session.can(Permission.SELL))

    def _open_window(self) -> None:
        self.window = MainWindow(self.session)
        self.window.logout_requested.connect(self.sign_out)
        self.window.show()
        note, self.core.upgrade_note = getattr(self.core, "upgrade_note", None), None
        if note:  # once: the database was upgraded at this start, and where its backup is
            box = QMessageBox(QMessageBox.Icon.Information, i18n.tr("Database upgraded"),
                              i18n.core_text(note), QMessageBox.StandardButton.Ok, self.window)
            box.open()

    def relabel(self, language: str) -> None:
        """A new language: the window is built again in it, same operator."""
        self.settings.setValue("language", language)
        self.language = i18n.install(language)
        old = self.window
        geometry = old.saveGeometry()
        self._open_window()
        self.window.restoreGeometry(geometry)  # the same size and place as before
        old.close()
        old.deleteLater()
        self._present_card(self.window)  # the card in the reader, read into the new window

    def sign_out(self) -> None:
        core, actor = self.core, self.session.actor
        self.tasks.run(lambda: core.auth.logout(actor), lambda _r: None, lambda _e: None)
        self.window.close()
        self.window.deleteLater()
        self.window, self.session = None, None
        self.show_login()

    def stop(self) -> None:
        self.reader.stop()
        self.tasks.shutdown()
        for w in (self.window, self.login):
            if w is not None:
                w.close()
                w.deleteLater()
        self.window = self.login = None


def waiting_text(waiting) -> str:
    """The start-up notice: every half-done sale and refund, and what to do."""
    tr = i18n.tr
    lines = [tr("The station stopped in the middle of these. Put each customer's card in the "
                "reader: the card settles what it holds.")]
    lines += [tr("Sale {id}: purchase {seq} to meter {meter} ({name}), {total}", id=p.sale_id,
                 seq=p.purchase_seq, meter=p.meter_number, name=p.customer_name,
                 total=i18n.money(p.total)) for p in waiting.sales]
    lines += [tr("Refund {id}: purchases {first} to {last} of meter {meter} (account "
                 "{account}), {value}", id=r.refund_id, first=r.first_seq, last=r.last_seq,
                 meter=r.meter_number, account=r.account_no, value=i18n.money(r.gross))
              for r in waiting.refunds]
    return "\n".join(lines)


def application() -> QApplication:
    """The one QApplication, named and styled."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP)
    app.setOrganizationName(ORG)
    style.apply(app)
    return app


def run(core, language: str | None = None) -> int:
    app = application()
    guard_card_thread()
    controller = Controller(core, language=language)
    controller.start()
    code = app.exec()
    controller.stop()
    return code


def _open(tasks, splash, url: str, station: str):
    """The station's core, once the database opens (recovered if need be);
    None when the operator gives up or the station cannot start."""
    from cards.keystore import CardKeyVault
    from vending_app.core.errors import DatabaseUnusable, StateError
    from vending_app.core.startup import open_station
    from vending_app.ui.first_run import RecoveryDialog
    while True:
        try:
            return splash.wait_for(
                tasks, lambda: open_station(url, station, key_vault=CardKeyVault()),
                "open_station")
        except DatabaseUnusable as e:
            splash.hide()
            if RecoveryDialog(tasks, e, url, station).exec() != QDialog.DialogCode.Accepted:
                return None
        except StateError as e:  # a failed upgrade put back, a newer database: say, stop
            splash.hide()
            QMessageBox.critical(None, i18n.tr("The station cannot start"), i18n.error_text(e))
            return None


def start_station(url: str, station: str, config, language: str | None = None) -> int:
    """The window's way in: set-up on a fresh install, recovery when the
    database is missing or damaged, then sign-in. The checks and the
    upgrade run on the database thread behind a busy splash: the window
    paints and moves however long an upgrade takes."""
    from vending_app.core.startup import load_config, needs_setup
    from vending_app.ui.first_run import SetupWizard
    from vending_app.ui.splash import BusySplash
    application()
    i18n.install(language)
    tasks = Tasks()
    splash = BusySplash(station, config.name if config else None)
    try:
        if config is None and splash.wait_for(tasks, lambda: needs_setup(url), "needs_setup"):
            splash.hide()
            wizard = SetupWizard(tasks)
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return 1
            config = load_config()
            url, station = config.db_url, config.station
        core = _open(tasks, splash, url, station)
        if core is None:
            return 1
    finally:
        splash.close()
        splash.deleteLater()
        tasks.shutdown()
    return run(core, language)
