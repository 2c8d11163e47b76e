"""System parameters (系统参数): typed, with defaults, office-wide values and
per-station overrides, stored in the ``settings`` table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from db.models import Setting, Station
from vending_app.core import validation
from vending_app.core.errors import NotFound, ValidationError, echo
from vending_app.core.money import parse_kwh, parse_money


def _int_range(lo: int, hi: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            v = validation.whole(text)
        except ValueError:
            raise ValidationError("'{text}' is not a whole number.", text=echo(text)) from None
        if not lo <= v <= hi:
            raise ValidationError("{v} must be between {lo} and {hi}.", v=v, lo=lo, hi=hi)
        return v
    return parse


def _bool(text: str) -> bool:
    t = str(text).strip().lower()
    if t in ("1", "true", "yes", "on"):
        return True
    if t in ("0", "false", "no", "off"):
        return False
    raise ValidationError("'{text}' is not yes or no.", text=text)


def _money0(text: str) -> Decimal:
    return parse_money(text, allow_zero=True)


def _kwh0(text: str) -> Decimal:
    return parse_kwh(text, allow_zero=True)


def _choice(*options: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        t = str(text).strip().lower()
        if t not in options:
            raise ValidationError("'{text}' must be one of {options}.", text=text,
                                  options=", ".join(options))
        return t
    return parse


PRINTER_KINDS = ("preview", "none", "system", "escpos-serial:", "escpos-net:", "escpos-usb:")


def _printer(text: str) -> str:
    """Checked in full by receipts.printers.parse_target; here only its kind."""
    t = str(text).strip()
    if not (t in PRINTER_KINDS[:3] or t.startswith(("system:", *PRINTER_KINDS[3:]))):
        raise ValidationError("'{text}' is not a printer: use preview, system[:NAME], "
                              "escpos-serial:DEVICE[:BAUD], escpos-net:HOST[:PORT], "
                              "escpos-usb:VID:PID or none.", text=text)
    return t


@dataclass(frozen=True)
class Param:
    key: str
    default: str
    parse: Callable[[str], Any]
    description: str


PARAMS: dict[str, Param] = {p.key: p for p in [
    Param("sale.min_amount", "1.00", _money0, "Smallest amount one sale may charge (yuan)"),
    Param("sale.max_amount", "20000.00", _money0, "Largest amount one sale may charge (yuan)"),
    Param("sale.max_kwh", "50000.00", _kwh0, "Most primary kWh one sale may credit"),
    Param("meter.credit_cap_kwh", "0.00", _kwh0,
          "Most primary kWh a meter may hold after a sale (anti-hoarding); 0 = no cap"),
    Param("shift.vending_limit", "0.00", _money0,
          "Most money one operator may take in one shift; 0 = no limit"),
    Param("shift.difference_limit", "50.00", _money0,
          "Cash difference at close above which an administrator must approve"),
    Param("shift.blind_count", "yes", _bool,
          "Blind count: a seller does not see the expected cash of their open shift, only what "
          "they sold (no: a small office shows it)"),
    Param("auth.max_failed_attempts", "5", _int_range(1, 20),
          "Wrong passwords in a row before the operator is locked out"),
    Param("auth.lockout_minutes", "15", _int_range(1, 1440), "How long a lock-out lasts"),
    Param("billing.year_start_month", "1", _int_range(1, 12),
          "Month the billing year (for tiered prices) starts"),
    Param("threshold.single_phase_kwh", "12.00", _kwh0, "Default low-balance threshold, 1-phase"),
    Param("threshold.three_phase_kwh", "36.00", _kwh0, "Default low-balance threshold, 3-phase"),
    Param("invoice.header", "Prepaid Electricity Sales Office", str, "Header printed on invoices"),
    Param("invoice.paper", "a5", _choice("a5", "80mm"), "Invoice paper: a5, or 80mm thermal roll"),
    Param("printer.invoice", "preview", _printer,
          "Where invoices print: preview, system[:NAME], escpos-serial:DEVICE[:BAUD], "
          "escpos-net:HOST[:PORT], escpos-usb:VID:PID, none (set it per station)"),
    Param("sale.count_cash", "yes", _bool,
          "The seller types the cash tendered and Enter sells only when it covers the total "
          "(no: an office that does not take cash at the counter)"),
    Param("sale.allow_on_card_anomaly", "no", _bool,
          "Sell even when the card shows an older report, an unknown sequence or a forged "
          "report (the anomaly is flagged either way)"),
    Param("sale.allow_unapplied_purchase", "yes", _bool,
          "Sell when the meter has not applied the previous purchase yet (up to 4 ride on the "
          "card)"),
    Param("backup.every_hours", "24", _int_range(0, 720),
          "Hours between scheduled database backups; 0 = only on demand"),
    Param("backup.keep", "30", _int_range(1, 1000), "Backups a station keeps in its folder"),
    Param("backup.folder", "", str,
          "Folder for database backups (empty: the station's data folder); set it per station"),
    Param("backup.keys_folder", "", str,
          "Folder for the vending keys' backups, apart from the database backups (empty: the "
          "station's data folder)"),
]}


def param(key: str) -> Param:
    try:
        return PARAMS[key]
    except KeyError:
        raise NotFound("There is no system parameter '{key}'.", key=key) from None


def read(session: Session, key: str, station_code: str = "") -> Any:
    """The station's override if it has one, else the office's value, else the default."""
    p = param(key)
    rows = _rows(session, station_code)
    scope = station_code if station_code and (key, station_code) in rows else ""
    return p.parse(rows.get((key, scope), p.default))


_CACHE = "settings_rows"  # session.info key: (station, {(key, scope): value})


def _rows(session: Session, station_code: str) -> dict[tuple[str, str], str]:
    """The office's and this station's parameters, read once per transaction
    (a sale reads a dozen of them); ``write`` forgets what was read."""
    cached = session.info.get(_CACHE)
    if cached is None or cached[0] != station_code:
        rows = {(k, scope): v for k, scope, v in session.execute(
            select(Setting.key, Setting.scope, Setting.value).where(
                Setting.scope.in_(["", station_code])))}
        cached = session.info[_CACHE] = (station_code, rows)
    return cached[1]


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # the next transaction reads them afresh
        session.info.pop(_CACHE, None)


def station_scope(session: Session, scope: str) -> str:
    """A parameter's scope: '' for the whole office, else a known station's
    code. Codes are stored upper case (S01), as the stations read them: a
    scope typed 's01' would never apply, and an unknown one never could."""
    code = str(scope or "").strip().upper()
    if code and session.scalar(select(Station.id).where(Station.code == code)) is None:
        raise NotFound("There is no station {code}.", code=code)
    return code


def write(session: Session, key: str, value: str, scope: str = "") -> Any:
    p = param(key)
    scope = station_scope(session, scope)
    parsed = p.parse(value)  # refuse what would not parse back
    session.info.pop(_CACHE, None)
    row = session.get(Setting, (key, scope))
    if row is None:
        session.add(Setting(key=key, scope=scope, value=str(value).strip()))
    else:
        row.value = str(value).strip()
    return parsed
