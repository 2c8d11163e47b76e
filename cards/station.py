"""The core's CardStation on a real PC/SC reader.

Inside ``session()`` one exclusive connection serves the whole operation, and
the image read first is reused, so a sale costs four APDUs: select, read,
write (record + cleared write-back), read back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from cards import format as fmt
from cards import reader as pcsc
from cards.errors import (
    CardAuthError,
    CardError,
    CardFormatError,
    CardRemoved,
    CardStatusError,
    NoCard,
    NoReader,
)
from cards.keyring import KeyRing
from cards.memory_profile import AutoProfile
from cards.profile import CardProfile
from vending_app.core import faults
from vending_app.core.card_station import (
    CardIdentity,
    CardProbe,
    CardReading,
    CardUntouched,
    CardWriteError,
    KeyChangeOrder,
    MeterReport,
    ParameterOrder,
    PurchaseEntry,
    PurchaseOrder,
)
from vending_app.core.errors import Note, VendingError

CU = Decimal("0.01")


def to_cu(kwh: Decimal) -> int:
    return int((kwh / CU).to_integral_value())


def from_cu(cu: int) -> Decimal:
    return (Decimal(cu) * CU).quantize(CU)


def _ts(dt: datetime) -> int:
    return int(dt.timestamp())


def identity_of(ci: CardIdentity) -> fmt.Identity:
    return fmt.Identity(fmt.CardKind[ci.kind.upper()], ci.key_version, ci.card_serial,
                        ci.meter_number, ci.account_no, ci.multiplier,
                        to_cu(ci.low_balance_threshold_kwh), ci.generation, _ts(ci.issued_at),
                        ci.station_code)


def record_of(order, keys: KeyRing | None = None, meter_number: str = ""):
    """The card record for what the core asked to write."""
    if isinstance(order, ParameterOrder):
        return fmt.ParameterRecord(to_cu(order.threshold_kwh), to_cu(order.credit_cap_kwh),
                                   _ts(order.issued_at))
    if isinstance(order, KeyChangeOrder):
        # The new key rides inside the record, sealed under the meter's current key.
        return fmt.KeyChangeRecord(order.new_key_version,
                                   keys.meter_key(order.new_key_version, meter_number),
                                   _ts(order.issued_at))
    if order is None or not order.entries:
        return None
    return fmt.PurchaseRecord(tuple(fmt.PurchaseEntry(e.seq, to_cu(e.secondary_kwh))
                                    for e in order.entries),
                              to_cu(order.credit_cap_kwh), _ts(order.issued_at), order.station_code)


def decode_image(image: bytes, keys: KeyRing) -> CardReading:
    """Everything the card says, authenticated; problems with the record or
    the report are reported, a forged identity is refused outright."""
    id_raw, rec_raw, wb_raw = fmt.split(image)
    ident = fmt.decode_identity(id_raw)
    key = keys.meter_key(ident.key_version, ident.meter_number)
    fmt.verify_identity(id_raw, key)
    body = id_raw[:fmt.ID_BODY]
    entries, record_problem = None, None
    try:
        rec = fmt.decode_record(rec_raw, key, body)
        if isinstance(rec, fmt.PurchaseRecord):
            entries = tuple(PurchaseEntry(e.seq, from_cu(e.kwh_cu)) for e in rec.entries)
    except (CardAuthError, CardFormatError) as e:
        record_problem = Note.of(e)
    report, report_problem = None, None
    try:
        wb = fmt.decode_writeback(wb_raw)
        if wb is not None:
            # After a key change the meter signs with its new key.
            wb_key = key if wb.key_version == ident.key_version else \
                keys.meter_key(wb.key_version, ident.meter_number)
            fmt.verify_writeback(wb_raw, wb_key, body)
            report = MeterReport(wb.counter, wb.last_seq, from_cu(wb.remaining_cu),
                                 from_cu(wb.cumulative_cu), wb.events, wb.trips,
                                 datetime.fromtimestamp(wb.meter_time, UTC), wb.key_version,
                                 wb.illegal_cards)
    except (CardAuthError, CardFormatError, VendingError) as e:
        report_problem = Note.of(e)
    return CardReading(ident.serial, ident.kind.name.lower(), ident.meter_number,
                       ident.account_no, ident.key_version, ident.generation, ident.multiplier,
                       entries, record_problem, report, report_problem,
                       report_torn=fmt.is_torn_writeback(wb_raw))


class WrongThread(RuntimeError):
    """Card I/O started where it must not be (a programming error, not the card's)."""


class PcscCardStation:
    """``gui_thread``: the window's thread, set by the window when it starts.
    A card exchange there would freeze the window for its whole length (a
    sale: a second or more), so one started there is refused, as Electrum's
    ``run_in_hwd_thread`` refuses device I/O off its thread. ``thread_check``:
    when set, called as well at the start of every card session (the
    window installs one that allows only its card thread)."""

    gui_thread: threading.Thread | None = None
    thread_check: Callable[[], None] | None = None

    def __init__(self, keys: KeyRing, reader_name: str | None = None,
                 profile: CardProfile | None = None, connect=pcsc.connect):
        """``connect``: how a session reaches the card (the PC/SC reader; the
        model-based tests pass an in-memory one)."""
        self.keys = keys
        self.reader_name = reader_name
        self.profile = profile or AutoProfile(keys)
        self._connect = connect
        self._conn: pcsc.Connection | None = None
        self._image: bytes | None = None
        self.last_apdus = 0

    @contextmanager
    def session(self, open_file: bool = True) -> Iterator[PcscCardStation]:
        """Hold the card exclusively for a whole operation (read, sell, write).
        ``open_file=False`` when the card may be blank (issuing)."""
        if self._conn is not None:
            yield self
            return
        if threading.current_thread() is PcscCardStation.gui_thread:
            raise WrongThread("card I/O on the window's thread: run it on the card thread")
        if PcscCardStation.thread_check is not None:
            PcscCardStation.thread_check()
        with self._connect(self.reader_name) as conn:
            self._conn, self._image = conn, None
            if hasattr(self.profile, "begin"):
                self.profile.begin()
            try:
                if open_file:
                    self.profile.open(conn)
                yield self
            finally:
                self.last_apdus = conn.apdus
                self._conn, self._image = None, None

    def read(self) -> CardReading:
        with self.session():
            self._image = self.profile.read_all(self._conn)
            return replace(decode_image(self._image, self.keys), chip=self.profile.kind)

    def probe(self) -> CardProbe:
        """Blank (no vending file, or one never written), ours, or foreign."""
        with self.session(open_file=False):
            try:
                return self._probe()
            except (CardRemoved, NoCard, NoReader):
                raise
            except VendingError as e:  # another system's data, damaged, or not our keys
                return CardProbe("foreign", problem=Note.of(e))

    def _probe(self) -> CardProbe:
        try:
            self.profile.open(self._conn)
        except CardFormatError:  # no vending file: personalising adds one, nothing is lost
            return CardProbe("blank")
        image = self.profile.read_all(self._conn)
        if not any(image):  # the file was made but never written
            return CardProbe("blank")
        return CardProbe("ours", reading=replace(decode_image(image, self.keys),
                                                 chip=self.profile.kind))

    def write_purchase(self, order: PurchaseOrder) -> None:
        sent = False  # whether the record's UPDATE may have reached the card
        try:
            with self.session():
                image = self._image or self.profile.read_all(self._conn)
                ident = fmt.decode_identity(image[:fmt.ID_LEN])
                if ident.meter_number != order.meter_number:
                    raise CardUntouched("This card belongs to meter {other}, not {meter}: "
                                        "nothing was written.", other=ident.meter_number,
                                        meter=order.meter_number)
                key = self.keys.meter_key(ident.key_version, ident.meter_number)
                tail = fmt.encode_record(record_of(order), key, image[:fmt.ID_BODY]) + bytes(fmt.WB_LEN)
                sent = True
                assert len(tail) == fmt.TAIL_LEN  # noqa: S101 - layout constant
                self.profile.write(self._conn, fmt.TAIL_OFF, tail)
                faults.point("after_card_update")
                back = self.profile.read(self._conn, fmt.TAIL_OFF, fmt.TAIL_LEN)
                if back != tail:
                    raise CardWriteError("The card did not keep what was written: take it out, "
                                         "put it back and the station will settle the sale.")
                self._image = image[:fmt.TAIL_OFF] + back
        except (CardRemoved, CardStatusError, NoCard) as e:
            if not sent:
                raise CardUntouched("The card was removed before anything was written ({e}): "
                                    "nothing was charged. Put it back and sell again.",
                                    e=Note.of(e)) from None
            raise CardWriteError("The card was removed or failed while being written ({e}). Put it "
                                 "back: the station will check what it holds.",
                                 e=Note.of(e)) from None

    def clear_report(self) -> None:
        try:
            with self.session():
                self.profile.write(self._conn, fmt.WB_OFF, bytes([fmt.WB_READ]))
                if self._image:
                    self._image = (self._image[:fmt.WB_OFF] + bytes([fmt.WB_READ])
                                   + self._image[fmt.WB_OFF + 1:])
        except (CardRemoved, CardStatusError) as e:
            raise CardWriteError("The card was removed or failed while being written ({e}). Put it "
                                 "back: the station will check what it holds.",
                                 e=Note.of(e)) from None

    def issue(self, identity: CardIdentity,
              order: PurchaseOrder | ParameterOrder | KeyChangeOrder | None) -> None:
        """Personalise a blank card (or overwrite one of ours) for a meter."""
        key = self.keys.meter_key(identity.key_version, identity.meter_number)
        ident = identity_of(identity)
        data = (fmt.encode_identity(ident, key)
                + fmt.encode_record(record_of(order, self.keys, identity.meter_number), key,
                                    ident.body())
                + bytes(fmt.WB_LEN))
        try:
            with self.session(open_file=False):
                conn = self._conn
                self.profile.personalise(conn)
                self.profile.write_image(conn, data)
                if self.profile.read_all(conn) != data:
                    raise CardWriteError("The new card did not keep what was written: try again.")
                self._image = data
        except (CardRemoved, CardStatusError) as e:
            raise CardWriteError("The card was removed or failed while being issued ({e}): put "
                                 "it back and issue again.", e=Note.of(e)) from None


__all__ = ["CardError", "PcscCardStation", "WrongThread", "decode_image", "from_cu", "to_cu"]
