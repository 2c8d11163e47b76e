"""Work at the meter that goes through cards: replacing a meter (换表) with
its balance moved to the new one, and the technician's tool cards (check,
parameter and key-change cards, 检查卡/参数卡/密钥卡).

A meter replacement uses the sale's machinery: in one transaction the old
meter is retired, the new one paired, the balance reserved as a TRANSFER
purchase to the new meter and the new card recorded as being issued; then
the customer's card is rewritten for the new meter and verified; then the
transfer is committed and the card activated. Interrupted anywhere, it is
finished by running it again, or by reading the card.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Card,
    Customer,
    CustomerStatus,
    JobStatus,
    Meter,
    MeterReplacement,
    MeterStatus,
    MeterType,
    Sale,
    SaleKind,
    SaleStatus,
    ToolCard,
    ToolCardKind,
    VendingKey,
)
from db.types import utcnow
from vending_app.core import audit, validation
from vending_app.core.accounts import install_meter, meter_by_number
from vending_app.core.actor import Actor
from vending_app.core.card_guard import guard_issue
from vending_app.core.card_records import activate_card, card_identity, new_card, store_report
from vending_app.core.card_station import CardStation, KeyChangeOrder, ParameterOrder
from vending_app.core.conversion import on_card_kwh
from vending_app.core.errors import Note, NotFound, StateError, ValidationError
from vending_app.core.meter_port import MeterRegisters
from vending_app.core.money import ZERO, parse_kwh
from vending_app.core.permissions import Permission, requires
from vending_app.core.sales import SaleRequest, credit_cap, live, record_order
from vending_app.core.service import Service


class RemainingUnconfirmed(ValidationError):
    """A typed balance far below the meter's last report: the clerk confirms
    it (the window asks; the CLI takes ``--confirm-remaining``)."""


def _check_typed_remaining(old: Meter, typed: Decimal) -> None:
    """A balance typed from the old meter's display that is far below (under
    half of) what the meter itself last reported on the customer's card is
    refused until the clerk confirms it: it says what the meter reported."""
    reported = old.reported_remaining_kwh
    if reported is None or typed * 2 >= reported:
        return
    when = old.reported_at.strftime("%Y-%m-%d %H:%M UTC") if old.reported_at else "?"
    raise RemainingUnconfirmed(
        "Meter {meter} reported {reported} kWh left when its card last came back from it "
        "({when}); {typed} kWh typed means {used} kWh used since. Check the meter's display: "
        "type what it shows, or confirm that it shows {typed} kWh.",
        meter=old.number, reported=reported, when=when, typed=typed, used=reported - typed)


@dataclass(frozen=True)
class Replacement:
    old_meter: str
    new_meter: str
    card_serial: str
    old_remaining_kwh: Decimal  # secondary, as the old meter showed
    unapplied_kwh: Decimal  # primary, sold to the old meter and never applied
    transfer_kwh: Decimal  # primary, credited to the new meter
    secondary_kwh: Decimal  # written to the card for the new meter
    carry_kwh: Decimal  # kept for the new meter's next purchase
    receipt_no: str | None  # of the transfer, if there was energy to move


@dataclass(frozen=True)
class ToolCardReport:
    serial: str
    kind: str
    meter_number: str
    confirmed: bool  # the meter applied the card and reported back
    detail: Note
    remaining_kwh: Decimal | None
    cumulative_kwh: Decimal | None
    anomalies: tuple[Note, ...]


class FieldWorkService(Service):
    # --- meter replacement ------------------------------------------------
    @requires(Permission.REPLACE_METER)
    def replace_meter(self, actor: Actor, station: CardStation, old_meter: str, new_meter: str,
                      meter_type: MeterType | str, remaining_kwh: str | None, reason: str,
                      ct_ratio: str | int = 1, pt_ratio: str | int = 1,
                      registers: MeterRegisters | None = None,
                      remaining_confirmed: bool = False) -> Replacement:
        """Replace ``old_meter`` with ``new_meter``. The customer's card is in
        the reader; ``remaining_kwh`` is what the old meter shows (secondary
        kWh), typed from its display or taken from ``registers`` read over
        the meter link. Purchases the old meter never applied move too.

        A typed balance below half of what the meter's last write-back
        reported is refused unless ``remaining_confirmed``: the old meter is
        retired for good, and a slipped decimal point would take the
        customer's energy with it."""
        reason = validation.reason(reason)
        with station.session():
            with self.db.read() as s:
                old = meter_by_number(s, old_meter)
                job = s.scalar(select(MeterReplacement).where(
                    MeterReplacement.old_meter_id == old.id))
            if job is None:
                remaining, source = self._old_meter_balance(old.number, remaining_kwh, registers)
                # Read the card first: its report says what the old meter applied.
                check = self.core.cards.present(actor, station)
                if check.meter_number != old.number:
                    raise ValidationError("The card in the reader is for meter {card}, not "
                                          "{meter}.", card=check.meter_number, meter=old.number)
                if check.gating:
                    raise StateError("The card shows a problem: {problems}. Resolve it before "
                                     "replacing the meter.", problems="; ".join(check.gating))
                job_id = self._retire_and_pair(actor, old.number, new_meter, meter_type, ct_ratio,
                                               pt_ratio, remaining, reason, source,
                                               registers.energy_kwh if registers else None,
                                               remaining_confirmed)
            elif job.status == JobStatus.DONE:
                raise StateError("Meter {n} was already replaced.", n=old.number)
            else:
                job_id = job.id  # interrupted: write the card again and finish
            return self._write_and_finish(actor, station, job_id)

    @staticmethod
    def _old_meter_balance(number: str, typed: str | None,
                           registers: MeterRegisters | None) -> tuple[Decimal, str]:
        if registers is not None:
            if registers.address != validation.meter_number(number):
                raise ValidationError("The meter on the link is {read}, not {meter}: put the "
                                      "probe on the meter being replaced.",
                                      read=registers.address, meter=number)
            if registers.remaining_kwh is not None:
                return registers.remaining_kwh, registers.source[:200]
            if typed in (None, ""):
                raise ValidationError("Meter {meter} does not give its remaining energy over "
                                      "the link: type it from the meter's display.",
                                      meter=number)
        elif typed in (None, ""):
            raise ValidationError("Type the remaining energy the old meter shows, or read it "
                                  "over the meter link.")
        return parse_kwh(typed, "Remaining energy", allow_zero=True), "manual"

    def _retire_and_pair(self, actor: Actor, old_number: str, new_number: str, meter_type,
                         ct_ratio, pt_ratio, remaining: Decimal, reason: str,
                         source: str = "manual", old_energy: Decimal | None = None,
                         remaining_confirmed: bool = False) -> int:
        with self.db.write() as s:
            old = meter_by_number(s, old_number)
            customer = s.scalar(select(Customer).where(Customer.id == old.customer_id)
                                .with_for_update())
            old = s.get(Meter, old.id, with_for_update=True)
            _check_replaceable(s, old, customer, remaining,
                               source == "manual" and not remaining_confirmed)
            unapplied = s.scalar(select(func.coalesce(func.sum(Sale.primary_kwh), 0)).where(
                Sale.meter_id == old.id, live(Sale.status),
                Sale.purchase_seq > (old.reported_seq or 0)))
            transfer = remaining * old.multiplier + Decimal(unapplied) + old.carry_kwh
            new = install_meter(s, actor, customer, new_number, meter_type, ct_ratio, pt_ratio)
            old.status, old.replaced_by_id, old.unpaired_at = (MeterStatus.REPLACED, new.id,
                                                               utcnow())
            sale_id = None
            if transfer > 0:
                sale = self.core.sales.reserve_in(
                    s, actor, SaleRequest(new.number, request_key=f"transfer-{old.id}"),
                    kind=SaleKind.TRANSFER, energy=transfer)
                sale_id = sale.id
            card = new_card(s, actor, new, customer)
            job = MeterReplacement(customer_id=customer.id, old_meter_id=old.id,
                                   new_meter_id=new.id, old_remaining_kwh=remaining,
                                   remaining_source=source, old_energy_kwh=old_energy,
                                   unapplied_kwh=Decimal(unapplied), old_carry_kwh=old.carry_kwh,
                                   transfer_kwh=transfer, sale_id=sale_id, card_id=card.id,
                                   reason=reason, operator_id=actor.operator_id)
            old.carry_kwh = ZERO  # moved into the transfer
            s.add(job)
            s.flush()
            audit.append(s, actor, "meter_replace", "meter_replacement", job.id, {
                "account": customer.account_no, "old": old.number, "new": new.number,
                "remaining": remaining, "remaining_source": source, "old_energy": old_energy,
                "unapplied": Decimal(unapplied),
                "transfer": transfer, "reason": reason})
            return job.id

    def _write_and_finish(self, actor: Actor, station: CardStation, job_id: int) -> Replacement:
        with self.db.read() as s:
            job = s.get(MeterReplacement, job_id)
            new, customer = s.get(Meter, job.new_meter_id), s.get(Customer, job.customer_id)
            card = s.get(Card, job.card_id)
            identity = card_identity(card.serial, "user", new, customer.account_no,
                                     card.key_version, card.generation, actor.station_code)
            order = record_order(s, new, customer, actor.station_code, job.sale_id)
            old_number = s.get(Meter, job.old_meter_id).number
        station.issue(identity, order)
        result = None
        if job.sale_id is not None:
            result = self.core.sales.commit(actor, job.sale_id)
        with self.db.write() as s:
            card = s.get(Card, job.card_id, with_for_update=True)
            if job.status != JobStatus.DONE:
                activate_card(s, actor, card, None)
            sale = s.get(Sale, job.sale_id) if job.sale_id else None
            return Replacement(old_number, new.number, card.serial, job.old_remaining_kwh,
                               job.unapplied_kwh, job.transfer_kwh,
                               sale.secondary_kwh if sale else ZERO,
                               sale.carry_out_kwh if sale else ZERO,
                               result.receipt_no if result else None)

    # --- tool cards ---------------------------------------------------------
    @requires(Permission.TOOL_CARDS)
    def issue_check_card(self, actor: Actor, meter_number: str, station: CardStation,
                         overwrite: bool = False) -> str:
        return self._issue_tool(actor, meter_number, station, ToolCardKind.CHECK,
                                overwrite=overwrite)

    @requires(Permission.TOOL_CARDS)
    def issue_parameter_card(self, actor: Actor, meter_number: str, station: CardStation,
                             threshold_kwh: str | None = None,
                             credit_cap_kwh: str | None = None, overwrite: bool = False) -> str:
        """``threshold_kwh`` and ``credit_cap_kwh`` (0: no cap) in primary
        kWh, as every threshold and cap in the office (the card gets them
        converted: conversion.on_card_kwh). Omitted: unchanged."""
        return self._issue_tool(actor, meter_number, station, ToolCardKind.PARAMETER,
                                threshold=threshold_kwh, cap=credit_cap_kwh, overwrite=overwrite)

    @requires(Permission.MANAGE_KEYS)
    def issue_key_change_card(self, actor: Actor, meter_number: str, station: CardStation,
                              new_version: int | None = None, overwrite: bool = False) -> str:
        """Move a meter to ``new_version`` (default: the newest key)."""
        return self._issue_tool(actor, meter_number, station, ToolCardKind.KEY_CHANGE,
                                new_version=new_version, overwrite=overwrite)

    def _issue_tool(self, actor: Actor, meter_number: str, station: CardStation,
                    kind: ToolCardKind, overwrite: bool = False, **values) -> str:
        """A tool card never goes over a live customer card (see card_guard)."""
        with station.session(open_file=False):
            guard_issue(self.db, actor, station, kind.value, meter_number, overwrite=overwrite)
            return self._write_tool(actor, meter_number, station, kind, **values)

    def _write_tool(self, actor: Actor, meter_number: str, station: CardStation,
                    kind: ToolCardKind, threshold=None, cap=None, new_version=None) -> str:
        with self.db.write() as s:
            meter = meter_by_number(s, meter_number, lock=True)
            allowed = (MeterStatus.PAIRED, MeterStatus.REPLACED) if kind == ToolCardKind.CHECK \
                else (MeterStatus.PAIRED,)
            if meter.status not in allowed:
                raise StateError("Meter {n} is {status}: no {kind} card for it.", n=meter.number,
                                 status=meter.status.value, kind=kind.value.replace("_", "-"))
            tool = ToolCard(serial=secrets.token_hex(8), kind=kind, meter_id=meter.id,
                            key_version=meter.key_version, issued_by=actor.operator_id)
            order = _tool_order(s, actor, meter, tool, threshold, cap, new_version)
            s.add(tool)
            s.flush()
            account = (s.get(Customer, meter.customer_id).account_no if meter.customer_id
                       else "0" * 8)
            identity = card_identity(tool.serial, kind.value, meter, account, meter.key_version,
                                     0, actor.station_code)
            audit.append(s, actor, "tool_card_issue", "tool_card", tool.id, {
                "kind": kind.value, "meter": meter.number, "serial": tool.serial,
                "threshold": tool.threshold_kwh, "cap": tool.credit_cap_kwh,
                "new_key_version": tool.new_key_version})
            tool_id = tool.id
        station.issue(identity, order)
        with self.db.write() as s:
            tool = s.get(ToolCard, tool_id, with_for_update=True)
            tool.status = JobStatus.ISSUED
            return tool.serial

    @requires(Permission.TOOL_CARDS)
    def read_tool_card(self, actor: Actor, station: CardStation) -> ToolCardReport:
        """A tool card back from the meter: keep the meter's report and
        confirm what the card did."""
        with station.session():
            reading = station.read()
        if reading.kind == "user":
            raise StateError("This is a customer's card: present it at the sale screen.")
        with self.db.write() as s:
            tool = s.scalar(select(ToolCard).where(ToolCard.serial == reading.card_serial)
                            .with_for_update())
            if tool is None:
                raise NotFound("This tool card was not issued by this office.")
            meter = s.get(Meter, tool.meter_id, with_for_update=True)
            found, reading_id = store_report(s, actor, meter, None, reading,
                                             self.core.clock().tzinfo)
            r = reading.report
            confirmed, detail = False, Note("the meter has not reported back on this card yet")
            if r is not None and not reading.report_problem:
                confirmed, detail = _tool_done(tool, meter, r)
            if confirmed and tool.status != JobStatus.DONE:
                tool.status, tool.confirmed_at, tool.reading_id = (JobStatus.DONE, utcnow(),
                                                                   reading_id)
            audit.append(s, actor, "tool_card_read", "tool_card", tool.id, {
                "kind": tool.kind.value, "meter": meter.number, "confirmed": confirmed,
                "report": r.counter if r else None, "detail": str(detail)})
            return ToolCardReport(tool.serial, tool.kind.value, meter.number, confirmed, detail,
                                  r.remaining_kwh if r else None, r.cumulative_kwh if r else None,
                                  tuple(text for _, text in found))

    @requires(Permission.TOOL_CARDS)
    def meters_behind_key(self, actor: Actor) -> list[str]:
        """Paired meters not yet on the newest vending key: the rotation's
        to-do list."""
        with self.db.read() as s:
            newest = s.scalar(select(func.max(VendingKey.version))) or 1
            return list(s.scalars(select(Meter.number).where(
                Meter.status == MeterStatus.PAIRED, Meter.key_version < newest)
                .order_by(Meter.number)))


