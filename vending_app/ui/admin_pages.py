"""The administrator's screens (operators, tariffs, areas, parameters,
keys, audit log) and every operator's own settings."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton

from vending_app.core.permissions import Permission, Role
from vending_app.core.settings import PARAMS
from vending_app.ui import i18n
from vending_app.ui.i18n import LANGUAGES, tr
from vending_app.ui.widgets import Field, FormPage, Page, RowsModel, table


def roles():
    return [(r, i18n.term(r)) for r in ("seller", "clerk", "finance", "administrator")]


class ListFormPage(FormPage):
    """A form whose result refreshes a list above it (operators, tariffs...)."""

    columns: list = []

    def __init__(self, session, title, fields, submit, action, parent=None):
        super().__init__(session, title, fields, submit, action, parent=parent)
        self.list_model = RowsModel(self.columns)
        self.list_view = table(self.list_model)
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
                ("create", tr("create")), ("disable", tr("disable")), ("enable", tr("enable")),
                ("unlock", tr("unlock")), ("reset", tr("reset password")),
                ("role", tr("change role"))]),
            Field("login", tr("Login")), Field("name", tr("Name (create)")),
            Field("role", tr("Role"), "combo", roles),
            Field("password", tr("Password (create, reset)"), "password"),
        ]

        def action(v):
            a, login = v["action"], v["login"]
            if a == "create":
                core.auth.create_operator(actor, login, v["name"], Role(v["role"]), v["password"])
            elif a in ("disable", "enable"):
                core.auth.set_active(actor, login, a == "enable")
            elif a == "unlock":
                core.auth.unlock(actor, login)
            elif a == "reset":
                core.auth.reset_password(actor, login, v["password"])
            else:
                core.auth.set_role(actor, login, Role(v["role"]))
            return tr("Operator {login}: done.", login=login)

        super().__init__(session, tr("Operators"), fields, tr("Apply"), action, parent)

    def rows(self):
        return self.session.core.auth.list_operators(self.session.actor)


# --- tariffs --------------------------------------------------------------------------
class TariffsPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("code", tr("Tariff")), ("name", tr("Name")), ("from", tr("From")),
                        ("to", tr("To")), ("tiers", tr("Tiers (up to kWh: price)")),
                        ("monthly_charge", tr("Monthly charge"))]
        core, actor = session.core, session.actor
        fields = [
            Field("code", tr("Tariff code")),
            Field("name", tr("Name (new tariff only)")),
            Field("effective_from", tr("Effective from"), "date"),
            Field("tiers", tr("Tiers"), placeholder="2160:0.5283,4200:0.5783,*:0.8283"),
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

    def rows(self):
        out = []
        for t in self.session.core.catalog.list_tariffs(self.session.actor):
            for v in t.versions:
                tiers = ", ".join(f"{'∞' if x.upto_kwh is None else x.upto_kwh}: {x.price}"
                                  for x in v.tiers)
                out.append({"code": t.code, "name": t.name, "from": v.effective_from,
                            "to": v.effective_to, "tiers": tiers,
                            "monthly_charge": v.fixed_monthly_charge})
        return out


# --- areas, teams, categories ------------------------------------------------------------
class CatalogPage(ListFormPage):
    def __init__(self, session, parent=None):
        self.columns = [("kind", tr("Kind")), ("code", tr("Code")), ("name", tr("Name")),
                        ("parent", tr("Area / tariff"))]
        core, actor = session.core, session.actor
        fields = [
            Field("kind", tr("Add"), "combo", lambda: [("area", tr("area")), ("team", tr("team")),
                                                       ("category", tr("category"))]),
            Field("code", tr("Code")), Field("name", tr("Name")),
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
            value = core.catalog.set_parameter(actor, v["key"], v["value"], v["scope"].upper())
            return tr("{key} = {value}", key=v["key"], value=value)

        super().__init__(session, tr("System parameters"), fields, tr("Set"), action, parent)

    def rows(self):
        core = self.session.core
        from PySide6.QtCore import QCoreApplication
        return [{"key": k, "value": core.catalog.parameter(k),
                 "description": QCoreApplication.translate("params", p.description)}
                for k, p in PARAMS.items()]


# --- keys -------------------------------------------------------------------------------
class KeysPage(Page):
    """Unlock the vending keys for this session; administrators also rotate."""

    def __init__(self, session, parent=None):
        super().__init__(session, tr("Vending keys"), parent)
        row = QHBoxLayout()
        self.passphrase = QLineEdit(objectName="passphrase", echoMode=QLineEdit.EchoMode.Password,
                                    placeholderText=tr("key passphrase"))
        self.unlock_button = QPushButton(tr("Unlock"), objectName="unlock")
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
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
