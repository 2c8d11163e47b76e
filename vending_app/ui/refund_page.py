"""The seller's refund on demand (退电, F4): card in, a reason, Enter shows
what would be taken off the card and paid back; a second Enter (the
confirm button) does it, Esc cancels with nothing written anywhere."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from vending_app.core import validation
from vending_app.operations import OpResult
from vending_app.operations import customer_care as care
from vending_app.operations.cards import read_card
from vending_app.ui import i18n
from vending_app.ui.customer_pages import refund_columns
from vending_app.ui.i18n import kwh, money, tr
from vending_app.ui.widgets import Field, FormPage, shortcut


def preview_columns():
    return [("purchase_seq", tr("Purchase")), ("receipt_no", tr("Receipt")),
            ("business_date", tr("Date")), ("primary_kwh", tr("kWh")),
            ("total_amount", tr("Amount"))]


def settled_lines(check) -> list[str]:
    return [tr("Settled: {line}", line=i18n.core_text(line)) for line in check.settled]


def preview_text(p) -> str:
    """What the refund would do, in the words the clerk confirms."""
    if p.first_seq == p.last_seq:
        which = tr("purchase {seq} (receipt {receipt})", seq=p.first_seq,
                   receipt=p.purchases[0].receipt_no)
    else:
        which = tr("purchases {first} to {last} (receipts {receipts})", first=p.first_seq,
                   last=p.last_seq, receipts=", ".join(x.receipt_no for x in p.purchases))
    lines = [tr("Refund to confirm for {name} (account {account}), meter {meter}:",
                name=p.customer_name, account=p.account_no, meter=p.meter_number),
             tr("take {which} off the card: {kwh}, worth {gross}.", which=which,
                kwh=kwh(p.kwh), gross=money(p.gross))]
    if p.charges_deducted:
        lines.append(tr("Outstanding charges kept from it: {charges}.",
                        charges=money(p.charges_deducted)))
    lines.append(tr("Pay back {paid}.", paid=money(p.paid)))
    lines.append(tr("Enter: confirm the refund. Esc: cancel, nothing changes."))
    return "\n".join(lines)


def done_text(r) -> str:
    if r.first_seq == r.last_seq:
        return tr("Purchase {seq} ({kwh}) taken off the card of meter {meter}. Pay back {paid}.",
                  seq=r.first_seq, kwh=kwh(r.kwh), meter=r.meter_number, paid=money(r.paid))
    return tr("Purchases {first}-{last} ({kwh}) taken off the card of meter {meter}. Pay back "
              "{paid}.", first=r.first_seq, last=r.last_seq, kwh=kwh(r.kwh),
              meter=r.meter_number, paid=money(r.paid))


class RefundPage(FormPage):
    """Two steps, both on the card: ``plan`` is the refund shown and waiting
    for the clerk's confirmation (None: Enter shows one)."""

    wants_card = True

    def __init__(self, session, parent=None):
        fields = [Field("reason", tr("Reason"), check=validation.reason, required=True)]
        super().__init__(session, tr("Refund on demand"), fields, tr("Show the refund [Enter]"),
                         self._action, card=True, result_columns=refund_columns(), parent=parent)
        self.plan = self._asked = None
        self.reason = fields[0].widget
        self.cancel_button = QPushButton(tr("Cancel [Esc]"), objectName="cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.layout_.insertWidget(3, self.cancel_button)
        shortcut(self, "Escape", self.cancel)

    def read_card(self, station) -> OpResult:
        """Read on insertion, before Enter: whose card it is, and what a card
        pulled during an earlier refund or sale left to settle (the read
        settles it)."""
        read = read_card(self.session.core, self.session.actor, station)
        check = read.value.check
        lines = [tr("Card of {name} (account {account}), meter {meter}. Type the reason and "
                    "press Enter to see what would be taken back and paid.",
                    name=check.customer_name, account=check.account_no,
                    meter=check.meter_number)]
        return read.answer("\n".join(lines + settled_lines(check)))

    def _action(self, values):
        """On the card thread: show the refund, or do the one confirmed."""
        core, actor, plan = self.session.core, self.session.actor, self._asked
        if plan is None:
            return lambda station: care.preview_refund(core, actor, station)
        return lambda station: care.refund_on_demand(core, actor, station, values["reason"],
                                                     expect=plan)

    def go(self) -> None:
        if self.busy:
            return
        self._asked = self.plan  # what Enter confirms, fixed before the work starts
        self.busy_text = (tr("Taking the unapplied purchases off the card...") if self.plan
                          else tr("Reading the card..."))
        super().go()

    def show_result(self, result) -> None:
        if isinstance(result, care.RefundAsked):
            self._ask(result)
            return
        self._drop_plan()
        self.results.set_rows([result], refund_columns())
        self.result_view.show()
        self.say(done_text(result), "ok")
        self.reason.clear()  # the next customer's refund needs its own reason
        self.reason.setFocus()

    def _ask(self, asked) -> None:
        self.plan = asked.preview
        self.results.set_rows(list(asked.preview.purchases), preview_columns())
        self.result_view.show()
        self.say("\n".join(settled_lines(asked.check) + [preview_text(asked.preview)]), "warn")
        self.submit.setText(tr("Confirm refund, pay back {paid} [Enter]",
                               paid=money(asked.preview.paid)))
        self.cancel_button.show()
        self.submit.setFocus()

    def _drop_plan(self) -> bool:
        """Back to the first step (nothing was written for the plan)."""
        had, self.plan = self.plan is not None, None
        if had:
            self.results.set_rows([], refund_columns())
            self.submit.setText(tr("Show the refund [Enter]"))
            self.cancel_button.hide()
        return had

    def cancel(self) -> None:
        """Esc: the refund shown is not done; nothing was taken off the card."""
        if self.busy:
            return
        if self._drop_plan():
            self.say(tr("Refund cancelled: nothing was taken off the card or paid."), "info")
        self.reason.setFocus()

    def fail(self, e: BaseException) -> None:
        self._drop_plan()  # refused or failed: Enter shows the refund again from the card
        super().fail(e)

    def card_changed(self, present: bool) -> None:
        """Another card, or none: a refund shown for the last one is not this
        one's. (While the refund is written the card decides: its answer or
        its failure says what happened, not this.)"""
        if not self.busy and self._drop_plan() and not present:
            self.say(tr("Card taken out: nothing was refunded."), "info")
        super().card_changed(present)