def _check_replaceable(s: Session, old: Meter, customer: Customer, remaining: Decimal,
                       check_typed: bool) -> None:
    if old.status != MeterStatus.PAIRED or customer.status != CustomerStatus.OPEN:
        raise StateError("Meter {n} is not paired to an open account.", n=old.number)
    if check_typed:
        _check_typed_remaining(old, remaining)
    if s.scalar(select(Sale.id).where(Sale.meter_id == old.id,
                                      Sale.status == SaleStatus.PENDING)):
        raise StateError("A sale to meter {n} is still pending: read the card first.",
                         n=old.number)


def _tool_order(s: Session, actor: Actor, meter: Meter, tool: ToolCard, threshold, cap,
                new_version):
    """What a parameter or key-change card carries (set on ``tool`` too);
    None for a check card."""
    if tool.kind == ToolCardKind.PARAMETER:
        tool.threshold_kwh = (meter.low_balance_threshold_kwh if threshold is None else
                              parse_kwh(threshold, "Threshold", allow_zero=True))
        tool.credit_cap_kwh = (credit_cap(s, meter, actor.station_code) if cap is None
                               else parse_kwh(cap, "Credit cap", allow_zero=True))
        return ParameterOrder(on_card_kwh(tool.threshold_kwh, meter.multiplier),
                              on_card_kwh(tool.credit_cap_kwh, meter.multiplier), utcnow())
    if tool.kind == ToolCardKind.KEY_CHANGE:
        newest = s.scalar(select(func.max(VendingKey.version))) or 1
        target = newest if new_version is None else int(new_version)
        if not meter.key_version < target <= newest:
            raise ValidationError("Meter {n} is on key version {v}; it can move to a "
                                  "newer existing version (up to {newest}).",
                                  n=meter.number, v=meter.key_version, newest=newest)
        tool.new_key_version = target
        return KeyChangeOrder(target, utcnow())
    return None


def _tool_done(tool: ToolCard, meter: Meter, r) -> tuple[bool, Note]:
    """Whether the meter's report confirms what the tool card did, and what
    it says; a confirmed parameter or key change is applied to ``meter``."""
    if tool.kind == ToolCardKind.CHECK:
        return True, Note("registers read (report {counter})", counter=r.counter)
    if tool.kind == ToolCardKind.PARAMETER:
        if tool.status != JobStatus.DONE:
            meter.low_balance_threshold_kwh = tool.threshold_kwh
            meter.credit_cap_kwh = tool.credit_cap_kwh
        return True, Note("threshold {threshold} kWh, credit cap {cap} kWh set",
                          threshold=tool.threshold_kwh, cap=tool.credit_cap_kwh)
    if r.key_version == tool.new_key_version:
        meter.key_version = max(meter.key_version, tool.new_key_version)
        return True, Note("the meter moved to key version {version}",
                          version=tool.new_key_version)
    return False, Note("the meter is still on key version {version}", version=r.key_version)
