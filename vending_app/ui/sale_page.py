"""The sale screen: the card brings it up, the keyboard does the rest.

Insert card -> customer, meter, multiplier, the meter's last write-back and
purchase history -> type kWh or money (live quote) -> Enter sells -> the
card is written and read back -> invoice -> take the card out, next card.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from vending_app.core.card_station import MAX_ENTRIES
from vending_app.core.errors import ValidationError
from vending_app.core.money import parse_money
from vending_app.core.permissions import Permission
from vending_app.operations import Changed
from vending_app.operations import sales as ops
from vending_app.ui import i18n, style
from vending_app.ui.i18n import kwh, money, tr
from vending_app.ui.invoice import deliver
from vending_app.ui.widgets import Page, keep_place, shortcut, shown, table


def anomaly_text(kind) -> str:
    names = {
        "old_writeback": tr("old write-back"), "unknown_sequence": tr("unknown purchase"),
        "forged_writeback": tr("forged write-back"), "bad_record": tr("damaged record"),
        "replaced_card": tr("replaced card"), "unapplied_purchase": tr("purchase not applied"),
        "tamper_event": tr("tamper event"), "reverse_current": tr("reverse current"),
    }
    return names.get(str(kind), str(kind))


@dataclass(frozen=True)
class Typed:
    """What the clerk typed, as the core takes it: the energy or the money
    (one of them), and the cash tendered."""
    kwh: str | None
    amount: str | None
    tendered: str | None


class HistoryModel(QStandardItemModel):
    """The purchase history as plain Qt items, formatted once when it
    arrives: the table's paints and column sizing then never call into
    Python, which would wait for the interpreter while the card thread
    works (a sale) and stall the window."""

    def __init__(self, columns: list[tuple[str, str]], parent=None):
        super().__init__(0, len(columns), parent)
        self.columns, self.rows = columns, []
        self.setHorizontalHeaderLabels([heading for _name, heading in columns])

    def value(self, row: int, name: str):
        """What the row holds, before it is formatted (as RowsModel.value)."""
        r = self.rows[row]
        return r[name] if isinstance(r, dict) else getattr(r, name)

    def set_rows(self, rows) -> None:
        """One reset, as RowsModel's: the view sizes its columns to the rows
        (row by row insertions would leave them sized to the headings)."""
        self.beginResetModel()
        self.blockSignals(True)
        self.rows = list(rows)
        self.setRowCount(0)
        for i in range(len(self.rows)):
            items = []
            for name, _heading in self.columns:
                text, align = shown(name, self.value(i, name))
                item = QStandardItem(text)
                item.setEditable(False)
                if align is not None:
                    item.setTextAlignment(Qt.AlignmentFlag(align))
                items.append(item)
            self.appendRow(items)
        self.blockSignals(False)
        self.endResetModel()


class SalePage(Page):
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
        self.count_cash = True  # sale.count_cash: Enter sells only on enough cash
        self.quote_timer = QTimer(self, singleShot=True, interval=150, timeout=self._quote)
        session.shift_changed.connect(self._shift_opened)
        self._build()
        # The banner keeps two lines' room, hidden or not: a longer message (a
        # sale's receipt) does not move the history and repaint it.
        keep_place(self.banner)
        self.banner.ensurePolished()
        self.banner.setMinimumHeight(self.banner.fontMetrics().lineSpacing() * 2 + 12)
        self.clear(tr("Insert the customer's card."))

    # --- layout ----------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        who = QGroupBox(tr("Customer and meter"))
        grid = QGridLayout(who)
        self.fields: dict[str, QLabel] = {}
        labels = [("account", tr("Account")), ("name", tr("Name")), ("address", tr("Address")),
                  ("category", tr("Category / team")), ("meter", tr("Meter")),
                  ("multiplier", tr("Multiplier")), ("report", tr("Last write-back")),
                  ("status", tr("Status"))]
        grid.setColumnStretch(1, 1)  # values beside their labels, not 300 px away
        for i, (key, text) in enumerate(labels):
            grid.addWidget(QLabel(text), i, 0,
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.fields[key] = QLabel(objectName=f"f_{key}", wordWrap=True,
                                      alignment=Qt.AlignmentFlag.AlignTop)
            self.fields[key].setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(self.fields[key], i, 1)
        top.addWidget(who, 3)

        buy = self._purchase_panel()
        top.addWidget(buy, 2)
        self.layout_.insertLayout(1, top)

        self.history = HistoryModel([
            ("receipt_no", tr("Receipt")), ("business_date", tr("Date")),
            ("purchase_seq", tr("Purchase")), ("kind", tr("Kind")), ("status", tr("Status")),
            ("primary_kwh", tr("kWh")), ("secondary_kwh", tr("Card kWh")),
            ("total_amount", tr("Amount")), ("seller", tr("Seller"))])
        self.layout_.addWidget(QLabel(tr("Purchase history")))
        self.layout_.addWidget(table(self.history), 1)

        self.buy_edit.returnPressed.connect(self._enter_on_buy)
        self.tendered_edit.returnPressed.connect(self.sell)
        self.buy_edit.textEdited.connect(lambda _t: self.quote_timer.start())
        self.tendered_edit.textEdited.connect(lambda _t: self._cash_typed())
        self.sell_button.clicked.connect(self.sell)
        QShortcut(QKeySequence("F5"), self, lambda: self.set_mode("kwh"))
        QShortcut(QKeySequence("F6"), self, lambda: self.set_mode("amount"))
        QShortcut(QKeySequence("Escape"), self, self._cancel)

    def _purchase_panel(self) -> QGroupBox:
        """What to buy (kWh or money: one field, the mode says which), the
        cash tendered one Tab below it, then total and change in large type."""
        buy = QGroupBox(tr("Purchase"))
        form = QFormLayout(buy)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        modes = QHBoxLayout()
        self.kwh_mode = QRadioButton(tr("kWh [F5]"), objectName="mode_kwh", checked=True)
        self.amount_mode = QRadioButton(tr("yuan [F6]"), objectName="mode_amount")
        for radio, mode in ((self.kwh_mode, "kwh"), (self.amount_mode, "amount")):
            radio.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F5/F6; Tab goes amount -> cash
            radio.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            modes.addWidget(radio)
        modes.addStretch(1)
        form.addRow(tr("Buy by"), modes)
        self.buy_edit = QLineEdit(objectName="buy", maxLength=14)
        self.buy_label = QLabel()
        form.addRow(self.buy_label, self.buy_edit)
        self.tendered_edit = QLineEdit(objectName="tendered", maxLength=14,
                                       placeholderText=tr("cash handed over"))
        self.tendered_row = QLabel(tr("Cash tendered (yuan)"))
        form.addRow(self.tendered_row, self.tendered_edit)
        for edit in (self.buy_edit, self.tendered_edit):
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(240)
            edit.setProperty("scale", "large")
        self.total_label = QLabel("—", objectName="total")
        self.change_label = QLabel("", objectName="change", wordWrap=True)
        for label in (self.total_label, self.change_label):
            label.setProperty("scale", "huge")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(tr("TOTAL"), self.total_label)
        form.addRow(tr("CHANGE"), self.change_label)
        self.quote_label = QLabel(objectName="quote", wordWrap=True,
                                  textFormat=Qt.TextFormat.RichText)
        # Room for a usual quote (a tier or two, the total, energy, card), kept
        # while there is none: the page does not jump, and relayout and
        # repaint the history below it, at every quote and sale.
        self.quote_label.ensurePolished()
        self.quote_label.setMinimumHeight(self.quote_label.fontMetrics().lineSpacing() * 6)
        form.addRow(self.quote_label)
        self.sell_button = QPushButton(tr("Sell [Enter]"), objectName="sell")
        form.addRow(self.sell_button)
        self.adjust_button = QPushButton(objectName="vend_adjustment")
        shortcut(self, "F8", self.adjust_button.click)
        self.adjust_button.clicked.connect(self.vend_adjustment)
        self.adjust_button.hide()
        form.addRow(self.adjust_button)
        QWidget.setTabOrder(self.buy_edit, self.tendered_edit)
        QWidget.setTabOrder(self.tendered_edit, self.sell_button)
        self.set_mode("kwh")
        return buy

    def set_mode(self, mode: str) -> None:
        """F5: the customer says kWh; F6: the customer says money."""
        self.mode = mode
        (self.kwh_mode if mode == "kwh" else self.amount_mode).setChecked(True)
        self.buy_label.setText(tr("Energy (kWh)") if mode == "kwh" else tr("Amount (yuan)"))
        self.buy_edit.setPlaceholderText(tr("kWh to buy") if mode == "kwh"
                                         else tr("money to spend"))
        if self.buy_edit.isEnabled():
            self.buy_edit.setFocus()
            self.buy_edit.selectAll()
        self.quote_timer.start()

    def first_field(self):
        return self.buy_edit if self.buy_edit.isEnabled() else None

    def activated(self) -> None:
        """F2 with a card in the reader that was not read (keys unlocked
        since, an error put right): read it now."""
        if (self.view is None and not self.busy and self.session.reader.card_in
                and self.session.keys is not None):
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
        elif not self.busy:
            done = self.last_sale is not None
            self.clear(tr("Card taken out. Insert the next customer's card.") if done
                       else tr("Insert the customer's card."), keep_banner=done)

    def read_card(self) -> None:
        core, actor = self.session.core, self.session.actor

        def job(station):
            check = core.cards.present(actor, station)
            return (check, core.lookup.meter_view(actor, check.meter_number),
                    core.catalog.parameter("sale.count_cash"))

        self.last_sale = None
        self.reading = False  # True once the card was pulled during this read
        self.run(job, self._read_done(self._show_card), card=True,
                 busy_text=tr("Reading the card..."), failed=self._read_done(self._card_failed))

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
        self.say(i18n.error_text(e) + " " + tr("Nothing was sold."), "error")
        self.card_read.emit(False)

    def _show_card(self, result) -> None:
        check, v, self.count_cash = result
        self.check, self.view = check, v
        self.tendered_row.setVisible(self.count_cash)
        self.tendered_edit.setVisible(self.count_cash)
        f = self.fields
        f["account"].setText(v.account_no)
        f["name"].setText(v.customer_name)
        f["address"].setText(f"{v.address}  ☎ {v.phone}")
        f["category"].setText(f"{v.category} / {v.team}")
        f["meter"].setText(f"{v.meter_number} ({i18n.term(v.meter_type)})")
        f["multiplier"].setText(tr("{m} (CT {ct}, PT {pt})", m=v.multiplier, ct=v.ct_ratio,
                                   pt=v.pt_ratio))
        if v.reported_seq is None:
            f["report"].setText(tr("none yet"))
        else:
            f["report"].setText(tr("{remaining} left, {cumulative} used, purchase {seq} applied, "
                                   "{when}", remaining=kwh(v.reported_remaining_kwh or 0),
                                   cumulative=kwh(v.reported_cumulative_kwh or 0),
                                   seq=v.reported_seq, when=i18n.day(v.reported_at)))
        status = tr("account {status}, meter {meter}", status=i18n.term(v.customer_status),
                    meter=i18n.term(v.meter_status))
        f["status"].setText(status)
        self.history.set_rows(v.history)
        notes = [tr("Settled: {line}", line=i18n.core_text(line)) for line in check.settled]
        notes += [f"{anomaly_text(kind)}: {i18n.core_text(text)}" for kind, text in check.anomalies]
        if check.rewritten:
            notes.append(tr("The card's purchase record was rewritten from the database."))
        can_sell = self.session.can(Permission.SELL)
        full = any(str(kind) == "unapplied_purchase" and text.params.get("count", 0) >= MAX_ENTRIES
                   for kind, text in check.anomalies if hasattr(text, "params"))
        if check.gating:
            self.say(tr("The card shows a problem; a sale will be refused.") + "\n"
                     + "\n".join(notes), "error")
        elif full:  # said before the clerk types and takes the cash, not after Enter
            can_sell = False
            self.say(tr("The card already carries {n} purchases the meter has not applied: the "
                        "customer must insert it in the meter first. No sale now.",
                        n=MAX_ENTRIES), "error")
        elif notes:
            self.say("\n".join(notes), "warn")
        elif not can_sell:
            self.say(tr("Card of {name} read. Selling needs a seller's sign-in.",
                        name=v.customer_name), "info")
        else:
            self.say(tr("Card of {name} read. Type kWh or an amount, then Enter.",
                        name=v.customer_name), "info")
        if v.adjustments and can_sell:
            aid, amount, _reason = v.adjustments[0]
            self.adjust_button.setText(tr("Write approved adjustment {id}: {kwh} [F8]", id=aid,
                                          kwh=kwh(amount)))
            self.adjust_button.show()
        for w in (self.buy_edit, self.tendered_edit, self.sell_button):
            w.setEnabled(can_sell)
        self.buy_edit.setFocus()
        self.card_read.emit(True)

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

    @staticmethod
    def quote_html(q) -> str:
        rows = []
        if q.flat_kwh:
            rows.append((tr("flat price {kwh} x {price}", kwh=kwh(q.flat_kwh),
                            price=i18n.number(q.flat_price, 4)), money(q.flat_amount)))
        for t in q.tier_lines:
            rows.append((tr("tier {n}: {kwh} x {price}", n=t.tier_index + 1, kwh=kwh(t.kwh),
                            price=i18n.number(t.price, 4)), money(t.amount)))
        if q.fixed_charge:
            rows.append((tr("monthly charge"), money(q.fixed_charge)))
        for r in q.recoveries:
            rows.append((tr("recovered: {what}", what=r.description), money(r.amount)))
        rows.append((f"<b>{tr('Total')}</b>", f"<b>{money(q.total)}</b>"))
        rows.append((tr("Energy {primary}, multiplier {m}", primary=kwh(q.primary_kwh),
                        m=q.multiplier), ""))
        rows.append((tr("Card gets {secondary}; carried {cin} -> {cout}",
                        secondary=kwh(q.secondary_kwh), cin=kwh(q.carry_in),
                        cout=kwh(q.carry_out)), ""))
        body = "".join(f"<tr><td>{a}</td><td align='right'>{b}</td></tr>" for a, b in rows)
        return f"<table width='100%'>{body}</table>"

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

    shows = Changed.SALES  # the sale just made (or a reversal approved) shows in the history

    def on_changed(self, changes) -> None:
        self._refresh_history()

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
