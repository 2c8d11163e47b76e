"""The card decoder under fuzzing that reaches every branch of cards/format.py.

Random bytes almost never pass the three-byte magic, so the fuzz starts from
real cards instead: every kind, every record type, the meter's report
present, read and absent, under two real key versions, built with the
format's own encoders. It mutates them (flipped bits, set bytes, resizes,
regions spliced in from another card) and also builds each region from
generated fields (kinds, lengths, counts, sequences, key versions), sealed
or tagged with the right key so the decoder gets past authentication.

What must hold, whatever the bytes:
- only the documented errors leave the decoder: CardFormatError and
  CardAuthError (and StateError when the card names a key version this
  station has not unlocked); a reading that does come out is sane;
- a change inside an authenticated region is always noticed: the identity
  is refused, the record or the report carries its problem. Two changes are
  not, by design: a report's status set to read (the office's own clear),
  and a record region erased to zeros, which reads as no record (the
  station then rewrites the record from the database);
- a change outside them (padding) changes nothing that is read.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards import crypto
from cards import format as fmt
from cards.errors import CardAuthError, CardError, CardFormatError
from cards.keyring import KeyRing
from cards.station import decode_image, from_cu
from vending_app.core.card_station import MAX_ENTRIES, CardReading, MeterReport
from vending_app.core.errors import Note, StateError

KEYS = KeyRing({v: hashlib.sha256(b"decoder fuzz master %d" % v).digest() for v in (1, 2)})
FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
METERS = ("000000000001", "123456789012")
ISSUED = 1_700_000_000


# --- real cards ----------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    image: bytes
    reading: CardReading
    stale_report: object  # the report a read write-back still holds, or None

    @property
    def tagged(self) -> tuple[range, range]:
        """The bytes of the record and of the write-back that no change may
        pass unnoticed: all of each region (the sealed or tagged bytes, and
        the padding after them, which must be zero)."""
        record = range(fmt.REC_OFF, fmt.REC_OFF + fmt.REC_LEN)
        report = (range(fmt.WB_OFF, fmt.WB_OFF + fmt.WB_LEN)
                  if self.image[fmt.WB_OFF] == fmt.WB_PRESENT else range(0))
        return record, report


def report_of(counter: int, key_version: int) -> fmt.WriteBack:
    return fmt.WriteBack(counter, counter - 1, 1200 + counter, 50_000 + counter,
                         int(fmt.Event.COVER_OPEN | fmt.Event.LOW_BALANCE_TRIP), 1,
                         ISSUED + counter, key_version, 0)


def records(meter: str) -> list[tuple[fmt.CardKind, object]]:
    def purchase(n):
        return fmt.PurchaseRecord(tuple(fmt.PurchaseEntry(s, 100 * s + 33) for s in range(1, n + 1)),
                                  3600, ISSUED, "S01")
    return [(fmt.CardKind.USER, purchase(1)), (fmt.CardKind.USER, purchase(MAX_ENTRIES)),
            (fmt.CardKind.USER, None), (fmt.CardKind.CHECK, None),
            (fmt.CardKind.PARAMETER, fmt.ParameterRecord(1500, 9000, ISSUED)),
            (fmt.CardKind.KEY_CHANGE, fmt.KeyChangeRecord(2, KEYS.meter_key(2, meter), ISSUED))]


def build(serial: int, meter: str, kind, key_version: int, record, report: str,
          report_version: int | None = None) -> Card:
    ident = fmt.Identity(kind, key_version, f"{serial:016x}", meter, f"{serial:08d}", 30, 1200,
                         serial % 7, ISSUED, "S01")
    key, body = KEYS.meter_key(key_version, meter), ident.body()
    wb, stale = bytes(fmt.WB_LEN), None
    if report != "absent":
        stale = report_of(serial + 3, report_version or key_version)
        wb = fmt.encode_writeback(stale, KEYS.meter_key(stale.key_version, meter), body)
        if report == "read":
            wb = bytes([fmt.WB_READ]) + wb[1:]
    image = fmt.encode_identity(ident, key) + fmt.encode_record(record, key, body) + wb
    return Card(image, decode_image(image, KEYS), stale)


def corpus() -> list[Card]:
    cards, serial = [], 1
    for meter in METERS:
        for kind, record in records(meter):
            for key_version in KEYS.versions:
                for report in ("present", "read", "absent"):
                    cards.append(build(serial, meter, kind, key_version, record, report))
                    serial += 1
    # after a key change the meter signs its report with the new key
    cards.append(build(serial, METERS[0], fmt.CardKind.USER, 1, None, "present", report_version=2))
    return cards


CARDS = corpus()
BY_IDENTITY = {c.image[:fmt.ID_LEN]: c for c in CARDS}


# --- what the decoder may answer -------------------------------------------------

def decode(raw: bytes) -> CardReading | Exception:
    """The reading, or the documented error; anything else fails the test."""
    try:
        reading = decode_image(raw, KEYS)
    except (CardFormatError, CardAuthError) as e:
        return e
    except StateError as e:  # only for a key version this station has not unlocked
        assert raw[5] not in KEYS.versions, e
        return e
    assert_sane(reading)
    return reading


def assert_sane(r: CardReading) -> None:
    assert r.kind in {"user", "check", "parameter", "key_change"}
    assert len(r.card_serial) == 16 and int(r.card_serial, 16) >= 0
    assert len(r.meter_number) == 12 and r.meter_number.isdigit()
    assert len(r.account_no) == 8 and r.account_no.isdigit()
    assert r.key_version in KEYS.versions and r.multiplier >= 1
    if r.entries is not None:
        assert r.record_problem is None and 1 <= len(r.entries) <= MAX_ENTRIES
        assert all(e.secondary_kwh >= 0 and e.secondary_kwh == e.secondary_kwh.quantize(
            Decimal("0.01")) for e in r.entries)
    for problem in (r.record_problem, r.report_problem):
        assert problem is None or (isinstance(problem, Note) and problem)
    if r.report is not None:
        assert r.report_problem is None and r.report.key_version in KEYS.versions
        assert r.report.remaining_kwh >= 0 and r.report.cumulative_kwh >= 0


def check(raw: bytes) -> None:
    """Decode ``raw`` (a real card, changed) and hold the decoder to what the
    card it came from says: changes to authenticated bytes noticed, changes
    elsewhere without effect."""
    out = decode(raw)
    card = BY_IDENTITY.get(raw[:fmt.ID_LEN]) if len(raw) == fmt.EF_SIZE else None
    if card is None:  # a resized file, or an identity no card of ours has
        assert isinstance(out, CardError | StateError), out
        return
    assert isinstance(out, CardReading), out  # the identity is intact: it reads
    want = card.reading
    assert who(out) == who(want)
    record, report = card.tagged
    if not any(raw[fmt.REC_OFF:fmt.REC_OFF + fmt.REC_LEN]):
        # An erased record reads as none at all: the empty record carries no
        # seal, and the station rewrites what the database says is unapplied.
        assert out.entries is None and out.record_problem is None
    elif any(raw[i] != card.image[i] for i in record):
        assert out.record_problem is not None and out.entries is None
    else:
        assert (out.entries, out.record_problem) == (want.entries, want.record_problem)
    status = raw[fmt.WB_OFF]
    if report and status == fmt.WB_READ:  # the office's own clear: the report is read
        assert out.report is None and out.report_problem is None
    elif any(raw[i] != card.image[i] for i in report):
        assert out.report is None and out.report_problem is not None
    elif report:
        assert (out.report, out.report_problem) == (want.report, want.report_problem)
    else:  # read or absent: nothing, or the same stale report come back, or a problem
        assert out.report is None or out.report == meter_report(card.stale_report)


def meter_report(wb: fmt.WriteBack | None) -> MeterReport | None:
    """The report as the station reads ``wb`` off a card."""
    if wb is None:
        return None
    return MeterReport(wb.counter, wb.last_seq, from_cu(wb.remaining_cu), from_cu(wb.cumulative_cu),
                       wb.events, wb.trips, datetime.fromtimestamp(wb.meter_time, UTC),
                       wb.key_version, wb.illegal_cards)


def who(r: CardReading) -> tuple:
    return (r.card_serial, r.kind, r.meter_number, r.account_no, r.key_version, r.generation,
            r.multiplier)


# --- mutations of real cards ------------------------------------------------------

# Field edges, where one byte decides a branch: magic, version, kind, key
# version, meter and account digits, multiplier, station, tags, the record's
# type and length, the report's status, key version and tag.
HOT = [0, 2, 3, 4, 5, 14, 19, 20, 23, 24, 27, 38, 41, 47, 48, 63, 64, 65, 66, 93, 95, 159,
       160, 161, 190, 191, 192, 207, 208, 255]
positions = st.one_of(st.integers(0, fmt.EF_SIZE - 1), st.sampled_from(HOT))
byte_values = st.one_of(st.integers(0, 255), st.sampled_from(
    [0x00, 0xFF, 0x80, 0x0A, fmt.WB_PRESENT, *fmt.RecordType, *fmt.CardKind, *KEYS.versions, 3]))
edits = st.lists(st.one_of(st.tuples(st.just("flip"), positions, st.integers(0, 7)),
                           st.tuples(st.just("set"), positions, byte_values)),
                 min_size=1, max_size=6)
cards = st.sampled_from(CARDS)


def apply(image: bytes, changes) -> bytes:
    raw = bytearray(image)
    for op, pos, value in changes:
        raw[pos] = raw[pos] ^ (1 << value) if op == "flip" else value
    return bytes(raw)


def test_every_real_card_decodes_to_what_was_encoded():
    for card in CARDS:
        check(card.image)
        ident = fmt.decode_identity(card.image[:fmt.ID_LEN])
        assert card.reading.card_serial == ident.serial and card.reading.record_problem is None
        assert card.reading.report_problem is None
        assert (card.reading.report is not None) == (card.image[fmt.WB_OFF] == fmt.WB_PRESENT)
    assert {c.reading.kind for c in CARDS} == {"user", "check", "parameter", "key_change"}


@FUZZ
@given(cards, edits)
def test_edited_bytes_are_noticed_where_authenticated(card, changes):
    check(apply(card.image, changes))


@FUZZ
@given(cards, st.integers(fmt.REC_OFF + 2, fmt.EF_SIZE - 1), st.integers(1, 255))
def test_one_changed_byte_in_the_record_or_the_report_is_noticed_padding_included(
        card, pos, value):
    """One byte, in the tail of the record or the report: noticed wherever it
    is (the padding after the sealed or tagged bytes must be zero)."""
    raw = bytearray(card.image)
    raw[pos] ^= value
    check(bytes(raw))


@FUZZ
@given(cards, cards, st.integers(0, fmt.EF_SIZE - 1), st.integers(1, fmt.EF_SIZE),
       st.sampled_from(["bytes", "region"]))
def test_splicing_two_cards_is_noticed(card, donor, start, length, how):
    """Bytes, or a whole region, copied from another card (another serial,
    meter, kind or key): the record and the report are bound to their card."""
    if how == "region":
        start, length = [(fmt.ID_OFF, fmt.ID_LEN), (fmt.REC_OFF, fmt.REC_LEN),
                         (fmt.WB_OFF, fmt.WB_LEN)][start % 3]
    end = min(start + length, fmt.EF_SIZE)
    check(card.image[:start] + donor.image[start:end] + card.image[end:])


@FUZZ
@given(cards, st.integers(0, 2 * fmt.EF_SIZE), st.binary(max_size=8))
def test_a_file_of_the_wrong_size_is_refused(card, size, filler):
    raw = (card.image + filler * 64)[:size]
    if len(raw) != fmt.EF_SIZE:
        with pytest.raises(CardFormatError, match="card file is"):
            decode_image(raw, KEYS)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.binary(min_size=fmt.EF_SIZE, max_size=fmt.EF_SIZE))
def test_random_images(raw):
    check(raw)


# --- regions built from generated fields ------------------------------------------

@dataclass(frozen=True)
class IdentityFields:
    version: int
    kind: int
    key_version: int
    meter: bytes  # BCD, or not
    account: bytes
    multiplier: int
    station: bytes


identity_fields = st.builds(
    IdentityFields,
    version=st.sampled_from([fmt.FORMAT_VERSION, 0, 2, 255]),
    kind=st.one_of(st.sampled_from(list(fmt.CardKind)), st.integers(0, 255)),
    key_version=st.sampled_from([*KEYS.versions, 0, 3]),
    meter=st.one_of(st.sampled_from([bytes.fromhex(m) for m in METERS]), st.binary(min_size=6, max_size=6)),
    account=st.one_of(st.just(bytes.fromhex("00000042")), st.binary(min_size=4, max_size=4)),
    multiplier=st.one_of(st.integers(0, 2), st.integers(0, 2**32 - 1)),
    station=st.one_of(st.just(b"S01\0"), st.binary(min_size=4, max_size=4)),
)


def identity_body(f: IdentityFields) -> bytes:
    """The identity's 48 bytes laid out by hand, so any field may be wrong."""
    return (fmt.MAGIC + bytes([f.version, int(f.kind), f.key_version]) + bytes(range(8)) + f.meter
            + f.account + struct.pack(">IIHI", f.multiplier, 1200, 1, ISSUED) + f.station + bytes(6))


