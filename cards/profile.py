"""Card profiles: how the station's 256-byte card file is reached on a kind
of card. The station speaks to a profile, never to APDUs directly, so a
second profile (SLE4442 / SLE4428 memory cards through a reader maker's
pseudo-APDUs: cards/memory_profile.py) fits without touching the core.
"""

from __future__ import annotations

from typing import Protocol

from cards import format as fmt
from cards.errors import CardFormatError, CardStatusError, WrongCardType

DF_PREPAY = bytes.fromhex("1001")
EF_CARD = bytes.fromhex("0001")
MAX_WRITE = 255  # bytes one UPDATE BINARY carries (a one-byte Lc)
ISSUE_CHUNK = fmt.EF_SIZE // 2  # a whole card file goes in two writes of 128


class Transport(Protocol):
    def transmit(self, apdu: bytes, what: str, ok=(0x9000,)) -> bytes: ...


class CardProfile(Protocol):
    kind: str  # cpu | sle4442 | sle4428

    def open(self, t: Transport) -> None: ...
    def read_all(self, t: Transport) -> bytes: ...
    def write(self, t: Transport, offset: int, data: bytes) -> None: ...
    def read(self, t: Transport, offset: int, length: int) -> bytes: ...
    def personalise(self, t: Transport) -> None: ...
    def write_image(self, t: Transport, data: bytes) -> None: ...


class CpuCardProfile:
    """ISO 7816-4 CPU card: DF 1001 under the MF, transparent EF 0001."""

    kind = "cpu"

    def open(self, t: Transport) -> None:
        try:
            t.transmit(b"\x00\xA4\x08\x0C\x04" + DF_PREPAY + EF_CARD, "select the card file")
        except CardStatusError as e:
            if e.sw == 0x6A82:
                raise CardFormatError("This card has no vending file: it is blank, or belongs to "
                                      "another system. Issue it as a new card first.") from None
            if e.sw in (0x6D00, 0x6E00):
                raise WrongCardType("This is not a CPU card this station can use.") from None
            raise

    def read_all(self, t: Transport) -> bytes:
        return self.read(t, 0, fmt.EF_SIZE)

    def read(self, t: Transport, offset: int, length: int) -> bytes:
        le = 0 if length == 256 else length
        data = t.transmit(bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, le]), "read the card")
        if len(data) != length:
            raise CardFormatError("The card returned {n} bytes instead of {m}.", n=len(data),
                                  m=length)
        return data

    def write(self, t: Transport, offset: int, data: bytes) -> None:
        if not 0 < len(data) <= MAX_WRITE:
            raise ValueError(f"one UPDATE BINARY writes 1 to {MAX_WRITE} bytes")
        t.transmit(bytes([0x00, 0xD6, offset >> 8, offset & 0xFF, len(data)]) + data,
                   "write the card")

    def write_image(self, t: Transport, data: bytes) -> None:
        """A whole card file, as issued."""
        for off in range(0, fmt.EF_SIZE, ISSUE_CHUNK):
            self.write(t, off, data[off:off + ISSUE_CHUNK])

    def personalise(self, t: Transport) -> None:
        """Create DF 1001 and EF 0001 on a blank card (idempotent)."""
        try:
            self.open(t)
            return
        except CardFormatError:
            pass
        t.transmit(b"\x00\xA4\x00\x0C\x02\x3F\x00", "select the master file")
        fcp_df = b"\x62\x07\x82\x01\x38\x83\x02" + DF_PREPAY
        t.transmit(bytes([0x00, 0xE0, 0x00, 0x00, len(fcp_df)]) + fcp_df, "create the vending DF",
                   ok=(0x9000, 0x6A89))
        fcp_ef = b"\x62\x0B\x80\x02\x01\x00\x82\x01\x01\x83\x02" + EF_CARD
        t.transmit(bytes([0x00, 0xE0, 0x00, 0x00, len(fcp_ef)]) + fcp_ef, "create the card file",
                   ok=(0x9000, 0x6A89))
        self.open(t)
