"""The office's stations: the registry, each station's presence, and the
administrator's business monitoring (业务监视).

Monitoring is polled by the administrator's window every few seconds, from
every office at once, so it must cost the database next to nothing. Each
poll reads the audit chain's head (one row by primary key) and the stations
table (a handful of rows). Every sale, shift and sign-in appends an audit
event, so while the head has not moved, nothing the monitor shows from the
books has changed and the day's figures are served from memory; only when
it moves are they read again, with the (business_date, station_id) index.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.models import AuditHead, Operator, Sale, SaleKind, Shift, ShiftStatus, Station
from db.types import utcnow
from vending_app.core import audit, validation
from vending_app.core.actor import Actor
from vending_app.core.errors import NotFound, ValidationError, echo
from vending_app.core.money import ZERO
from vending_app.core.permissions import Permission, requires
from vending_app.core.sales import live
from vending_app.core.service import Service

HEARTBEAT_SECONDS = 30
OFFLINE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)


@dataclass(frozen=True)
class StationView:
    code: str
    name: str
    active: bool
    host: str
    online: bool
    seen_at: datetime | None
    operator: str  # login of whoever is signed in there, '' when nobody
    operator_name: str
    activity: str
    shift_opened_at: datetime | None = None
    shift_operator: str = ""  # login
    shift_operator_name: str = ""
    sales_today: int = 0
    amount_today: Decimal = ZERO
    kwh_today: Decimal = ZERO
    last_sale_at: datetime | None = None


@dataclass(frozen=True)
class MonitorSnapshot:
    taken_at: datetime
    business_date: date
    audit_event_id: int  # the chain's head the figures were read at
    recomputed: bool  # False: the books had not moved since the last poll
    stations: tuple[StationView, ...]

    @property
    def totals(self) -> tuple[int, Decimal]:
        return (sum(v.sales_today for v in self.stations),
                sum((v.amount_today for v in self.stations), ZERO))


def _station(s: Session, code: str) -> Station:
    st = s.scalar(select(Station).where(Station.code == code.strip().upper()))
    if st is None:
        raise NotFound("There is no station {code}.", code=echo(code))
    return st


class StationName(NamedTuple):
    code: str
    name: str


class StationService(Service):
    def __init__(self, core):
        super().__init__(core)
        self._books: tuple[tuple[int, date], dict] | None = None  # (head, day) -> figures
        self.host = socket.gethostname()[:80]

    # --- presence ------------------------------------------------------------
    def heartbeat(self, actor: Actor | None, activity: str = "") -> None:
        """This station is alive, and who is at it: one UPDATE, no audit
        event (sign-in and sign-out are audited where they happen)."""
        with self.db.write() as s:
            self.present(s, actor.operator_id if actor else None,
                         activity or ("signed in" if actor else "signed out"))

    def present(self, s: Session, operator_id: int | None, activity: str) -> None:
        """Who is at this station now and what they do, inside the caller's
        transaction (sign-in and sign-out note it with their audit event)."""
        s.execute(update(Station).where(Station.id == self.core.bind_station(s)).values(
            seen_at=utcnow(), host=self.host, operator_id=operator_id, activity=activity[:32]))

    # --- registry ------------------------------------------------------------
    @requires(Permission.MONITOR_STATIONS)
    def rename(self, actor: Actor, code: str, name: str) -> None:
        name = name.strip()
        if not 1 <= len(name) <= 80:
            raise ValidationError("A station's name needs 1-80 characters.")
        validation.printable(name, "The station's name")
        with self.db.write() as s:
            st = _station(s, code)
            old, st.name = st.name, name
            audit.append(s, actor, "station_rename", "station", st.code, {"from": old, "to": name})

    @requires(Permission.MONITOR_STATIONS)
    def set_active(self, actor: Actor, code: str, active: bool) -> None:
        """A retired counter stays in the registry (its receipts name it)."""
        with self.db.write() as s:
            st = _station(s, code)
            st.active = active
            audit.append(s, actor, "station_enable" if active else "station_disable",
                         "station", st.code)

    def codes(self) -> list[StationName]:
        with self.db.read() as s:
            return [StationName(*r) for r in s.execute(
                select(Station.code, Station.name).where(Station.active).order_by(Station.code))]

    # --- monitoring ------------------------------------------------------------
    @requires(Permission.MONITOR_STATIONS)
    def monitor(self, actor: Actor) -> MonitorSnapshot:
        now, day = utcnow(), self.core.today()
        with self.db.read() as s:
            head = s.scalar(select(AuditHead.last_event_id).where(AuditHead.id == 1)) or 0
            rows = s.execute(select(Station, Operator.login, Operator.full_name)
                             .outerjoin(Operator, Station.operator_id == Operator.id)
                             .order_by(Station.code)).all()
            key = (head, day)
            recomputed = self._books is None or self._books[0] != key
            if recomputed:
                self._books = (key, self._read_books(s, day))
        books = self._books[1]
        views = []
        for st, login, full_name in rows:
            online = st.seen_at is not None and now - st.seen_at <= OFFLINE_AFTER
            v = StationView(st.code, st.name, st.active, st.host or "", online, st.seen_at,
                            (login or "") if online else "", (full_name or "") if online else "",
                            (st.activity or "") if online else "offline")
            views.append(replace(v, **books.get(st.id, {})))
        return MonitorSnapshot(now, day, head, recomputed, tuple(views))

    @staticmethod
    def _read_books(s: Session, day: date) -> dict[int, dict]:
        books: dict[int, dict] = {}
        for station_id, n, amount, kwh, last in s.execute(
            select(Sale.station_id, func.count(Sale.id), func.sum(Sale.total_amount),
                   func.sum(Sale.primary_kwh), func.max(Sale.committed_at))
            .where(Sale.business_date == day, Sale.kind == SaleKind.SALE, live(Sale.status))
            .group_by(Sale.station_id)
        ):
            books[station_id] = {"sales_today": n, "amount_today": amount or ZERO,
                                 "kwh_today": kwh or ZERO, "last_sale_at": last}
        for station_id, opened, login, name in s.execute(
            select(Shift.station_id, Shift.opened_at, Operator.login, Operator.full_name)
            .join(Operator, Shift.operator_id == Operator.id)
            .where(Shift.status == ShiftStatus.OPEN).order_by(Shift.opened_at)
        ):
            books.setdefault(station_id, {}).update(shift_opened_at=opened, shift_operator=login,
                                                    shift_operator_name=name)
        return books
