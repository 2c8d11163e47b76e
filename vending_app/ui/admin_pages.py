"""The administrator's screens (operators, tariffs, areas, parameters,
keys, audit log) and every operator's own settings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from vending_app.core.auth import OperatorAction
from vending_app.core.errors import ValidationError, VendingError
from vending_app.core.money import parse_kwh, parse_price
from vending_app.core.permissions import Permission, Role
from vending_app.core.settings import PARAMS
from vending_app.core.tariffs import Tier, validate_tiers
from vending_app.ui import i18n
from vending_app.ui.i18n import LANGUAGES, tr
from vending_app.ui.widgets import Field, FormPage, Page, RowsModel, fit_height, table


def roles():
    return [(r, i18n.term(r)) for r in ("seller", "clerk", "finance", "administrator")]


class ListFormPage(FormPage):
    """A form whose result refreshes a list above it (operators, tariffs...)."""

    columns: list = []

    def __init__(self, session, title, fields, submit, action, parent=None):
        super().__init__(session, title, fields, submit, action, parent=parent)
        self.list_model = RowsModel(self.columns)
        self.list_view = table(self.list_model)
        fit_height(self.list_view)
        self.layout_.insertWidget(self.layout_.count() - 1, self.list_view, 1)

    def activated(self) -> None:
        super().activated()
        self.refresh()

    def show_result(self, result) -> None:
        super().show_result(result)
        self.reload_choices()
        self.refresh()

    def refresh(self) -> None:
        self.session.tasks.run(self.rows, self.list_model.set_rows, self.fail)

    def rows(self) -> list:
        return []


# --- operators ------------------------------------------------------------------------
class OperatorsPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("login", tr("Login")), ("full_name", tr("Name")), ("role", tr("Role")),
                        ("active", tr("Active")), ("locked_until", tr("Locked until"))]
        core, actor = session.core, session.actor
        fields = [
            Field("action", tr("Action"), "combo", lambda: [
                ("create", tr("create")), (OperatorAction.DISABLE, tr("disable")),
                (OperatorAction.ENABLE, tr("enable")), (OperatorAction.UNLOCK, tr("unlock")),
                (OperatorAction.RESET_PASSWORD, tr("reset password")),
                (OperatorAction.SET_ROLE, tr("change role"))]),
            Field("login", tr("Login")), Field("name", tr("Name (create)")),
            Field("role", tr("Role"), "combo", roles),
            Field("password", tr("Password (create, reset)"), "password"),
        ]

        def action(v):
            if v["action"] == "create":
                core.auth.create_operator(actor, v["login"], v["name"], Role(v["role"]),
                                          v["password"])
                login = v["login"]
            else:  # the same core action as 'operator set'
                login = core.auth.change_operator(actor, v["login"], v["action"], v["password"],
                                                  v["role"]).login
            return tr("Operator {login}: done.", login=login)

        super().__init__(session, tr("Operators"), fields, tr("Apply"), action, parent)

    def rows(self):
        return self.session.core.auth.list_operators(self.session.actor)


# --- tariffs --------------------------------------------------------------------------
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
            known = {t.code for t in core.catalog.list_tariffs(actor)}
            if v["code"].upper() not in known:
                core.catalog.add_tariff(actor, v["code"], v["name"] or v["code"])
            core.catalog.add_tariff_version(actor, v["code"], v["effective_from"], v["tiers"],
                                            v["monthly_charge"] or "0")
            return tr("Tariff {code}: version from {day} added.", code=v["code"].upper(),
                      day=v["effective_from"].isoformat())

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

    def rows(self):
        return [{"code": r.code, "name": r.name, "from": r.effective_from, "to": r.effective_to,
                 "tiers": r.tiers_text("∞", ", ", ": "), "monthly_charge": r.monthly_charge,
                 "pairs": [(x.upto_kwh, x.price) for x in r.tiers]}
                for r in self.session.core.catalog.tariff_rows(self.session.actor)]


# --- areas, teams, categories ------------------------------------------------------------
class CatalogPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("kind", tr("Kind")), ("code", tr("Code")), ("name", tr("Title")),
                        ("parent", tr("Area / tariff"))]
        core, actor = session.core, session.actor
        fields = [
            Field("kind", tr("Add"), "combo", lambda: [("area", tr("area")), ("team", tr("team")),
                                                       ("category", tr("category"))]),
            Field("code", tr("Code")), Field("name", tr("Title")),
            Field("parent", tr("Area (team) or tariff (category)")),
        ]

        def action(v):
            cat, kind = core.catalog, v["kind"]
            if kind == "area":
                cat.add_area(actor, v["code"], v["name"])
            elif kind == "team":
                cat.add_team(actor, v["parent"], v["code"], v["name"])
            else:
                cat.add_category(actor, v["code"], v["name"], v["parent"])
            return tr("{code} added.", code=v["code"].upper())

        super().__init__(session, tr("Areas, teams and categories"), fields, tr("Add"), action,
                         parent)

    def rows(self):
        core, actor = self.session.core, self.session.actor
        out = []
        for code, name, teams in core.catalog.list_areas(actor):
            out.append({"kind": tr("area"), "code": code, "name": name, "parent": ""})
            out += [{"kind": tr("team"), "code": t, "name": n, "parent": code} for t, n in teams]
        out += [{"kind": tr("category"), "code": c, "name": n, "parent": t}
                for c, n, t in core.catalog.list_categories(actor)]
        return out


# --- system parameters ---------------------------------------------------------------------
class ParametersPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("key", tr("Parameter")), ("value", tr("Value")),
                        ("description", tr("Description"))]
        core, actor = session.core, session.actor
        fields = [
            Field("key", tr("Parameter"), "combo", lambda: [(k, k) for k in PARAMS]),
            Field("value", tr("Value")),
            Field("scope", tr("Station (empty: the whole office)")),
        ]

        def action(v):
            value = core.catalog.set_parameter(actor, v["key"], v["value"], v["scope"])
            return tr("{key} = {value}", key=v["key"], value=value)

        super().__init__(session, tr("System parameters"), fields, tr("Set"), action, parent)

    def rows(self):
        return [{"key": r.key, "value": r.value,
                 "description": QCoreApplication.translate("params", r.description)}
                for r in self.session.core.catalog.parameters()]


# --- keys -------------------------------------------------------------------------------
class KeysPage(Page):
    """Unlock the vending keys for this session; administrators also rotate."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Vending keys"), parent)
        row = QHBoxLayout()
        self.passphrase = QLineEdit(objectName="passphrase", echoMode=QLineEdit.EchoMode.Password,
                                    placeholderText=tr("key passphrase"), maximumWidth=420)
        self.unlock_button = QPushButton(tr("Unlock"), objectName="unlock")
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)
        self.passphrase.returnPressed.connect(self.unlock)
        self.unlock_button.clicked.connect(self.unlock)
        if session.can(Permission.MANAGE_KEYS):
            self.rotate_button = QPushButton(tr("Create a new key version (rotate)"),
                                             objectName="rotate")
            self.behind_button = QPushButton(tr("Meters still on an older key"),
                                             objectName="behind")
            self.rotate_button.clicked.connect(self.rotate)
            self.behind_button.clicked.connect(self.behind)
            self.layout_.insertWidget(2, self.rotate_button)
            self.layout_.insertWidget(3, self.behind_button)
        self.layout_.addStretch(1)

    def first_field(self):
        return self.passphrase

    def unlock(self) -> None:
        text, session = self.passphrase.text(), self.session
        self.passphrase.clear()
        self.run(lambda: session.unlock_keys(text),
                 lambda keys: self.say(tr("Keys unlocked (versions {v}): cards can be read and "
                                          "written.", v=", ".join(map(str, keys.versions)))))

    def rotate(self) -> None:
        text, core, actor = self.passphrase.text(), self.session.core, self.session.actor
        if not text:
            self.say(tr("Type the key passphrase first."), "error")
            return
        self.passphrase.clear()

        def job():
            version = core.keys.create_version(actor, text)
            self.session.unlock_keys(text)
            return version

        self.run(job, lambda v: self.say(tr("Key version {v} created. New meters use it; move "
                                             "the others with key-change cards.", v=v)))

    def behind(self) -> None:
        core, actor = self.session.core, self.session.actor
        self.run(lambda: core.fieldwork.meters_behind_key(actor),
                 lambda meters: self.say(", ".join(meters) if meters
                                         else tr("Every paired meter is on the newest key.")))


