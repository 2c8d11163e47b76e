"""The office screens: business monitoring, station messages, and the
database's safety (backup, check, compaction)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
)

from vending_app.core.permissions import Permission
from vending_app.ui import i18n
from vending_app.ui.i18n import tr
from vending_app.ui.widgets import Page, RowsModel, fit_height, shortcut, table

MONITOR_SECONDS = 5


class MonitorPage(Page):
    """业务监视: every station's operator, shift and sales today, refreshed
    every few seconds while the page is shown (see core.stations for why
    this costs the database next to nothing)."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Business monitoring"), parent)
        self.summary = QLabel(objectName="monitor_summary")
        self.layout_.insertWidget(1, self.summary)
        self.model = RowsModel([
            ("code", tr("Station")), ("name", tr("Station name")), ("online", tr("Online")),
            ("operator_name", tr("Signed in")), ("activity", tr("Activity")),
            ("shift_operator_name", tr("Shift of")), ("shift_opened_at", tr("Shift opened")),
            ("sales_today", tr("Sales today")), ("amount_today", tr("Amount today")),
            ("kwh_today", tr("kWh today")), ("last_sale_at", tr("Last sale")),
            ("host", tr("Computer"))])
        self.view = table(self.model)
        self.layout_.addWidget(self.view, 1)
        self.timer = QTimer(self, interval=MONITOR_SECONDS * 1000)
        self.timer.timeout.connect(self.refresh)
        shortcut(self, "F5", self.refresh)

    def first_field(self):
        return self.view

    def activated(self) -> None:
        super().activated()
        self.refresh()
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        if self.busy:
            return
        core, actor = self.session.core, self.session.actor
        self.busy = True

        def done(snap):
            self.busy = False
            self.model.set_rows(snap.stations)
            n, amount = snap.totals
            online = sum(1 for v in snap.stations if v.online)
            self.summary.setText(tr(
                "{online} of {stations} stations online; today {n} sales, {amount} yuan. "
                "Updated {at}.", online=online, stations=len(snap.stations), n=n,
                amount=i18n.money(amount), at=i18n.day(snap.taken_at)))
            self.finished.emit(True)

        def failed(e):
            self.busy = False
            self.fail(e)
            self.finished.emit(False)

        self.session.tasks.run(lambda: core.stations.monitor(actor), done, failed,
                               background=True)


