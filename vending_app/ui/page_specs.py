"""The pages of the window and the menus they sit in: what a role sees is
decided here, one line a page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vending_app.core.permissions import Permission as P
from vending_app.ui.i18n import tr


@dataclass(frozen=True)
class PageSpec:
    key: str
    menu: str
    title: Callable[[], str]
    permission: P | None
    factory: Callable  # (session) -> Page
    shortcut: str = ""


def menus() -> list[tuple[str, str]]:
    return [("accounts", tr("&Accounts")), ("query", tr("&Query")),
            ("maintenance", tr("&Maintenance")), ("sales", tr("&Sales")),
            ("settings", tr("S&ettings")), ("system", tr("System &parameters")),
            ("business", tr("&Business")), ("auxiliary", tr("Au&xiliary"))]


def page_specs() -> list[PageSpec]:
    """Every page, in menu order (a role sees those it may use)."""
    return (_customer_specs() + _maintenance_specs() + _counter_specs() + _office_specs()
            + _paperwork_specs())


def _customer_specs() -> list[PageSpec]:
    """Accounts, query and the clerk's maintenance."""
    from vending_app.ui import account_close_pages as c
    from vending_app.ui import account_pages as a
    from vending_app.ui import business_pages as b
    return [
        PageSpec("open_account", "accounts", lambda: tr("Open account"), P.OPEN_ACCOUNT,
                 a.open_account_page, "Ctrl+N"),
        PageSpec("pair_issue", "accounts", lambda: tr("Pair meter and issue card"), P.PAIR_METER,
                 a.PairIssuePage),
        PageSpec("replace_meter", "accounts", lambda: tr("Replace meter"), P.REPLACE_METER,
                 a.replace_meter_page),
        PageSpec("reissue", "accounts", lambda: tr("Reissue lost card"), P.REISSUE_CARD,
                 a.reissue_page),
        PageSpec("close_account", "accounts", lambda: tr("Close account and refund"),
                 P.CLOSE_ACCOUNT, c.CloseAccountPage),
        PageSpec("charges", "accounts", lambda: tr("Arrears and charges"), P.MANAGE_CHARGES,
                 a.charge_page),
        PageSpec("search", "query", lambda: tr("Customer search"), P.SEARCH_CUSTOMERS,
                 a.SearchPage, "F3"),
        PageSpec("sales_detail", "query", lambda: tr("Sales detail"), P.VIEW_REPORTS,
                 b.sales_detail_page),
        PageSpec("tool_cards", "maintenance", lambda: tr("Tool cards"), P.TOOL_CARDS,
                 c.ToolCardPage),
    ]


def _maintenance_specs() -> list[PageSpec]:
    """The clerk's upkeep of an account: details, owner, category, team, status, meters."""
    from vending_app.ui import customer_pages as m
    from vending_app.ui.import_page import ImportPage
    return [
        PageSpec("moving_in", "accounts", lambda: tr("Moving in: import customers"),
                 P.OPEN_ACCOUNT, ImportPage),
        PageSpec("edit_customer", "accounts", lambda: tr("Edit customer"), P.MAINTAIN_CUSTOMERS,
                 m.CustomerEditPage, "Ctrl+E"),
        PageSpec("owner", "accounts", lambda: tr("Change of owner"), P.MAINTAIN_CUSTOMERS,
                 m.owner_page),
        PageSpec("category", "accounts", lambda: tr("Change of category"),
                 P.MAINTAIN_CUSTOMERS, m.category_page),
        PageSpec("team", "accounts", lambda: tr("Change of supply team"), P.MAINTAIN_CUSTOMERS,
                 m.team_page),
        PageSpec("suspension", "accounts", lambda: tr("Suspend or reactivate"),
                 P.MAINTAIN_CUSTOMERS, m.suspension_page),
        PageSpec("unpair", "accounts", lambda: tr("Unpair one meter"), P.MAINTAIN_CUSTOMERS,
                 m.unpair_page),
    ]