# --- my settings -------------------------------------------------------------------------------
class StationPage(FormPage):
    """Per station and user (QSettings): language and reader. The printer
    is the office's parameter, per station, set by an administrator."""

    def __init__(self, session, parent=None):
        s = session.settings
        fields = [
            Field("language", tr("Language"), "combo", lambda: list(LANGUAGES.items())),
            Field("reader", tr("Card reader (empty: the first one)"),
                  default=s.value("reader") or ""),
        ]

        def action(v):
            return v

        super().__init__(session, tr("Station settings"), fields, tr("Save"), action,
                         parent=parent)
        self.set_values(language=s.value("language") or i18n.system_language())

    def show_result(self, v) -> None:
        s = self.session.settings
        s.setValue("reader", v["reader"])
        self.session.reader.reader_name = v["reader"] or None
        if v["language"] != (s.value("language") or ""):
            self.say(tr("Saved."))
            self.session.language_requested.emit(v["language"])
        else:
            s.sync()
            self.say(tr("Saved."))


def password_page(session):
    core, actor = session.core, session.actor
    fields = [Field("old", tr("Current password"), "password"),
              Field("new", tr("New password"), "password"),
              Field("again", tr("New password again"), "password")]

    def action(v):
        if v["new"] != v["again"]:
            from vending_app.core.errors import ValidationError
            raise ValidationError("The two new passwords differ.")
        core.auth.change_own_password(actor, v["old"], v["new"])
        return tr("Password changed.")

    return FormPage(session, tr("Change my password"), fields, tr("Change password"), action)


