"""What every service shares: the database, the station, the refusal path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.models import AuditOutcome
from vending_app.core import audit
from vending_app.core.actor import Actor
from vending_app.core.errors import PermissionDenied
from vending_app.core.permissions import allowed

if TYPE_CHECKING:
    from vending_app.core.station import StationCore


class Service:
    def __init__(self, core: StationCore):
        self.core = core
        self.db = core.db

    def _note(self, actor: Actor, action: str, entity: str = "", entity_id="",
              detail: dict | None = None) -> None:
        """Audit a read-only action in a short transaction of its own, so the
        read itself never holds a write lock."""
        with self.db.write() as s:
            audit.append(s, actor, action, entity, entity_id, detail)

    def check_allowed(self, actor: Actor, method) -> None:
        """Refuse now, as the guarded ``method`` itself would (same message,
        same audit event), before a caller asks the operator for more: a
        new password, a passphrase, a card."""
        permission = method.permission
        if not allowed(actor.role, permission):
            self._refuse(actor, method.__qualname__, permission)

    def _refuse(self, actor: Actor, call: str, permission) -> None:
        """Record the refused attempt in its own transaction, then refuse."""
        with self.db.write() as s:
            audit.append(s, actor, "permission_denied", "operation", call,
                         {"permission": str(permission), "role": actor.role.value},
                         outcome=AuditOutcome.DENIED)
        raise PermissionDenied(
            "A {role} may not do this ({call}). Ask an operator with that duty.",
            role=actor.role.value, call=call,
        )
