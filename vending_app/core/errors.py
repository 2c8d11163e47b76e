"""Errors a clerk can act on.

Each error keeps its English template and its parameters apart, so the UI
can translate the template and fill in the values in the operator's language.
"""

from __future__ import annotations


class Note(str):
    """A sentence for the operator that is not an error: a settled sale, an
    anomaly's detail, what the printer did. It is its English text (so logs,
    the CLI and the database take it as a string) and keeps its template and
    parameters apart, like VendingError, for the UI to translate."""

    template: str
    params: dict

    def __new__(cls, template: str, **params):
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template, self.params = template, params
        return self

    @classmethod
    def of(cls, error: VendingError) -> Note:
        return cls(error.template, **error.params)

    def __reduce__(self):  # pickles (process pools) keep the template
        return _note, (self.template, self.params)


def _note(template: str, params: dict) -> Note:
    return Note(template, **params)


ECHO_LIMIT = 40


def echo(text, limit: int = ECHO_LIMIT) -> str:
    """What the operator typed, as an error quotes it back: at most ``limit``
    characters, so a pasted page does not become the message."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


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


class HeldElsewhere(StateError):
    """Another station holds what this one needs (a meter mid-sale)."""


class DatabaseUnusable(StateError):
    """The station's database is missing or damaged: nothing is sold on it."""


class DiskFull(DatabaseUnusable):
    """The disk holding the database has no room: free space, never restore."""


class StorageReadOnly(DatabaseUnusable):
    """The database or its folder cannot be written: fix the mount or rights."""


class DatabaseLocked(DatabaseUnusable):
    """Another program holds the database file locked."""
