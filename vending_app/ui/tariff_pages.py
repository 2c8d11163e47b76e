"""Tariffs: a tariff's versions, each with its tiers edited as rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from vending_app.core.errors import ValidationError, VendingError
from vending_app.core.money import parse_kwh, parse_price
from vending_app.core.tariffs import Tier, validate_tiers
from vending_app.operations import Changed
from vending_app.operations import admin as ops
from vending_app.ui import i18n
from vending_app.ui.i18n import tr
from vending_app.ui.list_form import ListFormPage
from vending_app.ui.widgets import Field


class TierEditor(QWidget):
    """A tariff's tiers as rows of (up to kWh, price per kWh), the last row
    open-ended. Tab walks the fields, Enter submits the page, Alt+Insert
    adds a tier before the open-ended one, Alt+Delete removes the row that
    has the focus (with Ctrl, a line edit takes those keys: copy, delete a
    word). Numbers follow the station's rule (money.plain_number)."""

    def __init__(self, submit, parent=None):
        super().__init__(parent, objectName="tier_editor", maximumWidth=420)
        self.submit = submit
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QLineEdit, QLineEdit, QPushButton]] = []
        self.grid.addWidget(QLabel(tr("Up to (kWh)")), 0, 0)
        self.grid.addWidget(QLabel(tr("Price per kWh (yuan)")), 0, 1)
        self.add_button = QPushButton(tr("Add a tier [Alt+Ins]"), objectName="add_tier")
        self.add_button.clicked.connect(self.add_row)
        for keys, fn in (("Alt+Ins", self.add_row), ("Alt+Del", self.remove_focused)):
            QShortcut(QKeySequence(keys), self, fn,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.set_tiers([(None, "")])

    def _row(self, upto: str = "", price: str = ""):
        limit = QLineEdit(upto, placeholderText=tr("kWh"), objectName="tier_upto")
        cost = QLineEdit(price, placeholderText=tr("yuan per kWh"), objectName="tier_price")
        drop = QPushButton(tr("Remove"), objectName="remove_tier")
        for edit in (limit, cost):
            edit.returnPressed.connect(self.submit)
            edit.textEdited.connect(lambda _t, e=edit: self._mark(e, None))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        row = (limit, cost, drop)
        drop.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        return row

    def _lay_out(self) -> None:
        while self.grid.count() > 2:  # the rows and the button go; the headings stay
            self.grid.takeAt(2)
        last = len(self.rows) - 1
        for i, (limit, cost, drop) in enumerate(self.rows):
            if i == last:  # open-ended: it has no limit to type
                limit.clear()
                self._mark(limit, None)
            limit.setEnabled(i != last)
            limit.setPlaceholderText(tr("and above") if i == last else tr("kWh"))
            drop.setEnabled(last > 0)
            drop.setToolTip(tr("Remove this tier [Alt+Del]") if last > 0
                            else tr("A tariff needs at least one price."))
            for col, w in enumerate((limit, cost, drop)):
                self.grid.addWidget(w, i + 1, col)
                w.show()
        self.grid.addWidget(self.add_button, len(self.rows) + 1, 0, 1, 3)
        order = [w for limit, cost, drop in self.rows for w in (limit, cost, drop)]
        for a, b in zip(order, [*order[1:], self.add_button], strict=True):
            QWidget.setTabOrder(a, b)

    def set_tiers(self, pairs) -> None:
        """``pairs``: (up to kWh or None, price) in order, the last open-ended."""
        for row in self.rows:
            for w in row:
                w.deleteLater()
        self.rows = [self._row("" if upto is None else str(upto), str(price))
                     for upto, price in pairs] or [self._row()]
        self._lay_out()

    def add_row(self) -> None:
        row = self._row()
        self.rows.insert(len(self.rows) - 1, row)
        self._lay_out()
        row[0].setFocus()

    def remove_row(self, i: int) -> None:
        if len(self.rows) < 2:
            return
        for w in self.rows.pop(i):
            w.deleteLater()
        self._lay_out()
        self.rows[min(i, len(self.rows) - 1)][1].setFocus()

    def remove_focused(self) -> None:
        for i, row in enumerate(self.rows):
            if any(w.hasFocus() for w in row):
                self.remove_row(i)
                return

    @staticmethod
    def _mark(edit: QLineEdit, error: str | None) -> None:
        edit.setStyleSheet("border:2px solid #c62828" if error else "")
        edit.setToolTip(error or "")

    def tiers(self) -> list[tuple[str | None, str]]:
        """The rows as typed (decimal points as '.'), checked: each number by
        the station's rule, the limits rising, the last row open-ended. A
        ValidationError marks and focuses the row it is about."""
        pairs, tiers, last = [], [], len(self.rows) - 1
        for i, (limit, cost, _drop) in enumerate(self.rows):
            upto = None if i == last else i18n.parse_decimal(limit.text())
            price = i18n.parse_decimal(cost.text())
            try:
                bound = None if upto is None else parse_kwh(upto, tr("Tier {n} limit", n=i + 1))
            except VendingError as e:
                self._fail(limit, e)
            try:
                tiers.append(Tier(bound, parse_price(price, tr("Tier {n} price", n=i + 1))))
            except VendingError as e:
                self._fail(cost, e)
            pairs.append((upto, price))
        try:
            validate_tiers(tiers)
        except ValidationError as e:
            n = e.params.get("n")
            self._fail(self.rows[n - 1][0] if n else self.rows[-1][1], e)
        return pairs

    def _fail(self, edit: QLineEdit, e: VendingError):
        self._mark(edit, i18n.error_text(e))
        edit.setFocus()
        raise e


class TariffsPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("code", tr("Tariff")), ("name", tr("Tariff name")), ("from", tr("From")),
                        ("to", tr("To")), ("tiers", tr("Tiers (up to kWh: price)")),
                        ("monthly_charge", tr("Monthly charge"))]
        core, actor = session.core, session.actor
        fields = [
            Field("code", tr("Tariff code")),
            Field("name", tr("Name (new tariff only)")),
            Field("effective_from", tr("Effective from"), "date"),
            Field("monthly_charge", tr("Monthly charge"), default="0"),
        ]

        def action(v):
            done = ops.add_tariff_version(core, actor, v["code"], v["effective_from"], v["tiers"],
                                          v["monthly_charge"] or "0", name=v["name"])
            return done.answer(tr("Tariff {code}: version from {day} added.",
                                  code=v["code"].upper(), day=v["effective_from"].isoformat()))

        super().__init__(session, tr("Tariffs"), fields, tr("Add version"), action, parent)
        self.tier_editor = TierEditor(self.go)
        self.form.insertRow(3, tr("Tiers"), self.tier_editor)
        QWidget.setTabOrder(self.fields[2].widget, self.tier_editor.rows[0][0])
        QWidget.setTabOrder(self.tier_editor.add_button, self.fields[3].widget)
        self.list_view.doubleClicked.connect(self.take_version)

    def values(self) -> dict[str, object]:
        return {**super().values(), "tiers": self.typed_tiers}

    def go(self) -> None:
        if self.busy:
            return
        try:
            self.typed_tiers = self.tier_editor.tiers()
        except VendingError as e:
            self.say(f"{tr('Tiers')}: {i18n.error_text(e)}", "error")
            return
        super().go()

    def take_version(self, index) -> None:
        """A version from the list (double-click or Enter) as the start of the next one."""
        row = self.list_model.rows[index.row()]
        self.set_values(code=row["code"], name=row["name"],
                        monthly_charge=row["monthly_charge"])
        self.tier_editor.set_tiers(row["pairs"])
        self.tier_editor.rows[0][1 if len(row["pairs"]) == 1 else 0].setFocus()

    shows = Changed.TARIFFS

    def rows(self):
        return [{"code": r.code, "name": r.name, "from": r.effective_from, "to": r.effective_to,
                 "tiers": r.tiers_text("∞", ", ", ": "), "monthly_charge": r.monthly_charge,
                 "pairs": [(x.upto_kwh, x.price) for x in r.tiers]}
                for r in self.session.core.catalog.tariff_rows(self.session.actor)]
