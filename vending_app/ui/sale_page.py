"""The sale screen: the card brings it up, the keyboard does the rest.

Insert card -> customer, meter, multiplier, the meter's last write-back and
purchase history -> type kWh or money (live quote) -> Enter sells -> the
card is written and read back -> invoice -> take the card out, next card.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from PySide6.QtCore import QTimer, Signal

from vending_app.core.errors import ValidationError
from vending_app.core.money import parse_money
from vending_app.operations import Changed
from vending_app.operations import sales as ops
from vending_app.operations.cards import read_card
from vending_app.ui import i18n, style
from vending_app.ui.i18n import kwh, money, tr
from vending_app.ui.invoice import deliver
from vending_app.ui.sale_layout import SaleLayout, Typed
from vending_app.ui.widgets import Page, keep_place


class SalePage(SaleLayout, Page):
    wants_card = True
    sold = Signal(object)  # the SaleResult, once committed
    card_read = Signal(bool)  # a card was read (True) or could not be (False)

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Sale"), parent)
        self.check = self.view = self.last_sale = None
        self._quote_no = 0
        self.quote = None  # the quote for what is typed now, once it came back
        self.sell_when_priced = False  # Enter was pressed before the quote came back
        self.reading: bool | None = None  # a card read under way (pulled meanwhile?)
        self.sale_failed = False  # the last write failed: its message outlasts the card
        self.count_cash = True  # sale.count_cash: Enter sells only on enough cash
        self.min_amount = None  # sale.min_amount, once a card is read
        self.stale = False  # another page changed the customer shown: read the card again
        self.quote_timer = QTimer(self, singleShot=True, interval=150, timeout=self._quote)
        session.shift_changed.connect(self._shift_opened)
        self._build()
        # The banner keeps two lines' room, hidden or not: a longer message (a
        # sale's receipt) does not move the history and repaint it.
        keep_place(self.banner)
        self.banner.ensurePolished()
        self.banner.setMinimumHeight(self.banner.fontMetrics().lineSpacing() * 2 + 12)
        self.clear(tr("Insert the customer's card."))

    def first_field(self):
        return self.buy_edit if self.buy_edit.isEnabled() else None

    def activated(self) -> None:
        """F2 with a card in the reader that was not read (keys unlocked
        since, an error put right): read it now."""
        stale, self.stale = self.stale, False
        if stale and not self.session.reader.card_in and not self.busy:
            self.clear(tr("Insert the customer's card."))
        if ((self.view is None or stale) and not self.busy and self.session.reader.card_in
                and self.session.keys is not None):
            if stale:
                self._clear_entry()  # the last sale's total and change are not this state's
            self.read_card()
        super().activated()

    def _shift_opened(self, shift_id) -> None:
        """A shift opened (F7) while a card is shown: the 'open a shift'
        refusal on screen is no longer true."""
        if shift_id and self.view is not None and not self.busy:
            self.say(tr("Shift {id} is open. Type kWh or an amount, then Enter.", id=shift_id),
                     "info")

    # --- the card ------------------------------------------------------------------
    def card_changed(self, present: bool) -> None:
        if self.reading is not None:  # a read is under way: one read per insertion
            self.reading = self.reading or not present  # pulled meanwhile: read it again
            if present:
                return
        if present:
            self.read_card()
        elif not self.busy and self.sale_failed:
            self.clear()  # a sale failed as the card went: its "put it back" stays on screen
        elif not self.busy:
            done = self.last_sale is not None
            self.clear(tr("Card taken out. Insert the next customer's card.") if done
                       else tr("Insert the customer's card."), keep_banner=done)

    def read_card(self) -> None:
        core, actor = self.session.core, self.session.actor

        def job(station):
            return read_card(core, actor, station)

        self.last_sale = None
        self.sale_failed = False
        self.reading = False  # True once the card was pulled during this read
        self._type_ahead()
        self.run(job, self._read_done(self._show_card), card=True,
                 busy_text=tr("Reading the card..."), failed=self._read_done(self._card_failed))

    def _type_ahead(self) -> None:
        """While the card is read the amount and the cash take what is typed
        (a clerk types as the customer speaks, F2 then the amount): the read
        keeps it and prices it, or clears it if no sale may follow. Nothing
        sells before the read is shown (the sell key waits for it)."""
        self.check = self.view = None  # a quote or a sale is for the card being read
        self.sell_button.setEnabled(False)
        for edit in (self.buy_edit, self.tendered_edit):
            edit.setEnabled(True)
        if not self.tendered_edit.hasFocus():
            self.buy_edit.setFocus()

    def _read_done(self, then):
        """After a read: show it, then read again if the card was pulled and
        put back meanwhile (what was read may be stale)."""
        def done(value):
            again, self.reading = self.reading, None
            then(value)
            if again and self.session.reader.card_in:
                self.read_card()
        return done

    def _card_failed(self, e: BaseException) -> None:
        self.clear(keep_banner=False)
        self.say(i18n.error_text(e), "error")  # a read, not a sale: nothing to undo
        self.card_read.emit(False)

    def clear(self, text: str = "", keep_banner: bool = False) -> None:
        self.check = self.view = None
        for label in self.fields.values():
            label.setText("—")
        self.history.set_rows([])
        self._clear_entry()
        for edit in (self.buy_edit, self.tendered_edit):
            edit.setEnabled(False)
        self.sell_button.setEnabled(False)
        self.adjust_button.hide()
        self.set_mode("kwh")  # every customer starts in kWh, as the keys on screen say
        if text and not keep_banner:
            self.say(text, "info")
        elif text:
            self.say(self.banner.text() + "\n" + text, self.banner.property("kind") or "ok")

    def _clear_entry(self) -> None:
        self._quote_no += 1  # a quote still on its way is for what was cleared
        self.quote = None
        self.sell_when_priced = False
        for edit in (self.buy_edit, self.tendered_edit):
            edit.clear()
        self.quote_label.setText("")
        self._show_totals()

    def _cancel(self) -> None:
        """Esc: start this customer's purchase again."""
        self._clear_entry()
        if self.banner.property("kind") == "error":
            self.banner.hide()  # what it said was about the amounts just cleared
        if self.buy_edit.isEnabled():
            self.buy_edit.setFocus()

    # --- quote -----------------------------------------------------------------------
    def _request(self) -> Typed:
        """What is typed, as the core takes it (it checks the numbers)."""
        value = i18n.parse_decimal(self.buy_edit.text()) or None
        t = i18n.parse_decimal(self.tendered_edit.text()) if self.count_cash else ""
        return Typed(value if self.mode == "kwh" else None,
                     value if self.mode == "amount" else None, t or None)

    def _quote(self) -> None:
        """Price what is typed (off the GUI thread); the newest keystroke wins."""
        self._quote_no += 1
        self.quote = None
        self._show_totals()
        req = self._request()
        if self.view is None or not (req.kwh or req.amount):
            self.quote_label.setText("")
            return
        n, meter = self._quote_no, self.view.meter_number
        core, actor = self.session.core, self.session.actor

        def shown(q):
            if n == self._quote_no:  # a newer keystroke wins
                self.quote = q
                self.quote_label.setText(self.quote_html(q))
                self._show_totals()
                if self.sell_when_priced:
                    self.sell_when_priced = False
                    self.sell()

        def failed(e):
            if n == self._quote_no:
                self.sell_when_priced = False
                self.quote_label.setText(f"<span style='color:#b71c1c'>"
                                         f"{i18n.error_text(e)}</span>")

        self.session.tasks.run(lambda: core.sales.quote(actor, meter, kwh=req.kwh,
                                                        amount=req.amount), shown, failed)

    def _cash_typed(self) -> None:
        self._show_totals()
        if self.banner.property("kind") == "error" and not self.shortfall():
            self.banner.hide()  # the short tender it named is put right

    def _tendered(self) -> Decimal | None:
        """The cash typed, by the one number rule (None: nothing, or not a number)."""
        try:
            return parse_money(i18n.parse_decimal(self.tendered_edit.text()), "Cash tendered",
                               allow_zero=True)
        except ValidationError:
            return None

    def shortfall(self) -> Decimal | None:
        """How much cash is missing for the quoted total (None: nothing quoted,
        or cash is not counted at this counter)."""
        if self.quote is None or not self.count_cash:
            return None
        tendered = self._tendered() or Decimal("0")
        return max(self.quote.total - tendered, Decimal("0"))

    def _show_totals(self) -> None:
        q = self.quote
        self.total_label.setText(money(q.total) if q is not None else "—")
        short, tendered = self.shortfall(), self._tendered()
        if q is None or not self.count_cash or tendered is None:
            self.change_label.setText("")
        elif short:
            self.change_label.setText(tr("short by {amount}", amount=money(short)))
        else:
            self.change_label.setText(money(tendered - q.total))
        style.mark(self.change_label, "error" if short else "")

    # --- sell --------------------------------------------------------------------------
    def _enter_on_buy(self) -> None:
        """Enter in the amount: on to the cash when it is counted, else sell.
        On an empty amount it says so and stays: what is typed next is the
        amount, not the cash."""
        if not self.buy_edit.text().strip():
            self.say(tr("Type the kWh or the amount to sell."), "error")
            return
        if self.count_cash and not self.tendered_edit.text().strip():
            self.tendered_edit.setFocus()
            return
        self.sell()

    def sell(self) -> None:
        if self.busy or self.view is None or not self.sell_button.isEnabled():
            return
        req = self._request()
        if not (req.kwh or req.amount):
            self.say(tr("Type the kWh or the amount to sell."), "error")
            self.buy_edit.setFocus()
            return
        if self.count_cash and not self._cash_covers(req):
            return
        core, actor, key = self.session.core, self.session.actor, uuid.uuid4().hex

        def job(station):
            return ops.sell(core, actor, station, kwh=req.kwh, amount=req.amount,
                            tendered=req.tendered, request_key=key)

        self.sell_button.setEnabled(False)
        self.run(job, self._sold, card=True, failed=self._sell_failed,
                 busy_text=tr("Writing the card... keep the card in the reader."))

    def _cash_covers(self, req: Typed) -> bool:
        """Enter does not sell on a short tender: it says by how much."""
        if req.tendered is None:
            self.say(tr("Type the cash tendered, then Enter."), "error")
        elif self.quote is None:
            self.quote_timer.stop()
            self.sell_when_priced = True  # Enter came before the price: it counts once priced
            self._quote()
            return False
        elif self.shortfall():
            self.say(tr("The cash tendered is short by {amount}: take more cash or sell less.",
                        amount=money(self.shortfall())), "error")
        else:
            return True
        self.tendered_edit.setFocus()
        self.tendered_edit.selectAll()
        return False

    def vend_adjustment(self) -> None:
        if self.busy or self.view is None or not self.view.adjustments:
            return
        aid = self.view.adjustments[0][0]
        core, actor, check = self.session.core, self.session.actor, self.check
        self.adjust_button.hide()
        self.run(lambda station: ops.vend_adjustment(core, actor, aid, station, check),
                 self._sold, card=True, failed=self._sell_failed,
                 busy_text=tr("Writing the adjustment to the card..."))

    def _sell_failed(self, e: BaseException) -> None:
        self.sale_failed = True
        self.sell_button.setEnabled(True)
        self.say(i18n.error_text(e) + "\n" + tr("Nothing is charged until the card holds the "
                                                 "purchase."), "error")
        if not self.session.reader.card_in:  # pulled while it was written
            self.clear(keep_banner=True)

    def _sold(self, result: ops.Sold) -> None:
        sale = result.sale
        self.last_sale = sale
        q = sale.quote
        self.say(tr("Sold: receipt {receipt}, {kwh} for {total}; change {change}. This "
                    "purchase puts {secondary} on the card. Take the card out for the next "
                    "customer.",
                    receipt=sale.receipt_no, kwh=kwh(q.primary_kwh), total=money(q.total),
                    change=money(sale.change), secondary=kwh(q.secondary_kwh)), "ok")
        self._clear_entry()
        for edit in (self.buy_edit, self.tendered_edit):
            edit.setEnabled(False)
        self.total_label.setText(money(q.total))
        self.change_label.setText(money(sale.change) if self.count_cash else "")
        self.sold.emit(sale)
        deliver(self, sale.receipt_no)

    shows = Changed.SALES | Changed.CUSTOMERS  # the history; the customer (a refund, an edit)

    def on_changed(self, changes) -> None:
        """Its own sale: the history. Another page's action (a refund on
        demand, an edit) changed the customer on screen while this page was
        hidden: the card is read again when the page comes back, so the
        screen never shows the state before it (a refunded purchase as
        unapplied, the last sale's total)."""
        if self.isVisible() or self.view is None:
            self._refresh_history()
        else:
            self.stale = True

    def _refresh_history(self) -> None:
        """The sale just made at the top of the history, read back from the books."""
        if self.view is None:
            return
        core, actor, meter = self.session.core, self.session.actor, self.view.meter_number

        def shown(view):
            if self.view is not None and view.meter_number == self.view.meter_number:
                self.history.set_rows(view.history)

        self.session.tasks.run(lambda: core.lookup.meter_view(actor, meter), shown,
                               lambda _e: None)
