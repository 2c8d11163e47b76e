"""Errors a clerk can act on.

Each error keeps its English template and its parameters apart, so the UI
can translate the template and fill in the values in the operator's language.
"""

from __future__ import annotations


class VendingError(Exception):
    """Base of every error the station reports to an operator."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)


class ValidationError(VendingError):
    """Input that cannot be accepted as typed."""


class NotFound(VendingError):
    """No such customer, meter, tariff, ..."""


class Conflict(VendingError):
    """Would duplicate something that must be unique."""


class StateError(VendingError):
    """Not allowed in the current state (closed account, no open shift, ...)."""


class LimitExceeded(VendingError):
    """A purchase limit, a credit cap or a shift limit would be passed."""


class PermissionDenied(VendingError):
    """The operator's role may not do this."""


class AuthenticationFailed(VendingError):
    """Wrong login or password, or the account is disabled or locked."""
