"""The sale screen's parts: how it is laid out and how a card read is
shown (the flow of a sale is in sale_page.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
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
from vending_app.core.errors import StateError
from vending_app.core.lookup import PurchaseRow
from vending_app.core.permissions import Permission
from vending_app.operations.cards import CardRead
from vending_app.ui import i18n
from vending_app.ui.i18n import kwh, money, tr
from vending_app.ui.widgets import shortcut, shown, table


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


def purchase_text(row: PurchaseRow) -> str:
    """The purchase number, and whether it was given back by a refund or a
    reversal and taken again: after a refund the next sale is purchase 1
    again, and two "1"s in the history must not look like a mistake."""
    if row.reuses is None:
        return str(row.purchase_seq)
    if row.reuses.status == "reversed":
        return tr("{seq} (reused after the reversal of {receipt})", seq=row.purchase_seq,
                  receipt=row.reuses.receipt_no)
    return tr("{seq} (reused after the refund of {receipt})", seq=row.purchase_seq,
              receipt=row.reuses.receipt_no)


def purchase_tip(row: PurchaseRow) -> str:
    if row.reuses is None:
        return ""
    return tr("A refund or a reversal gives the meter's purchase numbers back: the meter takes "
              "only the number after the last one it applied, so this purchase has the number "
              "of the undone one.")


class HistoryModel(QStandardItemModel):
    """The purchase history as plain Qt items, formatted once when it
    arrives: the table's paints and column sizing then never call into
    Python, which would wait for the interpreter while the card thread
    works (a sale) and stall the window."""

    # columns whose text a row makes (not its value): (text, tooltip)
    FORMATS = {"purchase_seq": lambda row: (purchase_text(row), purchase_tip(row))}

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
                tip = ""
                if name in self.FORMATS:
                    text, tip = self.FORMATS[name](self.rows[i])
                item = QStandardItem(text)
                if tip:
                    item.setToolTip(tip)
                item.setEditable(False)
                if align is not None:
                    item.setTextAlignment(Qt.AlignmentFlag(align))
                items.append(item)
            self.appendRow(items)
        self.blockSignals(False)
        self.endResetModel()



class SaleLayout:
    """The sale page's widgets and what a card read puts in them (a mixin
    of SalePage)."""

    # --- layout ----------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        who = QGroupBox(tr("Customer and meter"))
        grid = QGridLayout(who)
        self.fields: dict[str, QLabel] = {}
        labels = [("account", tr("Account")), ("name", tr("Name")), ("address", tr("Address")),
                  ("category", tr("Category / team")), ("meter", tr("Meter")),
                  ("card", tr("Card")),
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
        self._totals(form)
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

    def _totals(self, form: QFormLayout) -> None:
        """Total and change in large type, and the quote's lines below them."""
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

    def set_mode(self, mode: str) -> None:
        """F5: the customer says kWh; F6: the customer says money."""
        self.mode = mode
        (self.kwh_mode if mode == "kwh" else self.amount_mode).setChecked(True)
        self._hint_minimum()
        if self.buy_edit.isEnabled():
            self.buy_edit.setFocus()
            self.buy_edit.selectAll()
        self.quote_timer.start()

    def _hint_minimum(self) -> None:
        """The amount field says the smallest sale once a card is read."""
        label = tr("Energy (kWh)") if self.mode == "kwh" else tr("Amount (yuan)")
        hint = tr("kWh to buy") if self.mode == "kwh" else tr("money to spend")
        tip = hint
        if self.min_amount:  # on the label: a placeholder is cut short and hides when typing
            label += "\n" + tr("a sale from {minimum}", minimum=money(self.min_amount))
            tip = tr("{hint} (a sale is at least {minimum})", hint=hint,
                     minimum=money(self.min_amount))
        self.buy_label.setText(label)
        self.buy_edit.setPlaceholderText(hint)
        self.buy_edit.setToolTip(tip)

    def _show_card(self, result: CardRead) -> None:
        check, v, self.count_cash = result.check, result.view, result.count_cash
        self.min_amount = result.min_amount
        self._hint_minimum()
        self.check, self.view = check, v
        self.tendered_row.setVisible(self.count_cash)
        self.tendered_edit.setVisible(self.count_cash)
        self._show_customer(v)
        self.fields["card"].setText(tr("{serial}, {kind}", serial=check.card_serial,
                                       kind=i18n.term(check.chip)))
        self.history.set_rows(v.history)
        can_sell = self._say_card(check, v)
        if v.adjustments and can_sell:
            aid, amount, _reason = v.adjustments[0]
            self.adjust_button.setText(tr("Write approved adjustment {id}: {kwh} [F8]", id=aid,
                                          kwh=kwh(amount)))
            self.adjust_button.show()
        self._keep_typed(can_sell)
        self.card_read.emit(True)

    def _keep_typed(self, can_sell: bool) -> None:
        """What was typed while the card was read is priced for it (or
        dropped when no sale may follow); the focus stays where it went."""
        self._quote_no += 1  # a quote on its way was asked before this card was read
        self.quote = None
        self._show_totals()
        if not can_sell:
            self._clear_entry()
        for w in (self.buy_edit, self.tendered_edit, self.sell_button):
            w.setEnabled(can_sell)
        if not self.tendered_edit.hasFocus():
            self.buy_edit.setFocus()
        if self.buy_edit.text().strip():
            self.quote_timer.start()

    def _show_customer(self, v) -> None:
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

    def _say_card(self, check, v) -> bool:
        """What the read found, on the banner; whether a sale may follow."""
        notes = [tr("Settled: {line}", line=i18n.core_text(line)) for line in check.settled]
        notes += [f"{anomaly_text(kind)}: {i18n.core_text(text)}" for kind, text in check.anomalies]
        notes += [i18n.core_text(note) for note in check.notes]
        if check.rewritten:
            notes.append(tr("The card's purchase record was rewritten from the database."))
        can_sell = self.session.can(Permission.SELL)
        full = any(str(kind) == "unapplied_purchase" and text.params.get("count", 0) >= MAX_ENTRIES
                   for kind, text in check.anomalies if hasattr(text, "params"))
        if check.gating:
            self.say(tr("The card shows a problem; a sale will be refused.") + "\n"
                     + "\n".join(notes), "error")
        elif str(v.customer_status) != "open":  # said at the read, not after the amount
            can_sell = False
            self.say(i18n.error_text(StateError(
                "Account {account} is suspended: no sales until it is reactivated."
                if str(v.customer_status) == "suspended" else "Account {account} is closed: "
                "no sales.", account=v.account_no)), "error")
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
        return can_sell

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
