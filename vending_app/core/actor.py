"""Who is acting, and at which station."""

from __future__ import annotations

from dataclasses import dataclass

from db.models import Role


@dataclass(frozen=True)
class Actor:
    operator_id: int | None
    login: str
    full_name: str
    role: Role
    station_id: int
    station_code: str


def system_actor(station_id: int, station_code: str) -> Actor:
    """The station itself (set-up, recovery): never has permissions of its own."""
    return Actor(None, "system", "System", Role.FINANCE, station_id, station_code)
