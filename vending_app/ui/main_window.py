"""The station's window: menus that mirror the office, pages on a stack, a
status bar with operator, station, reader, card, shift and keys.

What a role may do decides what the window offers; the services check
again on every call, whatever the window shows.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStackedWidget

from vending_app.core.permissions import Permission as P
from vending_app.operations import Changed
from vending_app.ui import i18n, style
from vending_app.ui.i18n import tr
from vending_app.ui.page_specs import PageSpec, menus, page_specs  # noqa: F401 - re-exported


class MainWindow(QMainWindow):
    logout_requested = Signal()

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        a = session.actor
        self.setWindowTitle(tr("Vending station {station} — {name}", station=a.station_code,
                               name=a.full_name))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.pages: dict[str, object] = {}
        self.specs = {s.key: s for s in page_specs()
                      if s.permission is None or session.can(s.permission)}
        self.actions_: dict[str, QAction] = {}
        self._menus()
        self._status_bar()
        session.reader.card_changed.connect(self._card_changed)
        session.reader.state_changed.connect(self._reader_state)
        session.tasks.busy_changed.connect(self.busy.setVisible)
        # Emitted on the worker that unlocked the keys: queued to this (GUI) thread.
        session.keys_changed.connect(self._keys_state, Qt.ConnectionType.QueuedConnection)
        session.changed.connect(self._changed)
        self._reader_state(session.reader.state)
        self._keys_state()
        self._restore()
        self.open_page(self.home())
        self._load_shift()
        self._pollers()

    # --- menus and pages -------------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        self._operator_menu(bar)
        for key, text in menus():
            specs = [s for s in self.specs.values() if s.menu == key]
            if specs:
                menu = bar.addMenu(text)
                menu.setObjectName(f"menu_{key}")
                for s in specs:
                    act = QAction(s.title(), self, objectName=f"act_{s.key}")
                    if s.shortcut:
                        act.setShortcut(QKeySequence(s.shortcut))
                    act.triggered.connect(lambda _c=False, k=s.key: self.open_page(k))
                    menu.addAction(act)
                    self.actions_[s.key] = act
        self._help_menu(bar)

    def _help_menu(self, bar) -> None:
        """Last on the bar, where every desktop program keeps it: the manual
        (F1, at the page the clerk is on) and About."""
        menu = bar.addMenu(tr("&Help"))
        menu.setObjectName("menu_help")
        manual = QAction(tr("Operator's manual"), self, objectName="act_help",
                         triggered=self.show_help)
        manual.setShortcut(QKeySequence(Qt.Key.Key_F1))
        menu.addAction(manual)
        menu.addAction(QAction(tr("About"), self, objectName="act_about", triggered=self._about))

    def _operator_menu(self, bar) -> None:
        """First on the bar, where a clerk looks for it: who is signed in,
        their password, and signing out (Ctrl+L, shown beside it)."""
        a = self.session.actor
        menu = bar.addMenu(tr("&Operator"))
        menu.setObjectName("menu_operator")
        who = QAction(f"{a.full_name} ({i18n.term(a.role.value)})", self, enabled=False,
                      objectName="act_operator")
        menu.addAction(who)
        menu.addSeparator()
        if "password" in self.specs:
            mine = QAction(tr("Change my password"), self, objectName="act_my_password")
            mine.triggered.connect(lambda _c=False: self.open_page("password"))
            menu.addAction(mine)
        out = QAction(tr("&Sign out"), self, objectName="act_sign_out")
        out.setShortcut(QKeySequence("Ctrl+L"))
        out.triggered.connect(lambda _c=False: self.logout_requested.emit())
        menu.addAction(out)

    def home(self) -> str:
        for key in ("sale", "search", "reports", "keys"):
            if key in self.specs:
                return key
        return next(iter(self.specs))

    def page(self, key: str):
        if key not in self.pages:
            spec = self.specs[key]  # KeyError: this role may not reach it
            page = spec.factory(self.session)
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def open_page(self, key: str):
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        page.activated()
        return page

    def current(self):
        return self.stack.currentWidget()

    # --- the card ------------------------------------------------------------------
    def _card_changed(self, present: bool) -> None:
        self.card_label.setText(tr("card in") if present else tr("no card"))
        style.mark(self.card_label, "ok" if present else "")
        page = self.current()
        if getattr(page, "wants_card", False):
            page.card_changed(present)
            sale = self.pages.get("sale")
            if present and sale is not None and sale is not page:
                sale.stale = True  # a card read elsewhere: F2 reads it again, not the last one
        elif present and "sale" in self.specs:
            self.open_page("sale").card_changed(True)

    def card_in_reader(self, read: bool) -> None:
        """A card is in the reader as the window opens. ``read``: read it as
        if just inserted; else only say it is there (reading it is the
        operator's own step, F2, audited as theirs)."""
        if read:
            self._card_changed(True)
            return
        self.card_label.setText(tr("card in"))
        style.mark(self.card_label, "ok")
        sale = self.pages.get("sale")
        if sale is not None and sale is self.current() and sale.view is None:
            sale.say(tr("A card is in the reader: press F2 to read it."), "info")

    def _reader_state(self, state: str) -> None:
        self.reader_label.setText(tr("reader ready") if state == "ready"
                                  else tr("no card reader"))
        style.mark(self.reader_label, "" if state == "ready" else "error")

    def _keys_state(self, _unlocked: bool = True) -> None:
        if not shiboken6.isValid(self.keys_label):
            return
        unlocked = self.session.keys is not None
        self.keys_label.setText(tr("keys unlocked") if unlocked else tr("keys locked (F9)"))
        style.mark(self.keys_label, "ok" if unlocked else "warn")

    def _shift_state(self, state) -> None:
        """``state``: the core's CurrentShift, or None. A close that waits
        for an administrator is not an open shift (no sales, no new one)."""
        if not shiboken6.isValid(self.shift_label):
            return
        if state is None:
            text, kind = tr("no shift open (F7)"), "warn"
        elif state.waiting:
            text, kind = tr("shift {id} waits for approval", id=state.id), "warn"
        else:
            text, kind = tr("shift {id} open", id=state.id), "ok"
        self.shift_label.setText(text)
        style.mark(self.shift_label, kind)

    def _changed(self, changes: Changed) -> None:
        """An action changed the shifts (an open, a close, an approved
        close): the status bar reads this operator's shift again."""
        if changes & Changed.SHIFTS and shiboken6.isValid(self.shift_label):
            self._load_shift()

    def _load_shift(self) -> None:
        if not self.session.can(P.OPERATE_SHIFT):
            self.shift_label.setText(tr("no shift needed"))
            return
        core, actor = self.session.core, self.session.actor
        self.session.tasks.run(lambda: core.shifts.state(actor), self._shift_state,
                               lambda e: self.shift_label.setText(i18n.error_text(e)))

    # --- what runs by itself: presence, messages, the scheduled backup ---------------
    HEARTBEAT_MS, MESSAGES_MS, BACKUP_MS = 30_000, 10_000, 600_000

    def _pollers(self) -> None:
        s = self.session
        self.timers = []
        for ms, fn in ((self.HEARTBEAT_MS, self.heartbeat), (self.MESSAGES_MS, self.poll_messages),
                       (self.BACKUP_MS, self.backup_if_due)):
            timer = QTimer(self, interval=ms)
            timer.timeout.connect(fn)
            timer.start()
            self.timers.append(timer)
        s.messages_seen.connect(self.poll_messages)
        self.poll_messages()

    def heartbeat(self) -> None:
        core, actor = self.session.core, self.session.actor
        activity = self.current().title[:32] if self.current() is not None else ""
        self.session.tasks.run(lambda: core.stations.heartbeat(actor, activity), lambda _r: None,
                               lambda _e: None, background=True)

    def poll_messages(self) -> None:
        if not self.session.can(P.MESSAGES):
            return
        core, actor = self.session.core, self.session.actor

        def done(n):
            if not shiboken6.isValid(self.messages_label):
                return
            self.messages_label.setText("" if not n else tr("1 new message (Ctrl+M)") if n == 1
                                        else tr("{n} new messages (Ctrl+M)", n=n))
            self.messages_label.setVisible(bool(n))
            self.messages_label.setStyleSheet("color:#0d47a1;font-weight:bold" if n else "")
            if n > self.unread:
                self.statusBar().showMessage(tr("A new station message has arrived (Ctrl+M)."),
                                             10_000)
            self.unread = n

        self.session.tasks.run(lambda: core.messages.unread(actor), done, lambda _e: None,
                               background=True)

    def backup_if_due(self) -> None:
        core = self.session.core

        def done(result):
            if result is not None and shiboken6.isValid(self):
                self.statusBar().showMessage(tr("Scheduled backup written: {file}",
                                                file=result.backup.path.name), 10_000)

        def failed(e):
            if shiboken6.isValid(self):
                self.statusBar().showMessage(tr("The scheduled backup failed: {error}",
                                                error=i18n.error_text(e)), 30_000)

        self.session.tasks.run(core.safety.scheduled_backup, done, failed, background=True)

    # --- status bar and layout -----------------------------------------------------------
    def _status_bar(self) -> None:
        a, bar = self.session.actor, self.statusBar()
        self.operator_label = QLabel(f"{a.full_name} ({i18n.term(a.role.value)})",
                                     objectName="status_operator")
        self.station_label = QLabel(tr("station {code}", code=a.station_code))
        self.reader_label = QLabel(objectName="status_reader")
        self.card_label = QLabel(tr("no card"), objectName="status_card")
        self.shift_label = QLabel(objectName="status_shift")
        self.keys_label = QLabel(objectName="status_keys")
        self.messages_label = QLabel(objectName="status_messages")
        self.unread = 0
        self.messages_label.hide()
        self.busy = QProgressBar(maximum=0, maximumWidth=80, maximumHeight=12, textVisible=False)
        self.busy.hide()
        for w in (self.messages_label, self.operator_label, self.station_label,
                  self.reader_label, self.card_label, self.shift_label, self.keys_label):
            bar.addPermanentWidget(w)
        bar.addWidget(self.busy)

    def _restore(self) -> None:
        geometry = self.session.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        for timer in getattr(self, "timers", ()):
            timer.stop()
        self.session.settings.setValue("window/geometry", self.saveGeometry())
        self.session.settings.sync()
        super().closeEvent(event)

    def show_help(self) -> None:
        """F1: the manual's section for the page on screen (ui/help.py)."""
        from vending_app.ui.help import HelpWindow, page_key
        if getattr(self, "help_window", None) is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_section(page_key(self))

    def _about(self) -> None:
        """The version and the database's schema revision (read off the GUI thread)."""
        from vending_app.core.about import version_info
        db = self.session.core.db
        self.session.tasks.run(lambda: version_info(db), self._show_about,
                               lambda e: self._show_about(None), name="about")

    def _show_about(self, info) -> None:
        from PySide6.QtWidgets import QMessageBox
        box = QMessageBox(QMessageBox.Icon.Information, tr("About"),
                          about_text(info, self.session.actor.station_code),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("about")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def about_text(info, station: str) -> str:
    """What About says: the product, its version, the station and the schema
    revision of the database it works on (``info``: a core VersionInfo, or
    None when it could not be had)."""
    from vending_app.core.about import SchemaState
    lines = [tr("Vending station for prepaid electricity."), tr("Station {code}.", code=station)]
    if info is None:
        return "\n".join(lines)
    lines.insert(1, tr("Version {version}.", version=info.version))
    if info.state is SchemaState.CURRENT:
        lines.append(tr("Database schema {revision} (current).", revision=info.schema))
    elif info.state is SchemaState.UNREADABLE:
        lines.append(tr("The database's schema cannot be read: {detail}", detail=info.detail))
    else:
        lines.append(tr("Database schema {revision}; this version's is {head}.",
                        revision=info.schema or "—", head=info.schema_head))
    return "\n".join(lines)
