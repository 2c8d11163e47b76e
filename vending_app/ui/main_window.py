"""The station's window: menus that mirror the office, pages on a stack, a
status bar with operator, station, reader, card, shift and keys.

What a role may do decides what the window offers; the services check
again on every call, whatever the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStackedWidget

from vending_app.core.permissions import Permission as P
from vending_app.ui import i18n, style
from vending_app.ui.i18n import tr


@dataclass(frozen=True)
class PageSpec:
    key: str
    menu: str
    title: Callable[[], str]
    permission: P | None
    factory: Callable  # (session) -> Page
    shortcut: str = ""


def menus() -> list[tuple[str, str]]:
    return [("accounts", tr("&Accounts")), ("query", tr("&Query")),
            ("maintenance", tr("&Maintenance")), ("sales", tr("&Sales")),
            ("settings", tr("S&ettings")), ("system", tr("System &parameters")),
            ("business", tr("&Business")), ("auxiliary", tr("Au&xiliary"))]


def page_specs() -> list[PageSpec]:
    from vending_app.ui import account_pages as a
    from vending_app.ui import admin_pages as d
    from vending_app.ui import analysis_pages as n
    from vending_app.ui import business_pages as b
    from vending_app.ui import diagnostics as g
    from vending_app.ui import office_pages as o
    from vending_app.ui.import_page import ImportPage
    from vending_app.ui.sale_page import SalePage
    from vending_app.ui.tariff_pages import TariffsPage
    return [
        PageSpec("open_account", "accounts", lambda: tr("Open account"), P.OPEN_ACCOUNT,
                 a.open_account_page, "Ctrl+N"),
        PageSpec("pair_issue", "accounts", lambda: tr("Pair meter and issue card"), P.PAIR_METER,
                 a.PairIssuePage),
        PageSpec("replace_meter", "accounts", lambda: tr("Replace meter"), P.REPLACE_METER,
                 a.replace_meter_page),
        PageSpec("reissue", "accounts", lambda: tr("Reissue lost card"), P.REISSUE_CARD,
                 a.reissue_page),
        PageSpec("close_account", "accounts", lambda: tr("Close account and refund"),
                 P.CLOSE_ACCOUNT, a.CloseAccountPage),
        PageSpec("charges", "accounts", lambda: tr("Arrears and charges"), P.MANAGE_CHARGES,
                 a.charge_page),
        PageSpec("moving_in", "accounts", lambda: tr("Moving in: import customers"),
                 P.OPEN_ACCOUNT, ImportPage),
        PageSpec("search", "query", lambda: tr("Customer search"), P.SEARCH_CUSTOMERS,
                 a.SearchPage, "F3"),
        PageSpec("sales_detail", "query", lambda: tr("Sales detail"), P.VIEW_REPORTS,
                 b.sales_detail_page),
        PageSpec("tool_cards", "maintenance", lambda: tr("Tool cards"), P.TOOL_CARDS,
                 a.ToolCardPage),
        PageSpec("keys", "maintenance", lambda: tr("Vending keys"), None, d.KeysPage, "F9"),
        PageSpec("sale", "sales", lambda: tr("Sale"), P.QUOTE, SalePage, "F2"),
        PageSpec("reversal", "sales", lambda: tr("Request a reversal"), P.REQUEST_REVERSAL,
                 b.reversal_page),
        PageSpec("reprint", "sales", lambda: tr("Reprint invoice"), P.REPRINT_INVOICE,
                 b.ReprintPage),
        PageSpec("station", "settings", lambda: tr("Station settings"), None, d.StationPage),
        PageSpec("password", "settings", lambda: tr("Change my password"), None,
                 d.password_page),
        PageSpec("operators", "system", lambda: tr("Operators"), P.MANAGE_OPERATORS,
                 d.OperatorsPage),
        PageSpec("tariffs", "system", lambda: tr("Tariffs"), P.MANAGE_TARIFFS, TariffsPage),
        PageSpec("catalog", "system", lambda: tr("Areas, teams and categories"), P.MANAGE_AREAS,
                 d.CatalogPage),
        PageSpec("parameters", "system", lambda: tr("System parameters"), P.MANAGE_SETTINGS,
                 d.ParametersPage),
        PageSpec("shift", "business", lambda: tr("My shift"), P.OPERATE_SHIFT, b.ShiftPage, "F7"),
        PageSpec("approvals", "business", lambda: tr("Approvals"), P.APPROVE, b.ApprovalsPage),
        PageSpec("adjustment", "business", lambda: tr("Request adjustment energy"),
                 P.REQUEST_ADJUSTMENT, b.adjustment_page),
        PageSpec("quota", "business", lambda: tr("Request a flat-price quota"),
                 P.REQUEST_ADJUSTMENT, b.quota_page),
        PageSpec("reports", "auxiliary", lambda: tr("Reports"), P.VIEW_REPORTS, b.ReportsPage),
        PageSpec("audit", "auxiliary", lambda: tr("Audit log"), P.VIEW_AUDIT, d.AuditPage),
        PageSpec("suspicious", "auxiliary", lambda: tr("Suspicious customers"), P.ANALYSES,
                 n.SuspiciousPage),
        PageSpec("line_loss", "auxiliary", lambda: tr("Master meter vs sub-meters"), P.ANALYSES,
                 n.LineLossPage),
        PageSpec("master_readings", "maintenance", lambda: tr("Master meter readings"),
                 P.MASTER_READINGS, n.MasterReadingsPage),
        PageSpec("monitor", "business", lambda: tr("Business monitoring"), P.MONITOR_STATIONS,
                 o.MonitorPage),
        PageSpec("messages", "auxiliary", lambda: tr("Station messages"), P.MESSAGES,
                 o.MessagesPage, "Ctrl+M"),
        PageSpec("database", "system", lambda: tr("Database safety"), P.MAINTAIN_DATABASE,
                 o.DatabasePage),
        PageSpec("diagnostics", "auxiliary", lambda: tr("Diagnostics"), None,
                 g.DiagnosticsPage),
    ]


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
        session.shift_changed.connect(self._shift_state)
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
            if key == "auxiliary" or specs:
                menu = bar.addMenu(text)
                menu.setObjectName(f"menu_{key}")
                for s in specs:
                    act = QAction(s.title(), self, objectName=f"act_{s.key}")
                    if s.shortcut:
                        act.setShortcut(QKeySequence(s.shortcut))
                    act.triggered.connect(lambda _c=False, k=s.key: self.open_page(k))
                    menu.addAction(act)
                    self.actions_[s.key] = act
                if key == "auxiliary":
                    menu.addSeparator()
                    menu.addAction(QAction(tr("About"), self, triggered=self._about))

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
        elif present and "sale" in self.specs:
            self.open_page("sale").card_changed(True)

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

    def _shift_state(self, shift_id) -> None:
        self.shift_label.setText(tr("shift {id} open", id=shift_id) if shift_id
                                 else tr("no shift open (F7)"))
        style.mark(self.shift_label, "ok" if shift_id else "warn")

    def _load_shift(self) -> None:
        if not self.session.can(P.OPERATE_SHIFT):
            self.shift_label.setText(tr("no shift needed"))
            return
        core, actor = self.session.core, self.session.actor
        self.session.tasks.run(lambda: core.shifts.current(actor), self._shift_state,
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

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.about(self, tr("About"), tr("Vending station for prepaid electricity.\n"
                                                 "Station {code}.", code=self.session.actor
                                                 .station_code))