def _counter_specs() -> list[PageSpec]:
    """Keys, sales, settings and the system parameters."""
    from vending_app.ui import admin_pages as d
    from vending_app.ui import business_pages as b
    from vending_app.ui.refund_page import RefundPage
    from vending_app.ui.sale_page import SalePage
    from vending_app.ui.shift_page import ShiftPage
    from vending_app.ui.tariff_pages import TariffsPage
    return [
        PageSpec("keys", "maintenance", lambda: tr("Vending keys"), None, d.KeysPage, "F9"),
        PageSpec("sale", "sales", lambda: tr("Sale"), P.QUOTE, SalePage, "F2"),
        PageSpec("reversal", "sales", lambda: tr("Request a reversal"), P.REQUEST_REVERSAL,
                 b.reversal_page),
        PageSpec("reprint", "sales", lambda: tr("Reprint invoice"), P.REPRINT_INVOICE,
                 b.ReprintPage),
        PageSpec("refund", "sales", lambda: tr("Refund on demand"), P.REFUND, RefundPage,
                 "F4"),
        PageSpec("station", "settings", lambda: tr("Station settings"), None, d.StationPage),
        PageSpec("password", "settings", lambda: tr("Change my password"), None,
                 d.password_page),
        PageSpec("operators", "system", lambda: tr("Operators"), P.MANAGE_OPERATORS,
                 d.OperatorsPage),
        PageSpec("tariffs", "system", lambda: tr("Tariffs"), P.MANAGE_TARIFFS, TariffsPage),
        PageSpec("catalog", "system", lambda: tr("Areas, teams and categories"), P.MANAGE_AREAS,
                 d.CatalogPage),
        PageSpec("parameters", "system", lambda: tr("System parameters"), P.MANAGE_SETTINGS,
                 d.ParametersPage),
        PageSpec("shift", "business", lambda: tr("My shift"), P.OPERATE_SHIFT, ShiftPage, "F7"),
    ]


def _paperwork_specs() -> list[PageSpec]:
    """The paperwork people ask for, and the audit log."""
    from vending_app.ui import paperwork_pages as w
    from vending_app.ui.audit_page import AuditLogPage
    return [
        PageSpec("audit", "auxiliary", lambda: tr("Audit log"), P.VIEW_AUDIT, AuditLogPage),
        PageSpec("statement", "query", lambda: tr("Customer statement"), P.SEARCH_CUSTOMERS,
                 w.StatementPage),
        PageSpec("sales_search", "query", lambda: tr("Sales search"), P.SEARCH_CUSTOMERS,
                 w.sales_search_page),
        PageSpec("daily_report", "auxiliary", lambda: tr("Daily report"), P.VIEW_REPORTS,
                 w.DailyReportPage),
        PageSpec("call_list", "query", lambda: tr("Low-balance call list"), P.SEARCH_CUSTOMERS,
                 w.CallListPage),
        PageSpec("tariff_preview", "query", lambda: tr("Try a tariff on a customer"), P.QUOTE,
                 w.tariff_preview_page),
    ]


def _office_specs() -> list[PageSpec]:
    """Business, the auxiliary screens and the office's maintenance."""
    from vending_app.ui import analysis_pages as n
    from vending_app.ui import business_pages as b
    from vending_app.ui import diagnostics as g
    from vending_app.ui import office_pages as o
    return [
        PageSpec("approvals", "business", lambda: tr("Approvals"), P.APPROVE, b.ApprovalsPage),
        PageSpec("adjustment", "business", lambda: tr("Request adjustment energy"),
                 P.REQUEST_ADJUSTMENT, b.adjustment_page),
        PageSpec("quota", "business", lambda: tr("Request a flat-price quota"),
                 P.REQUEST_ADJUSTMENT, b.quota_page),
        PageSpec("reports", "auxiliary", lambda: tr("Reports"), P.VIEW_REPORTS, b.ReportsPage),
        PageSpec("suspicious", "auxiliary", lambda: tr("Suspicious customers"), P.ANALYSES,
                 n.SuspiciousPage),
        PageSpec("line_loss", "auxiliary", lambda: tr("Master meter vs sub-meters"), P.ANALYSES,
                 n.LineLossPage),
        PageSpec("master_readings", "maintenance", lambda: tr("Master meter readings"),
                 P.MASTER_READINGS, n.MasterReadingsPage),
        PageSpec("monitor", "business", lambda: tr("Business monitoring"), P.MONITOR_STATIONS,
                 o.MonitorPage),
        PageSpec("messages", "auxiliary", lambda: tr("Station messages"), P.MESSAGES,
                 o.MessagesPage, "Ctrl+M"),
        PageSpec("database", "system", lambda: tr("Database safety"), P.MAINTAIN_DATABASE,
                 o.DatabasePage),
        PageSpec("diagnostics", "auxiliary", lambda: tr("Diagnostics"), None,
                 g.DiagnosticsPage),
    ]
