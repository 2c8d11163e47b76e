"""The administrator's screens (operators, tariffs, areas, parameters,
keys, audit log) and every operator's own settings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from vending_app.core.auth import OperatorAction
from vending_app.core.permissions import Permission
from vending_app.core.settings import PARAMS
from vending_app.operations import Changed
from vending_app.operations import admin as ops
from vending_app.ui import i18n
from vending_app.ui.i18n import LANGUAGES, tr
from vending_app.ui.list_form import ListFormPage
from vending_app.ui.widgets import Field, FormPage, Page


def roles():
    return [(r, i18n.term(r)) for r in ("seller", "clerk", "finance", "administrator")]


# --- operators ------------------------------------------------------------------------
class OperatorsPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("login", tr("Login")), ("full_name", tr("Name")), ("role", tr("Role")),
                        ("active", tr("Active")), ("locked_until", tr("Locked until"))]
        core, actor = session.core, session.actor
        fields = [
            Field("action", tr("Action"), "combo", lambda: [
                (ops.CREATE, tr("create")), (OperatorAction.DISABLE, tr("disable")),
                (OperatorAction.ENABLE, tr("enable")), (OperatorAction.UNLOCK, tr("unlock")),
                (OperatorAction.RESET_PASSWORD, tr("reset password")),
                (OperatorAction.SET_ROLE, tr("change role"))]),
            Field("login", tr("Login")), Field("name", tr("Name (create)")),
            Field("role", tr("Role"), "combo", roles),
            Field("password", tr("Password (create, reset)"), "password"),
        ]

        def action(v):
            done = ops.operator_action(core, actor, v["action"], v["login"], v["name"],
                                       v["role"], v["password"])
            return done.answer(tr("Operator {login}: done.", login=done.value))

        super().__init__(session, tr("Operators"), fields, tr("Apply"), action, parent)

    shows = Changed.OPERATORS

    def rows(self):
        return self.session.core.auth.list_operators(self.session.actor)


# --- areas, teams, categories (and retiring or renaming tariffs) ---------------------------
class CatalogPage(ListFormPage):
    """Add areas, teams and categories; rename, retire or reinstate any
    catalogue entry, tariffs too (a retired one takes no new customers)."""

    def __init__(self, session, parent=None):
        self.columns = [("kind", tr("Kind")), ("code", tr("Code")), ("name", tr("Title")),
                        ("parent", tr("Area / tariff")), ("active", tr("In use"))]
        core, actor = session.core, session.actor
        kinds = [("area", tr("area")), ("team", tr("team")), ("category", tr("category")),
                 ("tariff", tr("tariff"))]
        fields = [
            Field("action", tr("Action"), "combo", [
                ("add", tr("add")), ("rename", tr("rename")), ("retire", tr("retire")),
                ("reinstate", tr("reinstate"))]),
            Field("kind", tr("Kind"), "combo", kinds),
            Field("code", tr("Code")), Field("name", tr("Title")),
            Field("parent", tr("Area (team) or tariff (category)")),
        ]
        super().__init__(session, tr("Areas, teams and categories"), fields, tr("Apply"),
                         lambda v: catalog_action(core, actor, v), parent)

    shows = Changed.CATALOG | Changed.TARIFFS

    def rows(self):
        return [{"kind": tr(r.kind), "code": r.code, "name": r.name, "parent": r.parent,
                 "active": r.active}
                for r in ops.catalog_rows(self.session.core, self.session.actor)]


def catalog_action(core, actor, v) -> str:
    kind, code = v["kind"], v["code"]
    if v["action"] == "rename":
        done = ops.rename_in_catalog(core, actor, kind, code, v["name"])
        return done.answer(tr("{code} renamed.", code=done.value))
    if v["action"] in ("retire", "reinstate"):
        done = ops.set_active_in_catalog(core, actor, kind, code, v["action"] == "reinstate")
        return done.answer(tr("{code} reinstated.", code=done.value)
                           if v["action"] == "reinstate"
                           else tr("{code} retired: it takes no new customers.", code=done.value))
    if kind == "tariff":  # a tariff is added with its first version, on the tariffs screen
        from vending_app.core.errors import ValidationError
        raise ValidationError("Add a tariff on the Tariffs screen, with its prices.")
    done = ops.add_to_catalog(core, actor, kind, code, v["name"], v["parent"])
    return done.answer(tr("{code} added.", code=code.upper()))


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
            done = ops.set_parameter(core, actor, v["key"], v["value"], v["scope"])
            return done.answer(tr("{key} = {value}", key=v["key"], value=done.value))

        super().__init__(session, tr("System parameters"), fields, tr("Set"), action, parent)

    shows = Changed.SETTINGS

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
            done = ops.create_key_version(core, actor, text)
            self.session.unlock_keys(text)
            return done

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
        done = ops.change_own_password(core, actor, v["old"], v["new"])
        return done.answer(tr("Password changed."))

    return FormPage(session, tr("Change my password"), fields, tr("Change password"), action)
