"""The clerk's closing and field screens: close an account with its
refund, and the field engineer's tool cards."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem

from vending_app.core import validation
from vending_app.operations import accounts as ops
from vending_app.ui import i18n
from vending_app.ui.account_pages import AsksToOverwrite
from vending_app.ui.i18n import money, tr
from vending_app.ui.widgets import Field, FormPage, Page, RowsModel, shortcut, table


# --- close account ------------------------------------------------------------------
class CloseAccountPage(Page):
    """Find the account, type what each meter shows, close and refund."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Close account and refund"), parent)
        row = QHBoxLayout()
        self.account = QLineEdit(objectName="account", placeholderText=tr("account number"),
                                 maximumWidth=420)
        self.find = QPushButton(tr("Load meters"), objectName="load")
        row.addWidget(self.account)
        row.addWidget(self.find)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)
        self.meters = QTableWidget(0, 3, objectName="meters")
        self.meters.setHorizontalHeaderLabels([tr("Meter"), tr("Last write-back (kWh)"),
                                               tr("Meter shows now (kWh)")])
        self.layout_.insertWidget(2, self.meters)
        self.reason = QLineEdit(objectName="reason", placeholderText=tr("reason"), maximumWidth=680)
        self.layout_.insertWidget(3, self.reason)
        self.close_button = QPushButton(tr("Close account and refund"), objectName="close")
        self.layout_.insertWidget(4, self.close_button)
        self.refunds = RowsModel([("meter_number", tr("Meter")), ("kwh", tr("kWh")),
                                  ("gross", tr("Value")), ("charges_deducted", tr("Charges")),
                                  ("paid", tr("Paid back"))])
        self.layout_.addWidget(table(self.refunds), 1)
        self.account.returnPressed.connect(self.load)
        self.find.clicked.connect(self.load)
        self.reason.returnPressed.connect(self.close_account)
        self.close_button.clicked.connect(self.close_account)

    def first_field(self):
        return self.account

    def load(self) -> None:
        core, actor, account = self.session.core, self.session.actor, self.account.text().strip()

        def job():
            rows = core.accounts.search(actor, account, 5)
            row = next((r for r in rows if r.account_no == account), None)
            if row is None:
                from vending_app.core.errors import NotFound
                raise NotFound("No account {account}.", account=account)
            return [core.lookup.meter_view(actor, m) for m in row.meters]

        self.run(job, self._loaded)

    def _loaded(self, views) -> None:
        live = [v for v in views if v.meter_status == "paired"]
        self.meters.setRowCount(len(live))
        for i, v in enumerate(live):
            for col, text in enumerate([v.meter_number, str(v.reported_remaining_kwh or ""),
                                        str(v.reported_remaining_kwh or "0")]):
                item = QTableWidgetItem(text)
                if col < 2:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.meters.setItem(i, col, item)
        self.say(tr("1 meter. Type what it shows now, a reason, then close.") if len(live) == 1
                 else tr("{n} meters. Type what each meter shows now, a reason, then close.",
                         n=len(live)), "info")
        self.meters.setFocus()

    def close_account(self) -> None:
        core, actor = self.session.core, self.session.actor
        account, reason = self.account.text().strip(), self.reason.text()
        remaining = {self.meters.item(i, 0).text(): self.meters.item(i, 2).text().strip()
                     for i in range(self.meters.rowCount())}

        def done(results):
            self.refunds.set_rows(results)
            total = sum((r.paid for r in results), Decimal("0"))
            self.say(tr("Account {account} closed; pay back {total}.", account=account,
                        total=money(total)))

        self.run(lambda: ops.close_account(core, actor, account, remaining, reason), done)


# --- tool cards -------------------------------------------------------------------------
class ToolCardPage(AsksToOverwrite, FormPage):
    wants_card = True

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [
            Field("kind", tr("Card"), "combo", lambda: [
                ("check", tr("check card")), ("params", tr("parameter card")),
                ("key-change", tr("key-change card"))]),
            Field("meter", tr("Meter number"), check=validation.meter_number),
            Field("threshold", tr("Low-balance threshold (kWh, parameter card)")),
            Field("cap", tr("Credit cap (kWh, parameter card; 0 = none)")),
        ]

        def action(v):
            def on_card(station):
                done = ops.write_tool_card(core, actor, station, v["kind"], v["meter"],
                                           v["threshold"] or None, v["cap"] or None,
                                           overwrite=v["overwrite"])
                return done.answer(tr("Tool card {serial} written for meter {meter}.",
                                      serial=done.value, meter=v["meter"]))
            return on_card

        super().__init__(session, tr("Tool cards"), fields, tr("Write tool card"), action,
                         card=True, busy_text=tr("Writing the tool card..."))
        self.read_button = QPushButton(tr("Read tool card back from the meter [F8]"),
                                       objectName="read_tool")
        shortcut(self, "F8", self.read_button.click)
        self.read_button.clicked.connect(self.read_back)
        self.layout_.insertWidget(3, self.read_button)

    def read_back(self) -> None:
        core, actor = self.session.core, self.session.actor

        def done(r):
            state = tr("confirmed") if r.confirmed else tr("not confirmed")
            self.say(tr("{kind} card {serial} for meter {meter}: {state}. {detail}",
                        kind=i18n.term(r.kind), serial=r.serial, meter=r.meter_number, state=state,
                        detail=i18n.core_text(r.detail))
                     + "".join("\n" + i18n.core_text(a) for a in r.anomalies),
                     "ok" if r.confirmed else "warn")

        self.run(lambda st: core.fieldwork.read_tool_card(actor, st), done, card=True)