# --- audit -------------------------------------------------------------------------------
class AuditPage(Page):
    def __init__(self, session, parent=None):
        super().__init__(session, tr("Audit log"), parent)
        row = QHBoxLayout()
        self.reload_button = QPushButton(tr("Reload"), objectName="reload")
        self.verify_button = QPushButton(tr("Verify the chain"), objectName="verify")
        row.addWidget(self.reload_button)
        row.addWidget(self.verify_button)
        row.addStretch(1)
        self.layout_.insertLayout(1, row)
        self.model = RowsModel([("id", "#"), ("at", tr("When")), ("station", tr("Station")),
                                ("operator", tr("Operator")), ("action", tr("Action")),
                                ("outcome", tr("Outcome")), ("entity", tr("Entity")),
                                ("entity_id", tr("Id")), ("detail", tr("Detail"))])
        self.layout_.addWidget(table(self.model), 1)
        self.reload_button.clicked.connect(self.activated)
        self.verify_button.clicked.connect(self.verify)

    def first_field(self):
        return self.verify_button

    def activated(self) -> None:
        super().activated()
        core, actor = self.session.core, self.session.actor
        self.run(lambda: core.audit.recent(actor, 500), self.model.set_rows)

    def verify(self) -> None:
        core, actor = self.session.core, self.session.actor

        def done(report):
            if report.ok:
                self.say(tr("Audit chain intact: {n} events verified.", n=report.checked))
            else:
                self.say(tr("Audit chain BROKEN at event {at}: {reason} ({n} events verified "
                            "before it).", at=report.broken_at, reason=report.reason,
                            n=report.checked), "error")

        self.run(lambda: core.audit.verify_chain(actor), done)
