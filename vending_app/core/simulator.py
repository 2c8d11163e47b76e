"""The virtual meter's gate: the simulator commands exist only in a demo
office, only for an administrator, and each use is audited.

A demo office is one that ``demo seed`` made: it records that in the
``settings`` table under a key that is not a system parameter, so
``param set`` cannot turn a working office into a demo one. The simulator
derives a meter's own key from the vending keys, so on a working office it
would be a way to hold a meter's key outside a meter.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Setting
from vending_app.core import audit
from vending_app.core.actor import Actor
from vending_app.core.errors import StateError
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

DEMO_FLAG = "demo.office"


def mark_demo(s: Session) -> None:
    """Called by ``demo seed`` on the fresh database it fills."""
    s.merge(Setting(key=DEMO_FLAG, scope="", value="yes"))


def is_demo(s: Session) -> bool:
    return s.scalar(select(Setting.value).where(Setting.key == DEMO_FLAG,
                                                Setting.scope == "")) == "yes"


class SimulatorService(Service):
    # MANAGE_KEYS: the simulator handles meters' keys, as key administration does.
    @requires(Permission.MANAGE_KEYS)
    def allow(self, actor: Actor, what: str, meter: str, detail: dict | None = None) -> None:
        """Refuse outside a demo office; else record who used the simulator."""
        with self.db.write() as s:
            if not is_demo(s):
                raise StateError("The virtual meter exists only in a demo office (one made by "
                                 "'demo seed'), never beside real meters.")
            audit.append(s, actor, f"meter_sim_{what}", "meter", meter, detail)
