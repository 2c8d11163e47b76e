"""DL/T 645-2007 frames, written here rather than taken from a package.

    FE FE FE FE | 68 | A0..A5 | 68 | C | L | DATA (each byte +33H) | CS | 16

The wake-up bytes (FE) precede a request; the address is the meter's
12-digit number in BCD, least significant byte first (AA... is the
wildcard); C is the control code (bit 7: reply, bit 6: error reply); the
checksum is the sum modulo 256 of every byte from the first 68 to the last
data byte. Values are BCD, least significant byte first.

The codec is small, pure and tested on its own; the link (serial_link)
adds the port, the timeouts and the retries. The ``dlt645`` package on
PyPI, which also implements both ends, is what the tests put on the other
end of the wire: an independent implementation checks this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from vending_app.core.errors import Note, VendingError

WAKE_UP = b"\xFE" * 4
START, END = 0x68, 0x16
READ_DATA, READ_ADDRESS = 0x11, 0x13
REPLY, ERROR_REPLY, MORE_FOLLOWS = 0x80, 0x40, 0x20
WILDCARD = "AAAAAAAAAAAA"
MAX_DATA = 200  # the standard's longest data field

# the error word of an error reply (DL/T 645-2007, 7.3.2)
ERROR_BITS = {
    0x01: Note("other error"),
    0x02: Note("no such data (the meter does not keep this item)"),
    0x04: Note("wrong password or not authorised"),
    0x08: Note("the baud rate cannot be changed"),
    0x10: Note("too many yearly time zones"),
    0x20: Note("too many daily time slots"),
    0x40: Note("too many tariffs"),
}


class FrameError(VendingError):
    """Bytes on the line that are not a well-formed DL/T 645 frame."""


@dataclass(frozen=True)
class Frame:
    address: str  # 12 characters, as printed on the meter
    control: int
    data: bytes  # without the +33H offset

    @property
    def function(self) -> int:
        return self.control & 0x1F

    @property
    def is_reply(self) -> bool:
        return bool(self.control & REPLY)

    @property
    def is_error(self) -> bool:
        return bool(self.control & ERROR_REPLY)


@dataclass(frozen=True)
class Item:
    """A data identifier (DI) and how its value is coded."""
    di: int
    size: int  # bytes of value after the DI
    decimals: int = 0
    signed: bool = False  # the top bit of the last byte is the sign
    kind: str = "number"  # number | date | time | raw


ITEMS = {
    "energy_total": Item(0x00000000, 4, 2, signed=True),  # combined active total, kWh
    "energy_forward": Item(0x00010000, 4, 2),  # forward active total, kWh
    "energy_reverse": Item(0x00020000, 4, 2),  # reverse active total, kWh
    "remaining_kwh": Item(0x00900100, 4, 2),  # prepaid: energy left, kWh
    "overdraft_kwh": Item(0x00900101, 4, 2),
    "remaining_money": Item(0x00900200, 4, 2),  # prepaid: money left, yuan
    "overdraft_money": Item(0x00900201, 4, 2),
    "date": Item(0x04000101, 4, kind="date"),  # YYMMDDWW
    "time": Item(0x04000102, 3, kind="time"),  # hhmmss
    "status_word_1": Item(0x04000501, 2, kind="raw"),
    "cover_openings": Item(0x03300D00, 3),  # how often the cover was opened
}


def address_bytes(address: str) -> bytes:
    text = str(address).strip().upper()
    if len(text) > 12 or not all(c in "0123456789A" for c in text):
        raise FrameError("A meter address is up to 12 digits (or A for a wildcard); "
                         "'{address}' is not one.", address=address)
    text = text.rjust(12, "0")
    return bytes(int(text[i:i + 2], 16) for i in range(10, -2, -2))


def address_text(raw: bytes) -> str:
    return "".join(f"{b:02X}" for b in reversed(raw))


def checksum(body: bytes) -> int:
    return sum(body) & 0xFF


def encode(address: str, control: int, data: bytes = b"", wake_up: bool = True) -> bytes:
    if len(data) > MAX_DATA:
        raise FrameError("A DL/T 645 data field holds at most {max} bytes.", max=MAX_DATA)
    body = (bytes([START]) + address_bytes(address) + bytes([START, control, len(data)])
            + bytes((b + 0x33) & 0xFF for b in data))
    return (WAKE_UP if wake_up else b"") + body + bytes([checksum(body), END])


def decode(buffer: bytes) -> tuple[Frame | None, int]:
    """The first frame in ``buffer`` and how many bytes it used, or
    (None, bytes to drop) while it is incomplete. Leading noise and wake-up
    bytes are skipped; a complete frame with a wrong checksum or end byte
    raises FrameError."""
    start = buffer.find(bytes([START]))
    if start < 0:
        return None, len(buffer)
    if len(buffer) - start < 12:
        return None, start
    if buffer[start + 7] != START:
        raise FrameError("A garbled frame came back (no second start byte).")
    length = buffer[start + 9]
    end = start + 12 + length
    if len(buffer) < end:
        return None, start
    body = buffer[start:end - 2]
    if buffer[end - 2] != checksum(body):
        raise FrameError("A garbled frame came back (checksum {got:02X}, expected {want:02X}).",
                         got=buffer[end - 2], want=checksum(body))
    if buffer[end - 1] != END:
        raise FrameError("A garbled frame came back (no end byte).")
    data = bytes((b - 0x33) & 0xFF for b in body[10:])
    return Frame(address_text(body[1:7]), body[8], data), end


def read_request(address: str, item: Item) -> bytes:
    return encode(address, READ_DATA, item.di.to_bytes(4, "little"))


def error_meaning(code: int) -> Note:
    meanings = [m for bit, m in ERROR_BITS.items() if code & bit]
    if len(meanings) == 1:
        return meanings[0]
    if not meanings:
        return Note("error word {code:02X}", code=code)
    return Note("{first} (error word {code:02X})", first=meanings[0], code=code)


def _bcd_digits(raw: bytes) -> str:
    digits = "".join(f"{b:02X}" for b in reversed(raw))
    if not digits.isdigit():
        raise FrameError("The meter sent a value that is not BCD ({hex}).", hex=raw.hex(" "))
    return digits


def value(item: Item, raw: bytes) -> Decimal | datetime | str | tuple:
    """The value of ``item`` from the bytes after its DI."""
    if len(raw) < item.size:
        raise FrameError("The meter's answer is {got} bytes long, {want} were expected.",
                         got=len(raw), want=item.size)
    raw = raw[:item.size]
    if item.kind == "raw":
        return raw[::-1].hex().upper()
    negative = item.signed and raw[-1] & 0x80
    if negative:
        raw = raw[:-1] + bytes([raw[-1] & 0x7F])
    digits = _bcd_digits(raw)
    if item.kind == "date":
        return (2000 + int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    if item.kind == "time":
        return (int(digits[0:2]), int(digits[2:4]), int(digits[4:6]))
    number = Decimal(int(digits)).scaleb(-item.decimals)
    return -number if negative else number


def encode_value(item: Item, number: Decimal) -> bytes:
    """The bytes a meter sends for ``number`` (the test meters use it)."""
    scaled = int(abs(Decimal(number)).scaleb(item.decimals))
    digits = f"{scaled:0{item.size * 2}d}"
    raw = bytes(int(digits[i:i + 2], 16) for i in range(len(digits) - 2, -2, -2))
    if item.signed and number < 0:
        raw = raw[:-1] + bytes([raw[-1] | 0x80])
    return raw
