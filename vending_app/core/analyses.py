"""Suspicious customers (用电可疑户): who may be stealing, with a reason a
clerk can read for every flag.

Each rule looks at what the office already holds: purchases, the meters'
authenticated reports (write-backs) and the anomalies noticed at the
counter. A flag needs evidence against the customer's *own* history and
the team's peers, so a customer who is away at the same time every year,
or one who always buys little, is not flagged for it.

- silence: no purchase for far longer than the customer's longest gap in
  the last two years and than most of the team;
- drop: energy bought in the last 90 days far below the same 90 days a
  year ago, while the team's customers did not drop alike;
- mismatch: between the meter's last two reports, energy credited minus
  energy used does not leave what the meter says is left;
- tamper, reverse current, forged or copied write-back: what the meter or
  the card said, counted over the last year.

The score adds the rules' weights; the list is ranked by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import (
    Integer,
    and_,
    func,
    literal,
    or_,
    select,
    type_coerce,
)

from db.models import (
    AnomalyKind,
    CardAnomaly,
    Customer,
    Meter,
    MeterReading,
    Sale,
    SaleStatus,
    SupplyTeam,
)
from db.types import Energy
from vending_app.core import purchase_months
from vending_app.core.actor import Actor
from vending_app.core.errors import Note
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service

LOOKBACK_DAYS, RECENT_DAYS = 730, 90
MIN_SILENCE_DAYS, MIN_PURCHASES = 45, 3
DROP_MIN_KWH, DROP_RATIO = Decimal(150), Decimal("0.4")
MISMATCH_MIN_KWH, MISMATCH_SHARE = Decimal(5), Decimal("0.05")
CENT = Decimal("0.01")

KINDS = ("silence", "drop", "mismatch", "tamper", "reverse_current", "forged_writeback",
         "copied_card")
WEIGHTS = {"forged_writeback": 90, "tamper": 80, "copied_card": 70, "mismatch": 70,
           "reverse_current": 60, "silence": 40, "drop": 40}
ANOMALY_RULES = {AnomalyKind.TAMPER_EVENT: "tamper", AnomalyKind.REVERSE_CURRENT: "reverse_current",
                 AnomalyKind.FORGED_WRITEBACK: "forged_writeback",
                 AnomalyKind.OLD_WRITEBACK: "copied_card",
                 AnomalyKind.UNKNOWN_SEQUENCE: "copied_card"}


@dataclass(frozen=True)
class Reason:
    kind: str  # one of KINDS
    score: int
    text: Note  # what a clerk reads


@dataclass(frozen=True)
class Suspect:
    account_no: str
    name: str
    team: str
    meter: str
    score: int
    reasons: tuple[Reason, ...]
    last_purchase: date | None

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(r.kind for r in self.reasons)


def percentile(values: list, share: float):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]


class AnalysisService(Service):
    @requires(Permission.ANALYSES)
    def suspicious(self, actor: Actor, as_of: date | None = None, team: str | None = None,
                   kind: str | None = None, min_score: int = 0) -> list[Suspect]:
        as_of = as_of or self.core.today()
        found: dict[int, list[Reason]] = {}
        last_buy: dict[int, date] = {}
        with self.db.read() as s:
            team_of = dict(s.execute(select(Meter.id, SupplyTeam.code)
                                     .join(Customer, Meter.customer_id == Customer.id)
                                     .join(SupplyTeam, Customer.team_id == SupplyTeam.id)).all())
            self._silence(s, as_of, team_of, found, last_buy)
            self._drop(s, as_of, team_of, found)
            self._mismatch(s, as_of, found)
            self._anomalies(s, as_of, found)
            rows = s.execute(select(Meter.id, Meter.number, Customer.account_no, Customer.name)
                             .join(Customer, Meter.customer_id == Customer.id)
                             .where(Meter.id.in_(list(found)))).all() if found else []
        out = []
        for meter_id, number, account, name in rows:
            reasons = tuple(sorted(found[meter_id], key=lambda r: -r.score))
            out.append(Suspect(account, name, team_of.get(meter_id, ""), number,
                               sum(r.score for r in reasons), reasons, last_buy.get(meter_id)))
        out = [x for x in out if x.score >= min_score
               and (team is None or x.team == team.strip().upper())
               and (kind is None or kind in x.kinds)]
        out.sort(key=lambda x: (-x.score, x.account_no))
        self._note(actor, "analysis_suspicious", "report", as_of.isoformat(),
                   {"team": team, "kind": kind, "min_score": min_score, "found": len(out)})
        return out

    # --- the rules ---------------------------------------------------------------
    def _day_end(self, day: date) -> datetime:
        """The end of ``day`` at the station, in UTC as stored."""
        tz = self.core.clock().tzinfo
        return datetime.combine(day + timedelta(days=1), time(), tz).astimezone(UTC)

    def _silence(self, s, as_of: date, team_of: dict, found: dict, last_buy: dict) -> None:
        since = as_of - timedelta(days=LOOKBACK_DAYS)
        per_team: dict[str, list[int]] = {}
        history = {}
        for m, run in purchase_months.purchase_runs(s, since, as_of).items():
            last_buy[m] = run.last
            if run.count >= MIN_PURCHASES and run.longest is not None:
                history[m] = (run.longest, (as_of - run.last).days)
                per_team.setdefault(team_of.get(m, ""), []).append(run.longest)
        peers = {t: percentile(v, 0.9) for t, v in per_team.items()}
        for m, (longest, silent) in history.items():
            team_gap = peers.get(team_of.get(m, "")) or 0
            limit = max(int(longest * 1.5), team_gap, MIN_SILENCE_DAYS)
            if silent > limit:
                score = WEIGHTS["silence"] + min(30, 10 * (silent - limit) // max(limit, 1))
                found.setdefault(m, []).append(Reason("silence", score, Note(
                    "no purchase for {days} days; before, never more than {own} days between "
                    "purchases, and most of team {team} buy again within {peers} days",
                    days=silent, own=longest, team=team_of.get(m, ""), peers=team_gap)))

    def _drop(self, s, as_of: date, team_of: dict, found: dict) -> None:
        recent_from = as_of - timedelta(days=RECENT_DAYS - 1)
        year_ago_to, year_ago_from = as_of - timedelta(days=365), recent_from - timedelta(days=365)
        now_of = purchase_months.bought(s, recent_from, as_of)
        before_of = purchase_months.bought(s, year_ago_from, year_ago_to)
        rows = [(m, now_of.get(m), before) for m, before in before_of.items()]
        ratios: dict[str, list[Decimal]] = {}
        usable = []
        for m, now, before in rows:
            now, before = Decimal(now or 0).quantize(CENT), Decimal(before or 0).quantize(CENT)
            if before >= DROP_MIN_KWH:
                usable.append((m, now, before, now / before))
                ratios.setdefault(team_of.get(m, ""), []).append(now / before)
        team_ratio = {t: percentile(v, 0.5) for t, v in ratios.items()}
        for m, now, before, ratio in usable:
            peers = team_ratio.get(team_of.get(m, "")) or Decimal(1)
            if ratio < DROP_RATIO and ratio < peers / 2:
                score = WEIGHTS["drop"] + int(min(30, (1 - ratio / peers) * 30))
                found.setdefault(m, []).append(Reason("drop", score, Note(
                    "bought {now} kWh in the last {days} days against {before} kWh in the same "
                    "days a year ago ({percent}%); team {team} bought {team_percent}% of theirs",
                    now=now, days=RECENT_DAYS, before=before, percent=round(ratio * 100),
                    team=team_of.get(m, ""), team_percent=round(peers * 100))))

    def _mismatch(self, s, as_of: date, found: dict) -> None:
        until = self._day_end(as_of)
        paired = _paired_reports(until)
        p = paired.c
        credited = type_coerce(func.coalesce(func.sum(Sale.secondary_kwh), 0), Energy())
        rows = s.execute(
            select(p.meter_id, p.old_remaining, p.old_cumulative, p.remaining_kwh,
                   p.cumulative_kwh, p.read_at, credited).select_from(paired)
            .outerjoin(Sale, and_(Sale.meter_id == p.meter_id,
                                  Sale.status == SaleStatus.COMMITTED,
                                  Sale.purchase_seq > p.old_seq,
                                  Sale.purchase_seq <= p.last_seq))
            .where(p.rn > 1)
            .group_by(p.meter_id, p.old_remaining, p.old_cumulative, p.remaining_kwh,
                      p.cumulative_kwh, p.read_at)
            .having(_adds_up_not(p.old_remaining, p.old_cumulative, p.remaining_kwh,
                                 p.cumulative_kwh))).all()
        worst: dict[int, tuple] = {}  # the latest report that does not add up, per meter
        for m, left_before, used_before, left, used, read_at, got in rows:
            used_between = used - used_before
            expected = left_before + Decimal(got) - used_between
            gap = expected - left
            if (abs(gap) > max(MISMATCH_MIN_KWH, abs(used_between) * MISMATCH_SHARE)
                    or used_between < 0) and (m not in worst or worst[m][0] < read_at):
                worst[m] = (read_at, gap, got, used_between, expected, left)
        for m, (read_at, gap, got, used_between, expected, left) in worst.items():
            score = WEIGHTS["mismatch"] + int(min(20, abs(gap) / 10))
            found.setdefault(m, []).append(Reason("mismatch", score, Note(
                "the meter's report of {when} does not add up: {got} kWh credited and {used} "
                "kWh used since the report before should leave {expected} kWh, the meter says "
                "{left} kWh", when=read_at.date().isoformat(), got=got, used=used_between,
                expected=expected, left=left)))

    def _anomalies(self, s, as_of: date, found: dict) -> None:
        until = self._day_end(as_of)
        rows = s.execute(select(CardAnomaly.meter_id, CardAnomaly.kind, func.count(),
                                func.max(CardAnomaly.at))
                         .where(CardAnomaly.kind.in_(list(ANOMALY_RULES)),
                                CardAnomaly.meter_id.is_not(None), CardAnomaly.at < until,
                                CardAnomaly.at >= until - timedelta(days=365))
                         .group_by(CardAnomaly.meter_id, CardAnomaly.kind)).all()
        texts = {  # one and many apart, so that neither reads wrong
            "tamper": lambda n, w: Note(
                "1 tamper report from the meter (cover opened or magnet), on {when}", when=w)
            if n == 1 else Note("{count} tamper reports from the meter (cover opened or "
                                "magnet), the last on {when}", count=n, when=w),
            "reverse_current": lambda n, w: Note("1 report of reverse current, on {when}", when=w)
            if n == 1 else Note("{count} reports of reverse current, the last on {when}",
                                count=n, when=w),
            "forged_writeback": lambda n, w: Note(
                "1 write-back that failed authentication, on {when}", when=w)
            if n == 1 else Note("{count} write-backs that failed authentication, the last on "
                                "{when}", count=n, when=w),
            "copied_card": lambda n, w: Note("1 sign of a copied or replayed card, on {when}",
                                             when=w)
            if n == 1 else Note("{count} signs of a copied or replayed card, the last on {when}",
                                count=n, when=w),
        }
        merged: dict[tuple[int, str], tuple[int, datetime]] = {}
        for m, kind, count, last in rows:
            rule = ANOMALY_RULES[AnomalyKind(kind)]
            c0, l0 = merged.get((m, rule), (0, last))
            merged[(m, rule)] = (c0 + count, max(l0, last))
        for (m, rule), (count, last) in merged.items():
            found.setdefault(m, []).append(Reason(rule, WEIGHTS[rule] + min(10, count - 1),
                                                  texts[rule](count, last.date().isoformat())))


def _paired_reports(until: datetime):
    """Each authentic report of the year before ``until`` beside the one
    before it (by counter; ``rn`` 1: the first, with none before), in one
    pass over the reports."""
    r = MeterReading.__table__.c
    order = dict(partition_by=r.meter_id, order_by=r.counter)
    before = lambda col: type_coerce(func.lag(col).over(**order), col.type)  # noqa: E731
    return select(r.meter_id, r.last_seq, r.remaining_kwh, r.cumulative_kwh, r.read_at,
                  before(r.last_seq).label("old_seq"),
                  before(r.remaining_kwh).label("old_remaining"),
                  before(r.cumulative_kwh).label("old_cumulative"),
                  func.row_number().over(**order).label("rn")) \
        .where(r.authentic, r.read_at < until,
               r.read_at >= until - timedelta(days=365)).subquery()


def _adds_up_not(left_before, used_before, left, used_now):
    """The mismatch test of ``_mismatch`` in SQL, on the stored hundredths of
    a kWh (exact): only the pairs of reports that do not add up come back,
    not every pair of the year."""
    raw = lambda col: type_coerce(col, Integer)  # noqa: E731
    got = type_coerce(func.coalesce(func.sum(Sale.secondary_kwh), 0), Integer)
    used = raw(used_now) - raw(used_before)
    gap = func.abs(raw(left_before) + got - used - raw(left))
    num, den = MISMATCH_SHARE.as_integer_ratio()
    least = int(MISMATCH_MIN_KWH * 100)
    return or_(and_(gap > literal(least, Integer), gap * den > func.abs(used) * num),
               used < literal(0, Integer))
