"""Where the station's 256-byte card image sits on a memory card (see
docs/card-format.md, "Memory cards"). The same layout serves SLE4442 (256
bytes, the first 32 protectable) and SLE4428 (1 KB).

The identity's fixed part (magic, format, card kind), the serial of the
card's first issue (the chip serial, which the PSC derives from) and the
PSC's key version lie in the protectable area and are protected for good at
issue. The identity's own serial is stored apart, so a meter replacement or
a reissue onto the same card (a new office serial) keeps the chip's.
The record keeps the first 76 bytes of its 96-byte region and the write-back
the first 48 of its 96: the rest is always zero (the decoders require it),
so it is not stored. The meter learns the card's PSC from a copy sealed
under its own key (AES-GCM, the identity as associated data).
"""

from __future__ import annotations

from dataclasses import dataclass

from cards import crypto
from cards import format as fmt
from cards.errors import CardAuthError, CardFormatError


@dataclass(frozen=True)
class Segment:
    logical: int
    length: int
    physical: int


SEGMENTS = (
    Segment(0, 5, 4),  # magic, format version, card kind: protected
    Segment(6, 8, 18),  # the card serial the office knows the card by now
    Segment(5, 1, 32),  # key version (a rekey changes it)
    Segment(14, 50, 33),  # meter, account, multiplier ... identity tag
    Segment(fmt.REC_OFF, 76, 83),  # the record (at most 75 bytes are ever used)
    Segment(fmt.WB_OFF, 48, 159),  # the meter's report (exactly 48 bytes used)
)
MAGIC_AT = 4  # its first byte is written last at issue: it says which PSC the card has
CHIP_SERIAL_AT = 9  # the serial of its first issue, for good: the PSC derives from it
PSC_KV_AT = 17  # key version the PSC is derived from: protected
PROTECT_FROM, PROTECT_TO = 4, 18  # magic .. PSC key version
PSC_BLOB_AT = 207  # length byte, then the sealed PSC
PSC_BLOB_LEN = 1 + crypto.NONCE_LEN + 3 + crypto.TAG_LEN
SPAN_FROM, SPAN_TO = 4, PSC_BLOB_AT + PSC_BLOB_LEN  # what a full read covers


def to_logical(phys: bytes, base: int = SPAN_FROM) -> bytes:
    """The 256-byte image from physical bytes read from ``base`` on."""
    out = bytearray(fmt.EF_SIZE)
    for s in SEGMENTS:
        out[s.logical:s.logical + s.length] = phys[s.physical - base:s.physical - base + s.length]
    return bytes(out)


def physical_writes(offset: int, data: bytes) -> list[tuple[int, bytes]]:
    """The physical writes for logical ``data`` at ``offset``, adjacent ones merged."""
    end = offset + len(data)
    covered = bytearray(len(data))
    runs: list[tuple[int, bytes]] = []
    for s in sorted(SEGMENTS, key=lambda s: s.physical):
        lo, hi = max(offset, s.logical), min(end, s.logical + s.length)
        if lo >= hi:
            continue
        covered[lo - offset:hi - offset] = b"\x01" * (hi - lo)
        phys, part = s.physical + lo - s.logical, data[lo - offset:hi - offset]
        if runs and runs[-1][0] + len(runs[-1][1]) == phys:
            runs[-1] = (runs[-1][0], runs[-1][1] + part)
        else:
            runs.append((phys, part))
    if any(b for b, c in zip(data, covered, strict=True) if not c):
        raise CardFormatError("This card image does not fit a memory card.")
    return runs


def physical_span(offset: int, length: int) -> tuple[int, int]:
    """The physical range holding logical bytes [offset, offset+length)."""
    spans = [(s.physical + max(offset, s.logical) - s.logical,
              s.physical + min(offset + length, s.logical + s.length) - s.logical)
             for s in SEGMENTS if max(offset, s.logical) < min(offset + length, s.logical + s.length)]
    if not spans:
        return SPAN_FROM, SPAN_FROM
    return min(a for a, _ in spans), max(b for _, b in spans)


def serial_of(phys: bytes, base: int = SPAN_FROM) -> str:
    """The chip serial: the PSC's, protected, never changed."""
    return phys[CHIP_SERIAL_AT - base:PSC_KV_AT - base].hex()


def seal_psc(psc: bytes, meter_key: bytes, identity_body: bytes) -> bytes:
    blob = crypto.seal(meter_key, "card-psc", psc, identity_body)
    return (bytes([len(blob)]) + blob).ljust(PSC_BLOB_LEN, b"\0")


def open_psc(raw: bytes, meter_key: bytes, identity_body: bytes) -> bytes:
    """The PSC as the meter learns it; CardAuthError if it is not for this meter."""
    n = raw[0]
    if not crypto.NONCE_LEN + crypto.TAG_LEN < n < PSC_BLOB_LEN:
        raise CardAuthError("The card's {what} fails authentication: it was edited, copied from "
                            "another card, or written with another key.", what="sealed PSC")
    return crypto.open_sealed(meter_key, "card-psc", raw[1:1 + n], identity_body, "sealed PSC")