@FUZZ
@given(identity_fields)
def test_identities_from_generated_fields(f):
    body = identity_body(f)
    meter = f.meter.hex()
    key = KEYS.meter_key(f.key_version if f.key_version in KEYS.versions else 1, meter)
    raw = body + crypto.mac(key, "identity", body)
    valid = (f.version == fmt.FORMAT_VERSION and f.kind in set(fmt.CardKind)
             and (meter + f.account.hex()).isdigit() and f.multiplier >= 1
             and f.station.rstrip(b"\0").isascii())
    try:
        ident = fmt.decode_identity(raw)
    except CardFormatError:
        assert not valid
        return
    assert valid and ident.body() == body[:42] + bytes(6) and ident.multiplier == f.multiplier
    image = raw + bytes(fmt.REC_LEN + fmt.WB_LEN)
    out = decode(image)
    if f.key_version in KEYS.versions:
        assert isinstance(out, CardReading) and out.entries is None and out.report is None
    else:
        assert isinstance(out, StateError)


@dataclass(frozen=True)
class SealedRecord:
    rtype: int
    count: int
    entries: list[tuple[int, int]]
    tail: bytes  # cap, issued, station; or a parameter or key-change body
    extra: bytes


def record_plaintext(r: SealedRecord) -> bytes:
    if r.rtype == fmt.RecordType.PURCHASE:
        return (bytes([r.count]) + b"".join(struct.pack(">II", *e) for e in r.entries) + r.tail
                + r.extra)
    return r.tail + r.extra


