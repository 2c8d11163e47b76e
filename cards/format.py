"""The card's binary format, version 1 (see docs/card-format.md).

One elementary file of 256 bytes (DF 1001 / EF 0001) in three regions, so a
sale needs one read and one write:

    0..63    identity     who the card belongs to; HMAC-tagged
    64..159  record       what the office sends the meter; AES-GCM sealed
    160..255 write-back   what the meter reports back; HMAC-tagged

Energies are integers in card units of 0.01 kWh (``cu``); times are Unix
seconds; the meter number is 12 BCD digits, the account number 8.
Decoding raises only CardFormatError (bad structure) or CardAuthError
(fails authentication): nothing else escapes, whatever the bytes.
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass

from cards import crypto
from cards.errors import CardFormatError, ReportTorn
from vending_app.core.card_station import MAX_ENTRIES, MeterEvent

EF_SIZE = 256
ID_OFF, ID_LEN, ID_BODY = 0, 64, 48
REC_OFF, REC_LEN = 64, 96
WB_OFF, WB_LEN = 160, 96
# What a sale rewrites in one UPDATE BINARY: the record and the cleared
# write-back, 192 bytes from offset 64.
TAIL_OFF, TAIL_LEN = REC_OFF, REC_LEN + WB_LEN
MAGIC = b"PEC"
FORMAT_VERSION = 1


class CardKind(enum.IntEnum):
    USER = 1  # the customer's card
    CHECK = 2  # meter-reading card: brings registers back, credits nothing
    PARAMETER = 3  # sets the meter's threshold and credit cap
    KEY_CHANGE = 4  # moves a meter to a new key version


class RecordType(enum.IntEnum):
    # Pairwise at least two bits apart, and from zero: one flipped bit never
    # turns a record into another kind, or into "empty".
    EMPTY = 0x00
    PURCHASE = 0x5A
    PARAMETERS = 0x3C
    KEY_CHANGE = 0x69


WB_PRESENT = 0xA5  # a report the office has not read
WB_READ = 0x00  # the status byte once the office has read it (the commit point of a clear)
# While a meter writes its report onto a memory card, byte by byte: set first,
# WB_PRESENT last, so a card pulled from the meter mid-write says so.
WB_WRITING = 0x3C

# The write-back's event flags are the core's MeterEvent (one definition, in
# the interface the core owns); the card layer knows them by this name too.
Event = MeterEvent


def _bcd(digits: str, length: int) -> bytes:
    if len(digits) != 2 * length or not (digits.isascii() and digits.isdigit()):
        raise CardFormatError("'{digits}' is not {n} digits.", digits=digits[:40], n=2 * length)
    return bytes.fromhex(digits)


def _unbcd(raw: bytes) -> str:
    text = raw.hex()
    if not text.isdigit():
        raise CardFormatError("A number on the card is not decimal digits: the card is damaged.")
    return text


def _ascii(raw: bytes) -> str:
    try:
        return raw.rstrip(b"\0").decode("ascii")
    except UnicodeDecodeError:
        raise CardFormatError("A text field on the card is not ASCII: the card is damaged.") from None


@dataclass(frozen=True)
class Identity:
    kind: CardKind
    key_version: int
    serial: str  # 16 hex digits
    meter_number: str
    account_no: str
    multiplier: int
    threshold_cu: int
    generation: int  # increases with every reissue; the meter refuses older cards
    issued_at: int
    station: str

    def body(self) -> bytes:
        return (MAGIC + bytes([FORMAT_VERSION, int(self.kind), self.key_version])
                + bytes.fromhex(self.serial) + _bcd(self.meter_number, 6)
                + _bcd(self.account_no, 4) + struct.pack(">IIHI", self.multiplier,
                                                         self.threshold_cu, self.generation,
                                                         self.issued_at)
                + self.station.encode("ascii")[:4].ljust(4, b"\0") + bytes(6))


def encode_identity(ident: Identity, key: bytes) -> bytes:
    body = ident.body()
    assert len(body) == ID_BODY  # noqa: S101 - layout constant
    return body + crypto.mac(key, "identity", body)


def decode_identity(raw: bytes) -> Identity:
    if len(raw) != ID_LEN:
        raise CardFormatError("The identity region has the wrong size.")
    if raw[:3] != MAGIC:
        raise CardFormatError("This is not a prepaid electricity card of this station "
                              "(or it is blank).")
    if raw[3] != FORMAT_VERSION:
        raise CardFormatError("Card format version {v} is not supported.", v=raw[3])
    try:
        kind = CardKind(raw[4])
    except ValueError:
        raise CardFormatError("Unknown card kind {k}.", k=raw[4]) from None
    multiplier, threshold, generation, issued = struct.unpack(">IIHI", raw[24:38])
    if multiplier < 1:
        raise CardFormatError("The card's multiplier is zero: the card is damaged.")
    return Identity(kind, raw[5], raw[6:14].hex(), _unbcd(raw[14:20]), _unbcd(raw[20:24]),
                    multiplier, threshold, generation, issued, _ascii(raw[38:42]))


def verify_identity(raw: bytes, key: bytes) -> None:
    crypto.check_mac(key, "identity", raw[:ID_BODY], raw[ID_BODY:ID_LEN], "identity")


@dataclass(frozen=True)
class PurchaseEntry:
    seq: int
    kwh_cu: int


@dataclass(frozen=True)
class PurchaseRecord:
    entries: tuple[PurchaseEntry, ...]  # unapplied purchases, ascending sequence
    credit_cap_cu: int
    issued_at: int
    station: str

    @property
    def last_seq(self) -> int:
        return self.entries[-1].seq if self.entries else 0


@dataclass(frozen=True)
class ParameterRecord:
    threshold_cu: int
    credit_cap_cu: int
    issued_at: int


@dataclass(frozen=True)
class KeyChangeRecord:
    new_key_version: int
    new_meter_key: bytes  # sealed under the meter's current key
    issued_at: int


def _record_plaintext(rec) -> tuple[RecordType, bytes]:
    if isinstance(rec, PurchaseRecord):
        if not 1 <= len(rec.entries) <= MAX_ENTRIES:
            raise CardFormatError("A purchase record holds 1 to {n} purchases.", n=MAX_ENTRIES)
        body = bytes([len(rec.entries)]) + b"".join(struct.pack(">II", e.seq, e.kwh_cu)
                                                     for e in rec.entries)
        return RecordType.PURCHASE, body + struct.pack(">II", rec.credit_cap_cu, rec.issued_at) + \
            rec.station.encode("ascii")[:4].ljust(4, b"\0")
    if isinstance(rec, ParameterRecord):
        return RecordType.PARAMETERS, struct.pack(">III", rec.threshold_cu, rec.credit_cap_cu,
                                                  rec.issued_at)
    if isinstance(rec, KeyChangeRecord):
        return RecordType.KEY_CHANGE, bytes([rec.new_key_version]) + rec.new_meter_key + \
            struct.pack(">I", rec.issued_at)
    raise TypeError(rec)


def encode_record(rec, key: bytes, identity_body: bytes) -> bytes:
    if rec is None:
        return bytes(REC_LEN)
    rtype, plain = _record_plaintext(rec)
    aad = identity_body + bytes([rtype])
    blob = crypto.seal(key, "record", plain, aad)
    out = bytes([rtype, len(blob)]) + blob
    assert len(out) <= REC_LEN  # noqa: S101 - layout constant
    return out.ljust(REC_LEN, b"\0")


def decode_record(raw: bytes, key: bytes, identity_body: bytes):
    """The record on the card, or None if it is empty."""
    if len(raw) != REC_LEN:
        raise CardFormatError("The record region has the wrong size.")
    try:
        rtype = RecordType(raw[0])
    except ValueError:
        raise CardFormatError("Unknown record type {t}: the card is damaged.", t=raw[0]) from None
    if rtype == RecordType.EMPTY:
        if any(raw):
            raise CardFormatError("The record region is damaged.")
        return None
    n = raw[1]
    if not crypto.NONCE_LEN + crypto.TAG_LEN <= n <= REC_LEN - 2:
        raise CardFormatError("The record's length is impossible: the card is damaged.")
    if any(raw[2 + n:]):
        # The padding after the sealed blob is outside the GCM tag: only
        # zeros are accepted, so no byte of the region can change unnoticed.
        raise CardFormatError("The record region is damaged.")
    plain = crypto.open_sealed(key, "record", raw[2:2 + n], identity_body + bytes([rtype]),
                               "purchase record")
    try:
        if rtype == RecordType.PURCHASE:
            count = plain[0]
            if not 1 <= count <= MAX_ENTRIES or len(plain) != 1 + 8 * count + 12:
                raise CardFormatError("The purchase record is malformed.")
            entries = tuple(PurchaseEntry(*struct.unpack(">II", plain[1 + 8 * i:9 + 8 * i]))
                            for i in range(count))
            cap, issued = struct.unpack(">II", plain[1 + 8 * count:9 + 8 * count])
            return PurchaseRecord(entries, cap, issued, _ascii(plain[-4:]))
        if rtype == RecordType.PARAMETERS:
            return ParameterRecord(*struct.unpack(">III", plain))
        return KeyChangeRecord(plain[0], plain[1:1 + crypto.KEY_LEN],
                               struct.unpack(">I", plain[1 + crypto.KEY_LEN:])[0])
    except (struct.error, IndexError):
        raise CardFormatError("The card's record is malformed.") from None


WB_BODY = struct.Struct(">IIIQHHIBH")  # 31 bytes


@dataclass(frozen=True)
class WriteBack:
    counter: int  # the meter's report number, increasing: older reports are noticed
    last_seq: int  # last purchase sequence the meter applied
    remaining_cu: int
    cumulative_cu: int
    events: int  # MeterEvent flags since the last report
    trips: int
    meter_time: int
    key_version: int
    illegal_cards: int


def encode_writeback(wb: WriteBack, key: bytes, identity_body: bytes) -> bytes:
    body = bytes([WB_PRESENT]) + WB_BODY.pack(wb.counter, wb.last_seq, wb.remaining_cu, wb.cumulative_cu,
                                     wb.events, wb.trips, wb.meter_time, wb.key_version,
                                     wb.illegal_cards)
    tag = crypto.mac(key, "writeback", identity_body + body)
    return (body + tag).ljust(WB_LEN, b"\0")


def decode_writeback(raw: bytes) -> WriteBack | None:
    """The meter's report, or None if the region is empty (already read)."""
    if len(raw) != WB_LEN:
        raise CardFormatError("The write-back region has the wrong size.")
    if raw[0] == WB_READ:  # read by the office; what follows is stale and ignored
        return None
    if raw[0] == WB_WRITING:
        raise ReportTorn("The meter's report on this card is incomplete: the card was taken out "
                         "of the meter while the meter wrote it. Nothing on it is used; the "
                         "meter writes a whole report the next time the card is inserted.")
    if raw[0] != WB_PRESENT:
        raise CardFormatError("The meter's report on the card is damaged.")
    if any(raw[1 + WB_BODY.size + crypto.TAG_LEN:]):  # outside the tag: must be zero
        raise CardFormatError("The meter's report on the card is damaged.")
    return WriteBack(*WB_BODY.unpack(raw[1:1 + WB_BODY.size]))


def is_torn_writeback(raw: bytes) -> bool:
    """A report a memory card was pulled from the meter in the middle of."""
    return bool(raw) and raw[0] == WB_WRITING


def verify_writeback(raw: bytes, key: bytes, identity_body: bytes) -> None:
    n = 1 + WB_BODY.size
    crypto.check_mac(key, "writeback", identity_body + raw[:n], raw[n:n + crypto.TAG_LEN],
                     "meter report (write-back)")


def split(image: bytes) -> tuple[bytes, bytes, bytes]:
    if len(image) != EF_SIZE:
        raise CardFormatError("The card file is {n} bytes, not {m}.", n=len(image), m=EF_SIZE)
    return image[ID_OFF:ID_LEN], image[REC_OFF:REC_OFF + REC_LEN], image[WB_OFF:WB_OFF + WB_LEN]
