"""The audit log, searched: by operator, action, object (entity and its
id), outcome and days, newest first; and the same events as a sheet, for
the CSV and XLSX exports. Reading it is itself an audited action."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from db.models import AuditEvent, AuditOutcome
from vending_app.core.actor import Actor
from vending_app.core.documents import Column, Fact, Label, Section, Sheet
from vending_app.core.errors import ValidationError
from vending_app.core.permissions import Permission, requires
from vending_app.core.reports import AuditRow
from vending_app.core.service import Service

AUDIT_LIMIT = 5000


@dataclass(frozen=True)
class AuditFilter:
    """Empty fields do not filter. ``action`` ending in '*' matches a
    prefix ('shift_*'); days are the station's local days, inclusive."""
    operator: str = ""
    action: str = ""
    entity: str = ""
    entity_id: str = ""
    outcome: str = ""
    start: date | None = None
    end: date | None = None

    def described(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in self.__dict__.items() if v}


def _where(q, f: AuditFilter, tz):
    if f.operator.strip():
        q = q.where(AuditEvent.operator_login == f.operator.strip().lower())
    action = f.action.strip().lower()
    if action.endswith("*"):
        q = q.where(AuditEvent.action.startswith(action[:-1], autoescape=True))
    elif action:
        q = q.where(AuditEvent.action == action)
    if f.entity.strip():
        q = q.where(AuditEvent.entity == f.entity.strip().lower())
    if f.entity_id.strip():
        q = q.where(AuditEvent.entity_id == f.entity_id.strip())
    if f.outcome.strip():
        try:
            q = q.where(AuditEvent.outcome == AuditOutcome(f.outcome.strip().lower()))
        except ValueError:
            raise ValidationError("'{text}' must be one of {options}.", text=f.outcome,
                                  options=", ".join(o.value for o in AuditOutcome)) from None
    if f.start:
        q = q.where(AuditEvent.at >= datetime.combine(f.start, time(), tz).astimezone(UTC))
    if f.end:
        q = q.where(AuditEvent.at < datetime.combine(f.end + timedelta(days=1), time(),
                                                     tz).astimezone(UTC))
    return q


def _detail(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


AUDIT_COLUMNS = (Column("id", "#", "序号", "int"), Column("at", "When", "时间"),
                 Column("station", "Station", "站点"), Column("operator", "Operator", "操作员"),
                 Column("action", "Action", "操作"), Column("outcome", "Outcome", "结果"),
                 Column("entity", "Object", "对象"), Column("entity_id", "Id", "编号"),
                 Column("detail", "Detail", "详情"))


class AuditQueryService(Service):
    """``core.audit_log``."""

    @requires(Permission.VIEW_AUDIT)
    def search(self, actor: Actor, f: AuditFilter = AuditFilter(),
               limit: int = AUDIT_LIMIT) -> list[AuditRow]:
        if f.start and f.end and f.end < f.start:
            raise ValidationError("The period ends before it starts.")
        tz = self.core.clock().tzinfo
        q = _where(select(AuditEvent), f, tz).order_by(AuditEvent.id.desc()).limit(limit)
        with self.db.read() as s:
            rows = [AuditRow(e.id, e.at.astimezone(tz), e.station_code, e.operator_login, e.action,
                             e.outcome.value, e.entity, e.entity_id, _detail(e.detail))
                    for e in s.scalars(q)]
        self._note(actor, "audit_search", "audit", "", {**f.described(), "found": len(rows)})
        return rows

    def sheet(self, actor: Actor, f: AuditFilter = AuditFilter(),
              limit: int = AUDIT_LIMIT) -> Sheet:
        """The events found, as a sheet for the exports."""
        rows = self.search(actor, f, limit)
        tz = self.core.clock().tzinfo
        cells = tuple({**r.__dict__, "at": r.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                       "detail": r.detail if isinstance(r.detail, str) else json.dumps(
                           r.detail, ensure_ascii=False, sort_keys=True)} for r in rows)
        span = f"{f.start or ''} .. {f.end or ''}".strip()
        period = (Label(span, span, span) if f.start or f.end else
                  Label("all days", "全部日期"))
        return Sheet(kind="audit", title_en="Audit log", title_zh="系统日志", period=period,
                     header=self.core.catalog.parameter("invoice.header"), columns=AUDIT_COLUMNS,
                     sections=(Section(Label("Events", "事件"), cells, {}),), total={},
                     facts=tuple(Fact(k, k, str(v)) for k, v in f.described().items()))
