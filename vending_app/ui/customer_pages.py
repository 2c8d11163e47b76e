"""The clerk's customer maintenance (edit with history, change of owner,
category or team, suspension, unpairing one meter). The seller's refund on
demand (退电) is in refund_page.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QPushButton

from vending_app.core import validation
from vending_app.core.customer_edits import DETAILS, DetailsEdit
from vending_app.core.money import parse_kwh
from vending_app.operations import customer_care as care
from vending_app.ui.account_pages import catalog_choices
from vending_app.ui.i18n import money, tr
from vending_app.ui.widgets import Field, FormPage, Page, RowsModel, table


def kind_text(kind: str) -> str:
    return {"edit": tr("correction"), "owner": tr("change of owner"),
            "category": tr("change of category"), "team": tr("change of team"),
            "suspend": tr("suspended"), "reactivate": tr("reactivated"),
            "unpair": tr("meter unpaired")}.get(kind, kind)


def field_text(key: str) -> str:
    return {"name": tr("Name"), "phone": tr("Phone"), "id_number": tr("ID number"),
            "address": tr("Address"), "category": tr("Category"), "team": tr("Team"),
            "status": tr("Status"), "meter": tr("Meter"), "refund": tr("Refund"),
            "kwh": tr("kWh"), "paid": tr("Paid back")}.get(key, key)


def values_text(values: dict) -> str:
    return "; ".join(f"{field_text(k)}: {'' if v is None else v}" for k, v in values.items())


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    change: str
    effective_from: date
    before: str
    after: str
    reason: str
    operator: str


def history_columns():
    return [("at", tr("When")), ("change", tr("Change")), ("effective_from", tr("From")),
            ("before", tr("Before")), ("after", tr("After")), ("reason", tr("Reason")),
            ("operator", tr("Operator"))]


def status_text(status: str) -> str:
    return {"open": tr("open"), "suspended": tr("suspended"),
            "closed": tr("closed")}.get(status, status)


class CustomerEditPage(Page):
    """Account number, Enter: its details to correct and its history. Enter
    in a detail saves; the values it replaces join the history."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Edit customer"), parent)
        row = QHBoxLayout()
        self.account = QLineEdit(objectName="account", placeholderText=tr("account number"),
                                 maximumWidth=420)
        self.load_button = QPushButton(tr("Load"), objectName="load")
        row.addWidget(self.account)
        row.addWidget(self.load_button)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)
        form, self.edits = QFormLayout(), {}
        for key in (*DETAILS, "reason"):
            w = QLineEdit(objectName=key, maximumWidth=420)
            w.returnPressed.connect(self.save)
            form.addRow(field_text(key) if key != "reason" else tr("Reason"), w)
            self.edits[key] = w
        self.edits["reason"].setText(tr("correction"))
        box = QGroupBox(objectName="form_card", maximumWidth=680)
        box.setLayout(form)
        self.layout_.insertWidget(2, box)
        self.save_button = QPushButton(tr("Save changes"), objectName="save")
        self.layout_.insertWidget(3, self.save_button)
        self.history = RowsModel(history_columns())
        self.layout_.addWidget(table(self.history), 1)
        self.account.returnPressed.connect(self.load)
        self.load_button.clicked.connect(self.load)
        self.save_button.clicked.connect(self.save)
        self.loaded: dict[str, str] = {}

    def first_field(self):
        return self.account

    def load(self, then: str = "") -> None:
        """``then``: what to say once loaded (the result of a save)."""
        core, actor, account = self.session.core, self.session.actor, self.account.text().strip()

        def job():
            row = next((r for r in core.accounts.search(actor, account, 5)
                        if r.account_no == account), None)
            if row is None:
                from vending_app.core.errors import NotFound
                raise NotFound("No account {account}.", account=account)
            return row, core.customers.history(actor, account)

        self.run(job, lambda found: self._loaded(found, then))

    def _loaded(self, found, then: str = "") -> None:
        row, history = found
        self.loaded = {k: getattr(row, k) for k in DETAILS}
        for k, v in self.loaded.items():
            self.edits[k].setText(v)
        self.history.set_rows([HistoryLine(h.at, kind_text(h.kind), h.effective_from,
                                           values_text(h.before), values_text(h.after),
                                           h.reason, h.operator) for h in history])
        self.say(then or tr("Account {account}: {name} ({status}). Correct what is wrong, then "
                            "Enter.", account=row.account_no, name=row.name,
                            status=status_text(row.status)), "ok" if then else "info")
        self.edits["name"].setFocus()
        self.edits["name"].selectAll()

    def save(self) -> None:
        core, actor, account = self.session.core, self.session.actor, self.account.text().strip()
        typed = {k: self.edits[k].text().strip() for k in DETAILS}
        edit = DetailsEdit(**{k: v for k, v in typed.items() if v != self.loaded.get(k)})
        reason = self.edits["reason"].text()

        def job():
            return care.edit_details(core, actor, account, edit, reason).answer(account)

        def done(_account):
            self.load(tr("Account {account} corrected; the previous values are kept in its "
                         "history.", account=account))

        self.run(job, done)