u32 = st.integers(0, 2**32 - 1)
sealed_records = st.builds(
    SealedRecord,
    rtype=st.sampled_from([fmt.RecordType.PURCHASE, fmt.RecordType.PARAMETERS,
                           fmt.RecordType.KEY_CHANGE]),
    count=st.one_of(st.integers(0, MAX_ENTRIES + 1), st.integers(0, 255)),
    entries=st.lists(st.tuples(u32, u32), max_size=MAX_ENTRIES + 1),
    tail=st.one_of(
        st.tuples(u32, u32, st.sampled_from([b"S01\0", b"\xffS\0\0"])).map(
            lambda t: struct.pack(">II", t[0], t[1]) + t[2]),
        st.tuples(u32, u32, u32).map(lambda t: struct.pack(">III", *t)),
        st.tuples(st.integers(0, 255), st.binary(min_size=32, max_size=32), u32).map(
            lambda t: bytes([t[0]]) + t[1] + struct.pack(">I", t[2])),
        st.binary(max_size=40)),
    extra=st.one_of(st.just(b""), st.binary(max_size=3)),
)


def expected_record(r: SealedRecord, plain: bytes):
    """What the format says this plaintext is, or None if it is malformed."""
    if r.rtype == fmt.RecordType.PURCHASE:
        count = plain[0] if plain else 0
        if not (1 <= count <= MAX_ENTRIES and len(plain) == 1 + 8 * count + 12
                and plain[-4:].rstrip(b"\0").isascii()):
            return None
        entries = tuple(fmt.PurchaseEntry(*struct.unpack(">II", plain[1 + 8 * i:9 + 8 * i]))
                        for i in range(count))
        cap, issued = struct.unpack(">II", plain[1 + 8 * count:9 + 8 * count])
        return fmt.PurchaseRecord(entries, cap, issued, plain[-4:].rstrip(b"\0").decode())
    if r.rtype == fmt.RecordType.PARAMETERS:
        return fmt.ParameterRecord(*struct.unpack(">III", plain)) if len(plain) == 12 else None
    if len(plain) != 1 + crypto.KEY_LEN + 4:
        return None
    return fmt.KeyChangeRecord(plain[0], plain[1:33], struct.unpack(">I", plain[33:])[0])


