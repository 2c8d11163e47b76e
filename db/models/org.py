"""The office itself: stations, operators, supply areas and teams, customer
categories, and station settings."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.models.base import Base, str_enum
from db.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    ADMINISTRATOR = "administrator"
    CLERK = "clerk"
    SELLER = "seller"
    FINANCE = "finance"


class Station(Base):
    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # Receipt numbers are gap-free per station: the counter is taken under a
    # row lock in the same transaction that commits the sale.
    next_receipt_no: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Presence, for business monitoring: written by the station's heartbeat
    # (one small UPDATE every half minute), never by the monitor.
    host: Mapped[str | None] = mapped_column(String(80))
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    activity: Mapped[str | None] = mapped_column(String(32))


class Operator(Base):
    __tablename__ = "operators"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(32), unique=True)
    full_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoginFailure(Base):
    """Wrong passwords typed for a login that no operator has: counted and
    locked exactly like an operator's, so trying passwords does not tell a
    real login from a made-up one. Only well-formed logins are kept (others
    can never exist), so a row is at most a login's length."""

    __tablename__ = "login_failures"

    login: Mapped[str] = mapped_column(String(32), primary_key=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SupplyArea(Base):
    __tablename__ = "supply_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # Retired: no new teams or customers in it; those it has stay.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    teams: Mapped[list[SupplyTeam]] = relationship(back_populates="area")


class SupplyTeam(Base):
    __tablename__ = "supply_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("supply_areas.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    area: Mapped[SupplyArea] = relationship(back_populates="teams")


class CustomerCategory(Base):
    __tablename__ = "customer_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Setting(Base):
    """A system parameter. ``scope`` is '' for the office-wide value or a
    station code for that station's override."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16), primary_key=True, default="")
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
