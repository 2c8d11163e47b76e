#!/usr/bin/env python3
"""Write the upgrade fixtures: a small office's books at every schema
revision, as tests/fixtures/upgrade/rev-NNNN.sql.

Nothing is checked out: for each revision an empty SQLite database is
migrated to it (alembic upgrade N), its tables are read back, and the
office below is written as INSERTs for the tables and columns that revision
has. A column that revision requires and the office does not fill stops the
script, naming it: give it a value in ROWS. Each fixture is then loaded into
a fresh database at its revision and its audit chain checked, so a fixture
that would not load is never written.

    .venv/bin/python scripts/make_upgrade_fixtures.py            # every revision
    .venv/bin/python scripts/make_upgrade_fixtures.py 0003 0005  # some
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from argon2.low_level import Type, hash_secret

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from alembic.script import ScriptDirectory  # noqa: E402
from sqlalchemy import MetaData, func, inspect, select  # noqa: E402

from db import migrate  # noqa: E402
from db.engine import make_engine  # noqa: E402
from tests.upgrade_fixtures import FOLDER, load  # noqa: E402
from vending_app.core import audit  # noqa: E402

T0 = datetime(2026, 3, 2, 1, 0, 0)  # UTC, naive as stored
PASSWORD = "demo-pass"


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def password_hash(login: str) -> str:
    """A cheap argon2id hash with a fixed salt: the fixture is the same text
    every time it is made."""
    return hash_secret(PASSWORD.encode(), f"salt-{login}-fixture".encode(), time_cost=1,
                       memory_cost=1024, parallelism=1, hash_len=32, type=Type.ID).decode()


def people() -> dict[str, list[dict]]:
    roles = [("admin", "administrator"), ("clerk", "clerk"), ("seller", "seller"),
             ("finance", "finance")]
    return {
        "stations": [dict(id=1, code="S01", name="Counter 1", next_receipt_no=5, created_at=at(0),
                          active=True)],
        "operators": [dict(id=i, login=login, full_name=f"{login.title()} Fixture", role=role,
                           password_hash=password_hash(login), active=True, failed_attempts=0,
                           password_changed_at=at(0), created_at=at(0))
                      for i, (login, role) in enumerate(roles, 1)],
        "supply_areas": [dict(id=1, code="A1", name="Oilfield")],
        "supply_teams": [dict(id=1, area_id=1, code="T1", name="Team 1")],
        "tariffs": [dict(id=1, code="RES", name="Residential", active=True)],
        "tariff_versions": [dict(id=1, tariff_id=1, effective_from=date(2026, 1, 1),
                                 fixed_monthly_charge=0, note="", created_by=1,
                                 created_at=at(1))],
        "tariff_tiers": [dict(id=1, version_id=1, position=0, upto_kwh=216000, price=5283),
                         dict(id=2, version_id=1, position=1, upto_kwh=None, price=5783)],
        "customer_categories": [dict(id=1, code="RESID", name="Residential", tariff_id=1)],
        "settings": [dict(key="backup.every_hours", scope="", value="24", updated_at=at(1))],
    }


def accounts() -> dict[str, list[dict]]:
    names = ["Li Lei", "Han Meimei", "Wang Fang"]
    return {
        "customers": [dict(id=i, account_no=f"{i:08d}", name=n, id_number=f"ID-FIX-{i}",
                           phone=f"1380013800{i}", address=f"{i} Oilfield Road", team_id=1,
                           category_id=1, status="open", opened_by=2, opened_at=at(10 + i))
                      for i, n in enumerate(names, 1)],
        "meters": [dict(id=i, number=f"{i:012d}", customer_id=i, meter_type="single_phase",
                        ct_ratio="1", pt_ratio="1", multiplier=1, low_balance_threshold_kwh=1200,
                        status="paired", key_version=1, purchase_seq=2 if i == 1 else 1,
                        carry_kwh=0, reported_seq=1 if i == 1 else None, paired_at=at(20 + i),
                        generation=1, writeback_counter=1 if i == 1 else 0)
                   for i in (1, 2, 3)],
        "cards": [dict(id=i, serial=f"CARD-{i:04d}", meter_id=i, customer_id=i, status="active",
                       key_version=1, issued_by=2, issued_at=at(25 + i), revoke_reason="",
                       generation=1) for i in (1, 2, 3)],
    }


SALES = [(1, 1, 1, 1, 10000), (2, 1, 1, 2, 5000), (3, 2, 2, 1, 2000), (4, 3, 2, 1, 8000)]


def money() -> dict[str, list[dict]]:
    """Two shifts of the seller (one closed, one open), four sales on three meters."""
    sales, lines = [], []
    for sid, meter, shift, seq, kwh in SALES:
        amount = kwh * 5283 // 10000
        sales.append(dict(
            id=sid, request_key=f"fixture-{sid}", receipt_no=f"S01-{sid:08d}", kind="sale",
            status="committed", station_id=1, operator_id=3, shift_id=shift, customer_id=meter,
            meter_id=meter, card_id=meter, tariff_version_id=1, purchase_seq=seq, multiplier=1,
            primary_kwh=kwh, tier_kwh=kwh, flat_kwh=0, adjustment_kwh=0, secondary_kwh=kwh,
            carry_in_kwh=0, carry_out_kwh=0, energy_amount=amount, fixed_charge=0,
            recovered_amount=0, total_amount=amount, tendered=amount, change=0,
            business_date=date(2026, 3, 2 + shift), created_at=at(100 * shift + sid),
            committed_at=at(100 * shift + sid)))
        lines.append(dict(id=sid, sale_id=sid, position=0, kind="tier", description="tier 1",
                          kwh=kwh, price=5283, amount=amount, tier_index=0))
    first = sum(s["total_amount"] for s in sales if s["shift_id"] == 1)
    shifts = [dict(id=1, station_id=1, operator_id=3, status="closed", opening_float=10000,
                   opened_at=at(100), expected_cash=10000 + first, counted_cash=10000 + first,
                   difference=0, note="", counted_at=at(150), closed_at=at(151), approved_by=1),
              dict(id=2, station_id=1, operator_id=3, status="open", opening_float=10000,
                   opened_at=at(200), note="")]
    cash = [dict(id=1, shift_id=2, kind="cash_in", amount=5000, reason="change float",
                 operator_id=3, created_at=at(210))]
    return {"shifts": shifts, "sales": sales, "sale_lines": lines, "cash_movements": cash}


def later() -> dict[str, list[dict]]:
    """Rows of tables the later revisions added."""
    return {
        "vending_keys": [dict(version=1, wrapped="fixture-wrapped-key", fingerprint="f" * 16,
                              active=True, created_by=1, created_at=at(2))],
        "meter_readings": [dict(id=1, meter_id=1, card_id=1, read_at=at(300), station_code="S01",
                                authentic=True, counter=1, last_seq=1, remaining_kwh=4000,
                                cumulative_kwh=6000, events=0, trips=0, meter_time=at(290),
                                key_version=1, illegal_cards=0)],
        "card_anomalies": [dict(id=1, at=at(300), meter_id=1, card_id=1,
                                kind="unapplied_purchase", detail="purchase 2 not applied yet",
                                station_code="S01", operator_id=3)],
        "tool_cards": [dict(id=1, serial="TOOL-0001", kind="check", meter_id=2, key_version=1,
                            status="issued", issued_by=2, issued_at=at(320))],
        "master_meters": [dict(id=1, team_id=1, number="990000000001", name="Transformer 1",
                               multiplier=80, active=True, created_at=at(5))],
        "master_readings": [dict(id=1, master_meter_id=1, read_at=at(330), energy_kwh=1234560,
                                 source="manual", operator_id=2, station_code="S01",
                                 entered_at=at(330))],
        "backups": [dict(id=1, made_at=at(400), station_code="S01", operator_id=1,
                         trigger="on demand", path="vending-S01-fixture.vbk", size_bytes=1,
                         sha256="0" * 64, rows=1)],
        "station_messages": [dict(id=1, kind="notice", from_station_id=1, from_operator_id=1,
                                  subject="Tariff", body="New prices from the 1st",
                                  sent_at=at(410))],
        "message_reads": [dict(id=1, message_id=1, station_id=1, operator_id=3,
                               read_at=at(420))],
        "login_failures": [dict(login="nobody", failed_attempts=1)],
    }


AUDITED = [("admin", 1, "login", "operator", "1", {}), ("clerk", 2, "account_open", "customer",
           "1", {"name": "Li Lei"}), ("clerk", 2, "card_issue", "card", "1", {"meter": 1}),
           ("seller", 3, "shift_open", "shift", "1", {"float": "100.00"})] + [
          ("seller", 3, "sale_commit", "sale", str(s[0]), {"kwh": str(s[4] / 100)}) for s in SALES
          ] + [("seller", 3, "shift_close", "shift", "1", {"difference": "0.00"}),
               ("admin", 1, "tariff_version", "tariff", "RES", {"from": "2026-01-01"})]


def audit_rows() -> dict[str, list[dict]]:
    """The audit chain, hashed as the station hashes it (its format has not
    changed since the first revision)."""
    events, prev = [], audit.GENESIS
    for i, (login, op, action, entity, entity_id, detail) in enumerate(AUDITED, 1):
        when, text = at(500 + i), audit.canonical(detail)
        h = audit.event_hash(prev, when.replace(tzinfo=UTC), "S01", op, login, action, "ok",
                             entity, entity_id, text)
        events.append(dict(id=i, at=when, station_code="S01", operator_id=op,
                           operator_login=login, action=action, outcome="ok", entity=entity,
                           entity_id=entity_id, detail=text, prev_hash=prev, hash=h))
        prev = h
    return {"audit_events": events,
            "audit_head": [dict(id=1, last_event_id=len(events), last_hash=prev)]}


ORDER = ["stations", "operators", "supply_areas", "supply_teams", "tariffs", "tariff_versions",
         "tariff_tiers", "customer_categories", "settings", "customers", "meters", "cards",
         "vending_keys", "shifts", "sales", "sale_lines", "cash_movements", "meter_readings",
         "card_anomalies", "tool_cards", "master_meters", "master_readings", "backups",
         "station_messages", "message_reads", "login_failures", "audit_events", "audit_head"]


def rows() -> dict[str, list[dict]]:
    return {**people(), **accounts(), **money(), **later(), **audit_rows()}


def literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return f"'{value:%Y-%m-%d %H:%M:%S.%f}'"
    if isinstance(value, date):
        return f"'{value:%Y-%m-%d}'"
    return "'" + str(value).replace("'", "''") + "'"


def inserts(columns: dict[str, dict[str, dict]]) -> list[str]:
    """The office as INSERTs for the tables and columns given (table ->
    column -> reflected column). Stops on a required column left empty."""
    data, out = rows(), []
    unknown = sorted(set(columns) - set(ORDER) - {"alembic_version"})
    for table in [t for t in ORDER if t in columns] + unknown:
        cols = columns[table]
        for row in data.get(table, []):
            missing = [c for c, d in cols.items() if c not in row and not d["nullable"]
                       and d.get("default") is None and d.get("autoincrement") is not True]
            if missing:
                raise SystemExit(f"{table}.{', '.join(missing)}: required at this revision; "
                                 f"give it a value in {Path(__file__).name}")
            names = [c for c in cols if c in row]
            if table == "audit_head":  # the first migration made its one row
                sets = ", ".join(f"{c} = {literal(row[c])}" for c in names if c != "id")
                out.append(f"UPDATE audit_head SET {sets} WHERE id = 1;")
                continue
            out.append(f'INSERT INTO {table} ({", ".join(names)}) VALUES '
                       f'({", ".join(literal(row[c]) for c in names)});')
    return out


def revisions() -> list[str]:
    """Every revision of the chain, oldest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def columns_at(revision: str, tmp: Path) -> dict[str, dict[str, dict]]:
    engine = make_engine(f"sqlite:///{tmp / f'schema-{revision}.sqlite3'}")
    try:
        migrate.upgrade(engine, revision)
        ins = inspect(engine)
        return {t: {c["name"]: c for c in ins.get_columns(t)} for t in ins.get_table_names()}
    finally:
        engine.dispose()