@FUZZ
@given(sealed_records, st.sampled_from(KEYS.versions))
def test_sealed_records_from_generated_fields(r, key_version):
    """Genuinely sealed, so only the plaintext's shape decides: every count,
    length and type either decodes to its fields or is refused as malformed."""
    card = CARDS[0]
    body = card.image[:fmt.ID_BODY]
    key = KEYS.meter_key(key_version, METERS[0])
    plain = record_plaintext(r)
    blob = crypto.seal(key, "record", plain, body + bytes([r.rtype]))
    if len(blob) > fmt.REC_LEN - 2:
        return
    raw = (bytes([r.rtype, len(blob)]) + blob).ljust(fmt.REC_LEN, b"\0")
    want = expected_record(r, plain)
    try:
        got = fmt.decode_record(raw, key, body)
    except CardFormatError:
        assert want is None
    else:
        assert got == want
        if isinstance(got, fmt.PurchaseRecord):
            assert got.last_seq == got.entries[-1].seq
    other = KEYS.meter_key(3 - key_version, METERS[0])
    with pytest.raises(CardAuthError):
        fmt.decode_record(raw, other, body)


@FUZZ
@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=fmt.REC_LEN - 2))
def test_record_type_and_length_bytes(rtype, n, rest):
    raw = (bytes([rtype, n]) + rest).ljust(fmt.REC_LEN, b"\0")
    key, body = KEYS.meter_key(1, METERS[0]), CARDS[0].image[:fmt.ID_BODY]
    try:
        rec = fmt.decode_record(raw, key, body)
    except (CardFormatError, CardAuthError):
        return
    assert rec is None and not any(raw)  # nothing unsealed ever decodes but the empty record


