"""Accounts (开户/销户), meters paired to them (配表), charges they owe,
and customer search."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db import name_search
from db.models import (
    Card,
    CardStatus,
    Charge,
    Customer,
    CustomerCategory,
    CustomerStatus,
    Meter,
    MeterStatus,
    MeterType,
    Refund,
    RefundStatus,
    Sale,
    SaleKind,
    SaleStatus,
    Shift,
    ShiftStatus,
    SupplyTeam,
    VendingKey,
)
from db.types import utcnow
from vending_app.core import audit, settings, summaries, validation
from vending_app.core.actor import Actor
from vending_app.core.catalog_upkeep import check_takes_customers
from vending_app.core.conversion import parse_ratio
from vending_app.core.errors import Conflict, NotFound, StateError, ValidationError, echo
from vending_app.core.money import CENT, ZERO, floor_to, parse_kwh, parse_money
from vending_app.core.permissions import Permission, requires
from vending_app.core.service import Service


@dataclass(frozen=True)
class CustomerRow:
    account_no: str
    name: str
    id_number: str
    phone: str
    address: str
    status: str
    team: str
    category: str
    meters: tuple[str, ...]


@dataclass(frozen=True)
class RefundResult:
    meter_number: str
    kwh: Decimal
    gross: Decimal
    charges_deducted: Decimal
    paid: Decimal


def customer_by_account(s: Session, account_no: str, lock: bool = False) -> Customer:
    if not str(account_no).strip():
        raise ValidationError("Enter the account number.")
    q = select(Customer).where(Customer.account_no == str(account_no).strip())
    c = s.scalar(q.with_for_update() if lock else q)
    if c is None:
        raise NotFound("No account {account}.", account=echo(account_no))
    return c


def meter_by_number(s: Session, number: str, lock: bool = False) -> Meter:
    q = select(Meter).where(Meter.number == validation.meter_number(number))
    m = s.scalar(q.with_for_update() if lock else q)
    if m is None:
        raise NotFound("Meter {number} is not known here: pair it to an account first.",
                       number=number)
    return m


def open_shift_of(s: Session, actor: Actor) -> Shift | None:
    if actor.operator_id is None:
        return None
    return s.scalar(select(Shift).where(
        Shift.operator_id == actor.operator_id, Shift.station_id == actor.station_id,
        Shift.status == ShiftStatus.OPEN))


def meter_lineage(s: Session, meter: Meter) -> list[int]:
    """The meter and the meters it replaced, newest first."""
    ids, current = [meter.id], meter.id
    while (prev := s.scalar(select(Meter.id).where(Meter.replaced_by_id == current))) is not None:
        ids.append(prev)
        current = prev
    return ids


def refund_value(s: Session, meter: Meter, kwh: Decimal) -> Decimal:
    """What ``kwh`` primary kWh left on a meter are worth: priced back at the
    average price of the most recent sales, newest first (the energy left is
    the energy bought last), through the meters it replaced (a transfer only
    moved energy bought earlier). Rounded down: never refund more than was
    paid."""
    value, left = Decimal(0), kwh
    for meter_id in meter_lineage(s, meter):
        sales = s.execute(
            select(Sale.primary_kwh, Sale.energy_amount, Sale.kind)
            .where(Sale.meter_id == meter_id, Sale.status == SaleStatus.COMMITTED,
                   Sale.kind != SaleKind.TRANSFER)
            .order_by(Sale.purchase_seq.desc(), Sale.id.desc())
        )
        for primary, amount, kind in sales:
            if left <= 0:
                break
            take = min(left, primary)
            if kind == SaleKind.SALE and primary > 0:
                value += take * amount / primary
            left -= take
    return floor_to(value, CENT)


def _check_closable(s: Session, c: Customer, meters, given: dict[str, str]) -> None:
    """Every paired meter's balance typed, no other meter's, and no sale pending."""
    missing = [m.number for m in meters if m.number not in given]
    if missing:
        raise ValidationError("Enter what meter {meters} has left before closing.",
                              meters=", ".join(missing))
    extra = set(given) - {m.number for m in meters}
    if extra:
        raise ValidationError("Meter {meters} does not belong to account {account}.",
                              meters=", ".join(sorted(extra)), account=c.account_no)
    pending = s.scalar(select(Sale.id).where(
        Sale.customer_id == c.id, Sale.status == SaleStatus.PENDING)) or s.scalar(
        select(Refund.id).where(Refund.customer_id == c.id,
                                Refund.status == RefundStatus.PENDING))
    if pending:
        raise StateError("A sale to this account is still pending: read the card to "
                         "settle it before closing.")


def _refund_meter(s: Session, m: Meter, secondary: Decimal, charges, refund: Refund
                  ) -> RefundResult:
    """Close one meter: what it has left is refunded (``refund``, filled in
    here), less the charges still owed; its cards stop working."""
    kwh = secondary * m.multiplier + m.carry_kwh
    gross = refund_value(s, m, kwh)
    deducted = ZERO
    for ch in charges:
        take = min(ch.outstanding, gross - deducted)
        ch.outstanding -= take
        deducted += take
    paid = gross - deducted
    refund.kwh, refund.amount, refund.charges_deducted = kwh, paid, deducted
    s.add(refund)
    summaries.record(s, refund, refund.station_id)
    m.status, m.unpaired_at, m.carry_kwh = MeterStatus.CLOSED, utcnow(), ZERO
    for card in s.scalars(select(Card).where(
            Card.meter_id == m.id, Card.status == CardStatus.ACTIVE)):
        card.status, card.revoked_at, card.revoke_reason = (
            CardStatus.CLOSED, utcnow(), "account closed")
    return RefundResult(m.number, kwh, gross, deducted, paid)


class AccountService(Service):
    @requires(Permission.OPEN_ACCOUNT)
    def open_account(self, actor: Actor, name: str, id_number: str, phone: str, address: str,
                     team_code: str, category_code: str) -> str:
        name = validation.name(name)
        id_number = validation.id_number(id_number)
        phone = validation.phone(phone)
        address = validation.name(address, "Address", 200)
        with self.db.write() as s:
            team = s.scalar(select(SupplyTeam).where(SupplyTeam.code == team_code.strip().upper()))
            if team is None:
                raise NotFound("No supply team {code}.", code=echo(team_code))
            cat = s.scalar(select(CustomerCategory).where(
                CustomerCategory.code == category_code.strip().upper()))
            if cat is None:
                raise NotFound("No customer category {code}.", code=echo(category_code))
            check_takes_customers(s, team, cat)
            dup = s.scalar(select(Customer.account_no).where(Customer.id_number == id_number))
            if dup:
                raise Conflict("ID number {id} already has account {account}.",
                               id=id_number, account=dup)
            c = Customer(account_no="pending", name=name, id_number=id_number, phone=phone,
                         address=address, team_id=team.id, category_id=cat.id,
                         opened_by=actor.operator_id)
            s.add(c)
            s.flush()
            c.account_no = f"{c.id:08d}"
            audit.append(s, actor, "account_open", "customer", c.id, {
                "account": c.account_no, "name": name, "team": team.code, "category": cat.code})
            return c.account_no

    @requires(Permission.PAIR_METER)
    def pair_meter(self, actor: Actor, account_no: str, meter_number: str,
                   meter_type: MeterType | str, ct_ratio: str | int = 1, pt_ratio: str | int = 1,
                   threshold_kwh: str | None = None) -> int:
        with self.db.write() as s:
            c = customer_by_account(s, account_no, lock=True)
            if c.status != CustomerStatus.OPEN:
                raise StateError("Account {account} is closed.", account=c.account_no)
            return install_meter(s, actor, c, meter_number, meter_type, ct_ratio, pt_ratio,
                                 threshold_kwh).id

    @requires(Permission.MANAGE_CHARGES)
    def add_charge(self, actor: Actor, account_no: str, description: str, amount: str,
                   recovery_percent: str) -> int:
        amount_d = parse_money(amount, "Charge")
        pct = parse_money(recovery_percent, "Recovery percent")
        if pct > 100:
            raise ValidationError("Recovery percent cannot be above 100.")
        description = validation.name(description, "Description", 120)
        with self.db.write() as s:
            c = customer_by_account(s, account_no)
            if c.status != CustomerStatus.OPEN:
                raise StateError("Account {account} is closed.", account=c.account_no)
            ch = Charge(customer_id=c.id, description=description, total=amount_d,
                        outstanding=amount_d, recovery_percent=pct, created_by=actor.operator_id)
            s.add(ch)
            s.flush()
            audit.append(s, actor, "charge_create", "charge", ch.id, {
                "account": c.account_no, "amount": amount_d, "percent": pct,
                "description": description})
            return ch.id

    @requires(Permission.CLOSE_ACCOUNT)
    def close_account(self, actor: Actor, account_no: str, remaining: dict[str, str],
                      reason: str) -> list[RefundResult]:
        """Close an account and all its meters, refunding what each meter has
        left. ``remaining`` maps each meter number to the secondary kWh the
        meter shows (read from the meter or its last write-back)."""
        reason = validation.reason(reason)
        with self.db.write() as s:
            c = customer_by_account(s, account_no, lock=True)
            if c.status == CustomerStatus.CLOSED:  # a suspended account may close
                raise StateError("Account {account} is already closed.", account=c.account_no)
            meters = s.scalars(select(Meter).where(
                Meter.customer_id == c.id, Meter.status == MeterStatus.PAIRED)
                .with_for_update()).all()
            given = {validation.meter_number(k): v for k, v in remaining.items()}
            _check_closable(s, c, meters, given)
            charges = s.scalars(select(Charge).where(
                Charge.customer_id == c.id, Charge.outstanding > 0).order_by(Charge.id)
                .with_for_update()).all()
            shift = open_shift_of(s, actor)
            today = self.core.today()
            results = []
            for m in meters:
                secondary = parse_kwh(given[m.number], "Remaining energy", allow_zero=True)
                refund = Refund(customer_id=c.id, meter_id=m.id, reason=reason,
                                operator_id=actor.operator_id, station_id=actor.station_id,
                                shift_id=shift.id if shift else None, business_date=today)
                results.append(_refund_meter(s, m, secondary, charges, refund))
            c.status, c.closed_at = CustomerStatus.CLOSED, utcnow()
            audit.append(s, actor, "account_close", "customer", c.id, {
                "account": c.account_no, "reason": reason,
                "refunds": [[r.meter_number, r.kwh, r.gross, r.charges_deducted, r.paid]
                            for r in results]})
            return results

    @staticmethod
    def _matching_ids(s: Session, t: str, limit: int) -> set[int]:
        """Each key is looked up on its own index; a name fragment on the trigram
        index (db/name_search.py)."""
        queries = [
            select(Customer.id).where(Customer.account_no == t),
            select(Customer.id).where(Customer.id_number == t.upper()),
            select(Card.customer_id).where(Card.serial == t),
        ]
        if validation.ascii_digits(t):
            queries += [
                select(Customer.id).where(_prefix(Customer.phone, t)).limit(limit),
                select(Customer.id).where(_prefix(Customer.id_number, t)).limit(limit),
                select(Meter.customer_id).where(_prefix(Meter.number, t),
                                                Meter.customer_id.is_not(None)).limit(limit),
            ]
        ids: set[int] = set()
        for q in queries:
            ids.update(s.scalars(q))
        if not validation.ascii_digits(t):
            ids.update(name_search.fragment_ids(s, t, limit))
        return ids

    @requires(Permission.SEARCH_CUSTOMERS)
    def search(self, actor: Actor, text: str, limit: int = 50) -> list[CustomerRow]:
        t = " ".join(str(text).split())
        if not t:
            return []
        with self.db.read() as s:
            ids = self._matching_ids(s, t, limit)
            rows = s.execute(
                select(Customer, SupplyTeam.code, CustomerCategory.code)
                .join(SupplyTeam, Customer.team_id == SupplyTeam.id)
                .join(CustomerCategory, Customer.category_id == CustomerCategory.id)
                .where(Customer.id.in_(ids)).order_by(Customer.name, Customer.id).limit(limit)
            ).all()
            ids = [c.id for c, _, _ in rows]
            meters: dict[int, list[str]] = {}
            for cid, number in s.execute(select(Meter.customer_id, Meter.number)
                                         .where(Meter.customer_id.in_(ids))
                                         .order_by(Meter.number)):
                meters.setdefault(cid, []).append(number)
            return [CustomerRow(c.account_no, c.name, c.id_number, c.phone, c.address,
                                c.status.value, team, cat, tuple(meters.get(c.id, ())))
                    for c, team, cat in rows]


def install_meter(s: Session, actor: Actor, c: Customer, meter_number: str,
                  meter_type: MeterType | str, ct_ratio: str | int = 1, pt_ratio: str | int = 1,
                  threshold_kwh: str | None = None) -> Meter:
    """Pair a meter to an open account (a new meter, or a closed one that
    serves a new account): validated, audited, on the newest vending key."""
    number = validation.meter_number(meter_number)
    meter_type = MeterType(meter_type)
    ct = parse_ratio(str(ct_ratio), "CT ratio")
    pt = parse_ratio(str(pt_ratio), "PT ratio")
    if meter_type != MeterType.THREE_PHASE_CT and ct * pt != 1:
        raise ValidationError("Only a meter through transformers has a multiplier above 1.")
    if threshold_kwh is None:
        key = ("threshold.single_phase_kwh" if meter_type == MeterType.SINGLE_PHASE
               else "threshold.three_phase_kwh")
        threshold = settings.read(s, key, actor.station_code)
    else:
        threshold = parse_kwh(threshold_kwh, "Threshold", allow_zero=True)
    m = s.scalar(select(Meter).where(Meter.number == number).with_for_update())
    if m is not None and m.status == MeterStatus.PAIRED:
        owner = s.get(Customer, m.customer_id)
        raise Conflict("Meter {number} is already paired to account {account}.",
                       number=number, account=owner.account_no)
    if m is None:
        m = Meter(number=number, purchase_seq=0, carry_kwh=ZERO,
                  key_version=s.scalar(select(func.max(VendingKey.version))) or 1)
        s.add(m)
    elif m.status == MeterStatus.REPLACED:
        raise StateError("Meter {number} was replaced and cannot be paired again.",
                         number=number)
    # A closed meter may serve a new account: its sequence carries on,
    # its carried fraction was refunded at closing.
    m.customer_id, m.meter_type, m.status = c.id, meter_type, MeterStatus.PAIRED
    m.ct_ratio, m.pt_ratio, m.multiplier = ct, pt, ct * pt
    m.low_balance_threshold_kwh = threshold
    m.paired_at, m.unpaired_at = utcnow(), None
    s.flush()
    audit.append(s, actor, "meter_pair", "meter", m.id, {
        "account": c.account_no, "meter": number, "type": meter_type.value,
        "ct": ct, "pt": pt, "multiplier": ct * pt, "threshold": threshold})
    return m


def _prefix(col, text: str):
    """A prefix match both backends answer from an index (LIKE may not)."""
    return (col >= text) & (col < text + "\U0010ffff")