class MessagesPage(Page):
    """网上交谈: what this station sent and received, each with its read
    receipts; selecting a message received here signs its receipt."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Station messages"), parent)
        self.model = RowsModel([
            ("id", "#"), ("kind", tr("Kind")), ("from_station", tr("From station")),
            ("from_login", tr("From")), ("to_station", tr("To")), ("subject", tr("Subject")),
            ("sent_at", tr("Sent")), ("read_here", tr("Read here")),
            ("readers", tr("Read by"))])
        self.view = table(self.model)
        self.body = QPlainTextEdit(readOnly=True, objectName="message_body")
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(self.body)
        self.layout_.addWidget(split, 1)
        form = QFormLayout()
        self.to = QComboBox(objectName="to")
        self.kind = QComboBox(objectName="kind")
        self.kind.addItem(tr("Question"), "question")
        if session.can(Permission.SEND_NOTICE):
            self.kind.addItem(tr("Notice to every station"), "notice")
        self.subject = QLineEdit(objectName="subject", maxLength=120)
        self.text = QPlainTextEdit(objectName="text")
        self.text.setMaximumHeight(90)
        row = QHBoxLayout()
        self.send_button = QPushButton(tr("Send (Ctrl+Enter)"), objectName="send")
        self.reply_button = QPushButton(tr("Reply (Ctrl+R)"), objectName="reply")
        row.addWidget(self.send_button)
        row.addWidget(self.reply_button)
        form.addRow(tr("To"), self.to)
        form.addRow(tr("Kind"), self.kind)
        form.addRow(tr("Subject"), self.subject)
        form.addRow(tr("Message"), self.text)
        form.addRow(row)
        self.layout_.addLayout(form)
        self.reply_to: int | None = None
        self.send_button.clicked.connect(self.send)
        self.reply_button.clicked.connect(self.reply)
        shortcut(self, "Ctrl+Return", self.send)
        shortcut(self, "Ctrl+R", self.reply)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.show_message(cur.row()))

    def first_field(self):
        return self.view

    def activated(self) -> None:
        super().activated()
        core, actor = self.session.core, self.session.actor

        def load():
            return core.stations.codes(), core.messages.conversation(actor)

        def done(result):
            codes, messages = result
            self.to.clear()
            self.to.addItem(tr("Every station"), "")
            for code, name in codes:
                if code != actor.station_code:
                    self.to.addItem(f"{code} {name}", code)
            self.show_rows(messages)

        self.run(load, done)

    def show_rows(self, messages) -> None:
        self.messages = messages
        self.model.set_rows([{**m.__dict__, "readers": tuple(
            f"{r.station}/{r.login}" for r in m.read_by)} for m in messages])

    def show_message(self, row: int) -> None:
        if not 0 <= row < len(self.messages):
            return
        m = self.messages[row]
        receipts = "\n".join(tr("read at {station} by {login}, {at}", station=r.station,
                                login=r.login, at=i18n.day(r.read_at)) for r in m.read_by)
        self.body.setPlainText(f"{m.subject}\n\n{m.body}\n\n{receipts or tr('not read yet')}")
        if not m.mine and not m.read_here:
            core, actor = self.session.core, self.session.actor
            self.run(lambda: (core.messages.mark_read(actor, [m.id]),
                              core.messages.conversation(actor))[1], self._reloaded)

    def _reloaded(self, messages) -> None:
        row = self.view.currentIndex().row()
        self.show_rows(messages)
        if 0 <= row < len(messages):
            self.view.selectRow(row)
        self.session.messages_seen.emit()

    def reply(self) -> None:
        row = self.view.currentIndex().row()
        if not 0 <= row < len(getattr(self, "messages", [])):
            self.say(tr("Choose the message to answer first."), "warn")
            return
        m = self.messages[row]
        self.reply_to = m.id
        i = self.to.findData(m.from_station)
        self.to.setCurrentIndex(max(0, i))
        self.subject.setText(m.subject if m.subject.startswith("Re: ") else f"Re: {m.subject}")
        self.text.setFocus()

    def send(self) -> None:
        core, actor = self.session.core, self.session.actor
        subject, body = self.subject.text(), self.text.toPlainText()
        to, kind, reply_to = self.to.currentData() or "", self.kind.currentData(), self.reply_to
        if kind == "notice":
            to = ""

        def done(messages):
            self.subject.clear()
            self.text.clear()
            self.reply_to = None
            self.show_rows(messages)
            self.say(tr("Message sent."))

        self.run(lambda: (core.messages.send(actor, subject, body, to, kind, reply_to),
                          core.messages.conversation(actor))[1], done)


class DatabasePage(Page):
    """Backup now, check the database, compact it; the backups at hand."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Database safety"), parent)
        row = QHBoxLayout()
        self.backup_button = QPushButton(tr("Back up now"), objectName="backup")
        self.check_button = QPushButton(tr("Check integrity"), objectName="check")
        self.compact_button = QPushButton(tr("Compact"), objectName="compact")
        for b in (self.backup_button, self.check_button, self.compact_button):
            row.addWidget(b)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)
        self.where = QLabel(objectName="backup_folders", wordWrap=True)
        self.layout_.addWidget(self.where)
        self.model = RowsModel([("file", tr("Backup")), ("made_at", tr("Made")),
                                ("backend", tr("Database")), ("station", tr("Station")),
                                ("rows", tr("Rows")), ("size", tr("Bytes"))])
        backups = table(self.model)
        fit_height(backups)
        self.layout_.addWidget(backups)
        self.layout_.addStretch(1)
        self.backup_button.clicked.connect(self.backup)
        self.check_button.clicked.connect(self.check)
        self.compact_button.clicked.connect(self.compact)

    def first_field(self):
        return self.backup_button

    def activated(self) -> None:
        super().activated()
        core, actor = self.session.core, self.session.actor

        def done(result):
            (db_dir, key_dir), found = result
            self.where.setText(tr("Database backups go to {db}; the wrapped vending keys to "
                                  "{keys}.", db=str(db_dir), keys=str(key_dir)))
            self.model.set_rows([{"file": b.path.name, "made_at": b.made_at,
                                  "backend": b.backend, "station": b.station,
                                  "rows": b.total_rows, "size": b.size_bytes} for b in found])

        self.run(lambda: (core.safety.folders(), core.safety.backups(actor)), done)

    def backup(self) -> None:
        core, actor = self.session.core, self.session.actor

        def done(result):
            self.activated()
            self.say(tr("Backup written: {file} ({rows} rows).", file=result.backup.path.name,
                        rows=result.backup.total_rows))

        self.run(lambda: core.safety.backup(actor), done, busy_text=tr("Backing up…"))

    def check(self) -> None:
        core, actor = self.session.core, self.session.actor

        def done(report):
            if report.ok:
                self.say(tr("The database is sound: {checks}.", checks="; ".join(report.checks)))
            else:
                n, problems = len(report.problems), "; ".join(report.problems[:5])
                self.say(tr("1 problem found: {problems}. Restore the latest good backup or call "
                            "for support.", problems=problems) if n == 1 else
                         tr("{n} problems found: {problems}. Restore the latest good backup or "
                            "call for support.", n=n, problems=problems), "error")

        self.run(lambda: core.safety.check(actor), done, busy_text=tr("Checking…"))

    def compact(self) -> None:
        core, actor = self.session.core, self.session.actor

        def done(sizes):
            self.say(tr("Compacted: {before} → {after} bytes.", before=sizes.before,
                        after=sizes.after) if sizes.before else tr("Compacted."))

        self.run(lambda: core.safety.compact(actor), done, busy_text=tr("Compacting…"))
