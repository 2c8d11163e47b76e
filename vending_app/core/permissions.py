"""Who may do what. Checked in the service layer on every call, whatever
the UI shows or hides; duties are separated on purpose (相互制约): the role
that creates credit is not the one that takes the cash, and an
administrator approves but does not sell."""

from __future__ import annotations

import enum
import functools

from db.models import Role

__all__ = ["MATRIX", "Permission", "Role", "allowed", "requires"]  # Role: the window's way to it


class Permission(enum.StrEnum):
    # administrator
    MANAGE_OPERATORS = "manage_operators"
    MANAGE_TARIFFS = "manage_tariffs"
    MANAGE_AREAS = "manage_areas"  # areas, teams, categories
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_KEYS = "manage_keys"
    APPROVE = "approve"  # adjustments, quotas, reversals, shift differences
    MAINTAIN_DATABASE = "maintain_database"
    VIEW_AUDIT = "view_audit"
    MONITOR_STATIONS = "monitor_stations"  # business monitoring, the station registry
    SEND_NOTICE = "send_notice"  # an office-wide notice to every station
    # clerk
    OPEN_ACCOUNT = "open_account"
    PAIR_METER = "pair_meter"
    REPLACE_METER = "replace_meter"
    REISSUE_CARD = "reissue_card"
    CLOSE_ACCOUNT = "close_account"
    REQUEST_ADJUSTMENT = "request_adjustment"
    MANAGE_CHARGES = "manage_charges"
    TOOL_CARDS = "tool_cards"  # check and parameter cards
    MAINTAIN_CUSTOMERS = "maintain_customers"  # edit, change of owner, category, team, suspend
    # seller
    SELL = "sell"
    REQUEST_REVERSAL = "request_reversal"
    REPRINT_INVOICE = "reprint_invoice"  # a marked copy of an earlier invoice
    OPERATE_SHIFT = "operate_shift"
    REFUND = "refund"  # 退电 on demand: unapplied purchases taken off the card, paid back
    # shared
    QUOTE = "quote"
    SEARCH_CUSTOMERS = "search_customers"
    VIEW_REPORTS = "view_reports"
    ANALYSES = "analyses"  # suspicious customers, master vs sub-meters
    MASTER_READINGS = "master_readings"  # read or type the master meters' registers
    MESSAGES = "messages"  # ask, answer and read the station messages


P = Permission
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset({
        P.MANAGE_OPERATORS, P.MANAGE_TARIFFS, P.MANAGE_AREAS, P.MANAGE_SETTINGS,
        P.MANAGE_KEYS, P.APPROVE, P.MAINTAIN_DATABASE, P.VIEW_AUDIT, P.TOOL_CARDS,
        P.QUOTE, P.SEARCH_CUSTOMERS, P.VIEW_REPORTS, P.ANALYSES, P.MASTER_READINGS,
        P.MONITOR_STATIONS, P.SEND_NOTICE, P.MESSAGES,
    }),
    Role.CLERK: frozenset({
        P.OPEN_ACCOUNT, P.PAIR_METER, P.REPLACE_METER, P.REISSUE_CARD, P.CLOSE_ACCOUNT,
        P.REQUEST_ADJUSTMENT, P.MANAGE_CHARGES, P.TOOL_CARDS, P.QUOTE, P.SEARCH_CUSTOMERS,
        P.ANALYSES, P.MASTER_READINGS, P.MESSAGES, P.MAINTAIN_CUSTOMERS,
    }),
    Role.SELLER: frozenset({
        P.SELL, P.REQUEST_REVERSAL, P.REPRINT_INVOICE, P.OPERATE_SHIFT, P.QUOTE, P.REFUND,
        P.SEARCH_CUSTOMERS, P.MESSAGES,
    }),
    Role.FINANCE: frozenset({P.VIEW_REPORTS, P.VIEW_AUDIT, P.SEARCH_CUSTOMERS,
                             P.REPRINT_INVOICE, P.ANALYSES, P.MESSAGES}),
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]


def requires(permission: Permission):
    """Guard a service method ``(self, actor, ...)``: refuse and audit the
    attempt when the actor's role lacks ``permission``."""

    def decorate(fn):
        @functools.wraps(fn)
        def guarded(self, actor, *args, **kwargs):
            if not allowed(actor.role, permission):
                self._refuse(actor, fn.__qualname__, permission)
            return fn(self, actor, *args, **kwargs)

        guarded.permission = permission
        return guarded

    return decorate
