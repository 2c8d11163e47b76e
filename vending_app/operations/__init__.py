"""The operations: one function per user action, between the core and both
front ends (Anki's aqt/operations is the model).

An operation calls the core and returns an ``OpResult``: the core's answer
and what the action changed. The window runs it on its worker and, on
success, tells every page what changed (``Session.changed``), so each page
refreshes what it shows from that and nothing else; the command line calls
the same function and prints the answer. An operation is a few lines: the
rules live in the core, the words on the screen in the front ends.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class Changed(enum.Flag):
    """What an action changed: a page shows some of these and refreshes
    when an action changed one of them."""
    NONE = 0
    SALES = enum.auto()  # sales, reversals, refunds, adjustment energy sold
    SHIFTS = enum.auto()
    CUSTOMERS = enum.auto()  # accounts, meters, cards, charges
    CATALOG = enum.auto()  # areas, teams, categories
    TARIFFS = enum.auto()
    OPERATORS = enum.auto()
    SETTINGS = enum.auto()  # system parameters
    KEYS = enum.auto()
    APPROVALS = enum.auto()  # requests waiting for an administrator
    AUDIT = enum.auto()  # every user-visible action writes an audit event


@dataclass(frozen=True)
class OpResult(Generic[T]):
    value: T
    changes: Changed

    def answer(self, value):
        """The same changes with another answer (the words a front end shows)."""
        return OpResult(value, self.changes)


def changed(value: T, changes: Changed) -> OpResult[T]:
    """The action's answer and what it changed (an audit event, always:
    every user-visible action writes one)."""
    return OpResult(value, changes | Changed.AUDIT)
