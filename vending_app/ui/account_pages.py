"""The clerk's screens: search, open account, pair and issue, replace
meter, reissue, close and refund, charges, tool cards."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from vending_app.core import validation
from vending_app.core.card_guard import OverwriteNeeded
from vending_app.core.fieldwork import RemainingUnconfirmed
from vending_app.core.money import parse_kwh
from vending_app.operations import Changed
from vending_app.operations import accounts as ops
from vending_app.ui import i18n
from vending_app.ui.i18n import kwh, tr
from vending_app.ui.widgets import Field, FormPage, Page, RowsModel, shortcut, table


def meter_types():
    return [(k, i18n.term(k)) for k in ("single_phase", "three_phase", "three_phase_ct")]


def catalog_choices(session, which: str):
    core, actor = session.core, session.actor
    if which == "teams":
        return [(t.code, f"{t.code} {t.name} ({a.code})") for a in core.catalog.list_areas(actor)
                for t in a.teams]
    return [(c.code, f"{c.code} {c.name}") for c in core.catalog.list_categories(actor)]


# --- search ----------------------------------------------------------------------
class SearchPage(Page):
    """As you type: name, resident ID, phone, account, meter or card number."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Customer search"), parent)
        self.query = QLineEdit(objectName="query", clearButtonEnabled=True,
                               placeholderText=tr("name, ID number, phone, account, meter or "
                                                  "card number"))
        self.layout_.insertWidget(1, self.query)
        self.model = RowsModel([
            ("account_no", tr("Account")), ("name", tr("Name")), ("id_number", tr("ID number")),
            ("phone", tr("Phone")), ("address", tr("Address")), ("status", tr("Status")),
            ("team", tr("Team")), ("category", tr("Category")), ("meters", tr("Meters"))])
        self.view = table(self.model)
        self.layout_.addWidget(self.view, 1)
        self.timer = QTimer(self, singleShot=True, interval=120, timeout=self.search)
        self.query.textEdited.connect(lambda _t: self.timer.start())
        self.query.returnPressed.connect(self.search)
        self.view.activated.connect(self.open_customer)  # Enter or a double click on a row
        self._n = 0

    shows = Changed.CUSTOMERS

    def open_customer(self, index) -> None:
        """The customer on that row: a clerk gets Edit customer (details and
        their history), anyone else the sales search (purchases and refunds)."""
        account = self.model.rows[index.row()].account_no
        window = self.window()
        if "edit_customer" in window.specs:
            page = window.open_page("edit_customer")
            page.account.setText(account)
            page.load()
        elif "sales_search" in window.specs:
            page = window.open_page("sales_search")
            page.set_values(customer=account, meter="", receipt="", start="", end="")
            page.go()

    def first_field(self):
        return self.query

    def refresh(self) -> None:
        if self.query.text().strip():
            self.search()

    def search(self) -> None:
        text = self.query.text()
        self._n += 1
        n, core, actor = self._n, self.session.core, self.session.actor

        def shown(rows):
            if n == self._n:  # only the latest keystroke's answer is shown
                self.model.set_rows(rows)
                self.say("" if not text.strip() else tr("1 customer found.") if len(rows) == 1
                         else tr("{n} customers found.", n=len(rows)), "info")
                self.banner.setVisible(bool(text.strip()))

        self.run(lambda: core.accounts.search(actor, text, 100), shown)


# --- forms ------------------------------------------------------------------------
def open_account_page(session):
    core, actor = session.core, session.actor
    fields = [
        Field("name", tr("Name"), check=validation.name),
        Field("id_number", tr("ID number"), check=validation.id_number,
              placeholder=tr("resident ID (18 characters) or other document")),
        Field("phone", tr("Phone"), check=validation.phone),
        Field("address", tr("Address"), check=lambda t: validation.name(t, "Address", 200)),
        Field("team", tr("Supply team"), "combo", lambda: catalog_choices(session, "teams")),
        Field("category", tr("Category"), "combo",
              lambda: catalog_choices(session, "categories")),
    ]

    def action(v):
        done = ops.open_account(core, actor, v["name"], v["id_number"], v["phone"],
                                v["address"], v["team"], v["category"])
        return done.answer(tr("Account {account} opened for {name}. Next: pair a meter and issue "
                              "the card (Accounts menu).", account=done.value, name=v["name"]))

    page = FormPage(session, tr("Open account"), fields, tr("Open account"), action)
    page.shows = Changed.CATALOG  # its teams and categories
    return page


class AsksToOverwrite:
    """A card page whose write may meet a card that is neither blank nor
    ours: the clerk is asked (No by default) and Yes writes again with
    ``overwrite``. A live card of this office is refused by the core and
    never asked about."""

    overwrite = False  # True only while the confirmed write is being queued

    def values(self) -> dict[str, object]:
        return {**super().values(), "overwrite": self.overwrite}

    def fail(self, e: BaseException) -> None:
        super().fail(e)
        if isinstance(e, OverwriteNeeded) and confirm_overwrite(self, e):
            self.overwrite = True  # the clerk's Yes counts for this one write only
            try:
                self.retry()
            finally:
                self.overwrite = False

    def retry(self) -> None:
        self.go()