writebacks = st.builds(fmt.WriteBack, u32, u32, u32, st.integers(0, 2**64 - 1),
                       st.integers(0, 2**16 - 1), st.integers(0, 2**16 - 1), u32,
                       st.sampled_from([*KEYS.versions, 0, 3]), st.integers(0, 2**16 - 1))


@FUZZ
@given(writebacks, st.sampled_from([fmt.WB_PRESENT, fmt.WB_READ, 0x01, 0xFF]),
       st.binary(max_size=fmt.WB_LEN))
def test_reports_from_generated_fields(wb, status, stale):
    card = CARDS[0]
    body, meter = card.image[:fmt.ID_BODY], METERS[0]
    key = KEYS.meter_key(wb.key_version if wb.key_version in KEYS.versions else 1, meter)
    region = fmt.encode_writeback(wb, key, body)
    assert len(region) == fmt.WB_LEN and fmt.decode_writeback(region) == wb
    fmt.verify_writeback(region, key, body)
    if status == fmt.WB_READ:
        region = bytes([status]) + stale.ljust(fmt.WB_LEN - 1, b"\0")
    else:
        region = bytes([status]) + region[1:]
    out = decode(card.image[:fmt.WB_OFF] + region)
    assert isinstance(out, CardReading)
    if status == fmt.WB_READ:
        assert out.report is None and out.report_problem is None
        assert fmt.decode_writeback(region) is None
    elif status != fmt.WB_PRESENT:  # refused before the tag is even checked
        with pytest.raises(CardFormatError, match="report on the card is damaged"):
            fmt.decode_writeback(region)
        assert out.report is None and out.report_problem is not None
    elif wb.key_version not in KEYS.versions:
        assert out.report is None and out.report_problem is not None
    else:
        assert out.report == meter_report(wb)


# --- the encoders refuse what a card cannot hold ------------------------------------

@FUZZ
@given(st.text(max_size=14), st.integers(0, MAX_ENTRIES + 3))
def test_encoders_refuse_what_the_card_cannot_hold(digits, count):
    ident = replace(fmt.decode_identity(CARDS[0].image[:fmt.ID_LEN]), meter_number=digits)
    if len(digits) == 12 and digits.isascii() and digits.isdigit():
        assert fmt.decode_identity(fmt.encode_identity(ident, b"k" * 32)).meter_number == digits
    else:
        with pytest.raises(CardFormatError):
            ident.body()
    record = fmt.PurchaseRecord(tuple(fmt.PurchaseEntry(s, s) for s in range(1, count + 1)),
                                0, ISSUED, "S01")
    key = KEYS.meter_key(1, METERS[0])
    if 1 <= count <= MAX_ENTRIES:
        assert fmt.decode_record(fmt.encode_record(record, key, b""), key, b"") == record
    else:
        with pytest.raises(CardFormatError, match="purchase record holds"):
            fmt.encode_record(record, key, b"")


def test_an_unknown_record_is_a_programming_error():
    with pytest.raises(TypeError):
        fmt.encode_record(object(), KEYS.meter_key(1, METERS[0]), b"")
    assert fmt.encode_record(None, b"k" * 32, b"") == bytes(fmt.REC_LEN)


@FUZZ
@given(st.binary(max_size=2 * fmt.EF_SIZE))
def test_regions_of_the_wrong_size_are_refused(raw):
    key, body = KEYS.meter_key(1, METERS[0]), CARDS[0].image[:fmt.ID_BODY]
    for size, decoder in ((fmt.ID_LEN, fmt.decode_identity),
                          (fmt.REC_LEN, lambda r: fmt.decode_record(r, key, body)),
                          (fmt.WB_LEN, fmt.decode_writeback)):
        if len(raw) != size:
            with pytest.raises(CardFormatError, match="wrong size"):
                decoder(raw)