def check(revision: str, path: Path, tmp: Path) -> int:
    """Load the fixture into a fresh database at its revision; its chain holds.
    The chain is read with that revision's own columns (reflected), not with
    today's model, which may have columns the revision has not."""
    engine = make_engine(f"sqlite:///{tmp / f'check-{revision}.sqlite3'}")
    load(engine, revision, path)
    meta = MetaData()
    meta.reflect(engine, only=["audit_events", "audit_head"])
    events, head = meta.tables["audit_events"], meta.tables["audit_head"]
    try:
        with engine.connect() as c:
            prev = audit.GENESIS
            for ev in c.execute(select(events).order_by(events.c.id)).all():
                plain = audit.event_hash(ev.prev_hash, ev.at.replace(tzinfo=UTC), ev.station_code,
                                         ev.operator_id, ev.operator_login, ev.action, ev.outcome,
                                         ev.entity, ev.entity_id, ev.detail)
                if ev.prev_hash != prev or ev.hash != plain:
                    raise SystemExit(f"rev {revision}: the audit chain breaks at {ev.id}")
                prev = ev.hash
            if c.execute(select(head.c.last_hash)).scalar_one() != prev:
                raise SystemExit(f"rev {revision}: the audit head is not the chain's last hash")
            return c.execute(select(func.count()).select_from(events)).scalar_one()
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("revision", nargs="*",
                   help="revisions to write (default: every one before the head, which is "
                        "what an office upgrades from)")
    args = p.parse_args(argv)
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for rev in args.revision or revisions()[:-1]:
            path = FOLDER / f"rev-{rev}.sql"
            lines = inserts(columns_at(rev, Path(tmp)))
            path.write_text(f"-- a small office's books at schema revision {rev}; made by "
                            f"scripts/{Path(__file__).name}\n" + "\n".join(lines) + "\n",
                            encoding="utf-8")
            events = check(rev, path, Path(tmp))
            print(f"{path.relative_to(ROOT)}: {len(lines)} rows, {events} audit events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