def confirm_overwrite(page, e: OverwriteNeeded) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Write over this card?"), i18n.error_text(e),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, page,
                      objectName="confirm_overwrite")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class PairIssuePage(AsksToOverwrite, FormPage):
    """Pair a meter to an account (database), then personalise a card for
    it (reader). Either step can be done alone: an account may already have
    its meter, and the card is written only when one is in the reader."""

    wants_card = True

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [
            Field("account", tr("Account")),
            Field("meter", tr("Meter number"), check=validation.meter_number),
            Field("type", tr("Meter type"), "combo", meter_types),
            Field("ct", tr("CT ratio"), default="1", placeholder="150/5"),
            Field("pt", tr("PT ratio"), default="1"),
        ]

        def action(v):
            if v["account"]:
                done = ops.pair_meter(core, actor, v["account"], v["meter"], v["type"], v["ct"],
                                      v["pt"])
                return done.answer(tr("Meter {meter} paired to account {account}. Put a blank "
                                      "card in the reader and press Issue card (F8).",
                                      meter=v["meter"], account=v["account"]))
            return tr("Leave the account empty only to issue a card for a paired meter.")

        super().__init__(session, tr("Pair meter and issue card"), fields, tr("Pair meter"),
                         action, parent=parent)
        self.issue_button = QPushButton(tr("Issue card [F8]"), objectName="issue")
        shortcut(self, "F8", self.issue_button.click)
        self.issue_button.clicked.connect(self.issue)
        self.layout_.insertWidget(3, self.issue_button)

    def retry(self) -> None:
        self.issue()

    def issue(self) -> None:
        v, core, actor = self.values(), self.session.core, self.session.actor
        meter, overwrite = v["meter"], v["overwrite"]
        self.run(lambda st: ops.issue_card(core, actor, meter, st, overwrite),
                 lambda serial: self.say(tr("Card {serial} issued for meter {meter}. Hand it to "
                                            "the customer.", serial=serial, meter=meter)),
                 card=True, busy_text=tr("Writing the card... keep it in the reader."))


def _card_form(session, title, fields, submit, action, busy):
    page = FormPage(session, title, fields, submit, action, card=True, busy_text=busy)
    page.wants_card = True
    return page


def replace_meter_page(session):
    core, actor = session.core, session.actor
    fields = [
        Field("old", tr("Old meter"), check=validation.meter_number),
        Field("new", tr("New meter"), check=validation.meter_number),
        Field("type", tr("New meter type"), "combo", meter_types),
        Field("ct", tr("CT ratio"), default="1"), Field("pt", tr("PT ratio"), default="1"),
        Field("remaining", tr("Old meter shows (kWh)"), check=lambda t: parse_kwh(
            t.strip(), "Remaining", allow_zero=True)),
        Field("reason", tr("Reason"), check=validation.reason),
    ]

    def action(v):
        def on_card(station):
            done = ops.replace_meter(core, actor, station, v["old"], v["new"], v["type"],
                                     v["remaining"], v["reason"], v["ct"], v["pt"],
                                     confirmed=v["confirmed"])
            r = done.value
            return done.answer(tr("Meter {old} replaced by {new}; card {serial} rewritten. Moved {moved} "
                      "(old meter {shown}, unapplied {unapplied}); the card carries {secondary} "
                      "for the new meter, {carry} carried.", old=r.old_meter, new=r.new_meter,
                      serial=r.card_serial, moved=kwh(r.transfer_kwh),
                      shown=kwh(r.old_remaining_kwh), unapplied=kwh(r.unapplied_kwh),
                      secondary=kwh(r.secondary_kwh), carry=kwh(r.carry_kwh)))
        return on_card

    page = ReplaceMeterPage(session, tr("Replace meter"), fields, tr("Replace meter"), action,
                            card=True, busy_text=tr("Replacing: the customer's card stays in "
                                                    "the reader..."))
    page.wants_card = True
    return page


class ReplaceMeterPage(FormPage):
    """A typed balance far below the meter's last report is asked about (No
    by default); Yes replaces with that balance confirmed."""

    confirmed = False  # True only while the confirmed replacement is being queued

    def values(self) -> dict[str, object]:
        return {**super().values(), "confirmed": self.confirmed}

    def fail(self, e: BaseException) -> None:
        super().fail(e)
        if not isinstance(e, RemainingUnconfirmed):
            return
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Is that what the old meter shows?"),
                          i18n.error_text(e),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self,
                          objectName="confirm_remaining")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        if box.exec() == QMessageBox.StandardButton.Yes:
            self.confirmed = True
            try:
                self.go()
            finally:
                self.confirmed = False


class ReissuePage(AsksToOverwrite, FormPage):
    wants_card = True

    def __init__(self, session, parent=None):
        core, actor = session.core, session.actor
        fields = [Field("meter", tr("Meter number"), check=validation.meter_number),
                  Field("reason", tr("Reason"), check=validation.reason)]

        def action(v):
            def on_card(station):
                done = ops.issue_card(core, actor, v["meter"], station, v["overwrite"],
                                      reason=v["reason"])
                return done.answer(tr("Card {serial} issued for meter {meter}; the old card no "
                                      "longer works.", serial=done.value, meter=v["meter"]))
            return on_card

        super().__init__(session, tr("Reissue lost card"), fields, tr("Reissue card"), action,
                         card=True, busy_text=tr("Writing the new card..."), parent=parent)


reissue_page = ReissuePage


def charge_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")), Field("description", tr("Description")),
              Field("amount", tr("Amount (yuan)")),
              Field("percent", tr("Recovered per purchase (%)"), default="30")]

    def action(v):
        done = ops.add_charge(core, actor, v["account"], v["description"], v["amount"],
                              v["percent"])
        return done.answer(tr("Charge of {amount} added to account {account}.",
                              amount=v["amount"], account=v["account"]))

    return FormPage(session, tr("Arrears and charges"), fields, tr("Add charge"), action)