def owner_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")),
              Field("name", tr("New holder"), check=validation.name),
              Field("id_number", tr("ID number"), check=validation.id_number),
              Field("phone", tr("Phone"), check=validation.phone,
                    placeholder=tr("leave empty to keep")),
              Field("day", tr("Effective date"), "date"),
              Field("reason", tr("Reason"), default=tr("change of owner"))]

    def action(v):
        done = care.change_owner(core, actor, v["account"], v["name"], v["id_number"], v["day"],
                                 v["phone"] or None, v["reason"])
        return done.answer(tr("Account {account} is held by {name} from {day}; its meters, balance and "
                  "purchases stay with it.", account=v["account"], name=v["name"], day=v["day"]))

    return FormPage(session, tr("Change of owner"), fields, tr("Change owner"), action)


def category_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")),
              Field("category", tr("Category"), "combo",
                    lambda: catalog_choices(session, "categories")),
              Field("day", tr("Sales priced from"), "date"),
              Field("reason", tr("Reason"), default=tr("change of category"))]

    def action(v):
        done = care.change_category(core, actor, v["account"], v["category"], v["day"],
                                    v["reason"])
        return done.answer(tr("Account {account}: sales from {day} are priced as {category}.",
                              account=v["account"], day=v["day"], category=v["category"]))

    return FormPage(session, tr("Change of category"), fields, tr("Change category"), action)


def team_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")),
              Field("team", tr("Supply team"), "combo", lambda: catalog_choices(session, "teams")),
              Field("reason", tr("Reason"), default=tr("change of team"))]

    def action(v):
        done = care.change_team(core, actor, v["account"], v["team"], v["reason"])
        return done.answer(tr("Account {account} moved to team {team}.", account=v["account"],
                              team=v["team"]))

    return FormPage(session, tr("Change of supply team"), fields, tr("Change team"), action)


def suspension_page(session):
    core, actor = session.core, session.actor
    fields = [Field("account", tr("Account")),
              Field("what", tr("Action"), "combo",
                    [("suspend", tr("Suspend: no sales")), ("reactivate", tr("Reactivate"))]),
              Field("reason", tr("Reason"), check=validation.reason)]

    def action(v):
        suspend = v["what"] == "suspend"
        done = care.set_suspended(core, actor, v["account"], suspend, v["reason"])
        if suspend:
            return done.answer(tr("Account {account} suspended: no sales until it is "
                                  "reactivated.", account=v["account"]))
        return done.answer(tr("Account {account} reactivated.", account=v["account"]))

    return FormPage(session, tr("Suspend or reactivate"), fields, tr("Apply"), action)


def refund_columns():
    return [("meter_number", tr("Meter")), ("first_seq", tr("From purchase")),
            ("last_seq", tr("To purchase")), ("kwh", tr("kWh")), ("gross", tr("Value")),
            ("charges_deducted", tr("Charges")), ("paid", tr("Paid back"))]


def unpair_page(session):
    core, actor = session.core, session.actor
    fields = [Field("meter", tr("Meter number"), check=validation.meter_number),
              Field("remaining", tr("Meter shows now (kWh)"), default="0",
                    check=lambda t: parse_kwh(t.strip(), "Remaining", allow_zero=True)),
              Field("reason", tr("Reason"), check=validation.reason)]

    def action(v):
        def on_card(station):
            done = care.unpair_meter(core, actor, station, v["meter"], v["remaining"],
                                     v["reason"])
            out = done.value
            total = sum(r.paid for r in out)
            return done.answer((tr("Meter {meter} unpaired; the account stays open. Pay back "
                                   "{total}.", meter=v["meter"], total=money(total)), out))
        return on_card

    page = FormPage(session, tr("Unpair one meter"), fields, tr("Unpair and refund"), action,
                    card=True, busy_text=tr("Taking the unapplied purchases off the card..."),
                    result_columns=refund_columns())
    page.wants_card = True
    return page
