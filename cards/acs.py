"""ACS readers' pseudo-APDUs for memory cards (ACR38U, ACR39U): the one
place that knows them. ``AcsMemoryCommands`` is what the station sends;
``AcsReaderEmulation`` is what the virtual card answers, over a MemoryChip.
Another reader maker's set is another pair of classes with the same methods.

    select card type   FF A4 00 00 01 06 (SLE4432/4442) | 05 (SLE4418/4428)
    read               FF B0 MSB LSB len          -> data
    error counter      FF B1 00 00 00             -> ERRCNT + dummy bytes
    protection bits    FF B2 MSB LSB len          -> bits, 0 = protected
    write              FF D0 MSB LSB len data
    protect            FF D1 MSB LSB len data     (data must match the memory)
    present PSC        FF 20 00 00 len PSC        -> SW 90 ERRCNT (all ones: right)
    change PSC         FF D2 00 01 len PSC
"""

from __future__ import annotations

from cards.errors import CardStatusError
from cards.memory_chip import CHIPS, ChipRefused, MemoryChip

CARD_TYPE = {"sle4442": 0x06, "sle4428": 0x05}
MAX_DATA = 255  # one pseudo-APDU carries at most 255 bytes (a one-byte length)


def _bits(tries: int) -> int:
    return (1 << tries) - 1


def _tries(bits: int) -> int:
    return bin(bits).count("1")


class AcsMemoryCommands:
    """Station side: each method sends one pseudo-APDU over ``t``."""

    maker = "ACS"

    def __init__(self, chip: str):
        self.chip = chip
        self.type = CHIPS[chip]

    @staticmethod
    def _addr(addr: int) -> bytes:
        return bytes([addr >> 8, addr & 0xFF])

    def select(self, t) -> None:
        t.transmit(bytes([0xFF, 0xA4, 0, 0, 1, CARD_TYPE[self.chip]]), "select the card type")

    def tries_left(self, t) -> int:
        """The PSC error counter; it also proves the card speaks this chip's protocol."""
        data = t.transmit(b"\xFF\xB1\x00\x00\x00", "read the PSC error counter")
        if not data:
            raise CardStatusError(0x6700, "read the PSC error counter")
        return _tries(data[0])

    def read(self, t, addr: int, n: int) -> bytes:
        out = b""
        while n > 0:
            step = min(n, MAX_DATA)
            out += t.transmit(b"\xFF\xB0" + self._addr(addr) + bytes([step]), "read the card")
            addr, n = addr + step, n - step
        return out

    def write(self, t, addr: int, data: bytes) -> None:
        for i in range(0, len(data), MAX_DATA):
            part = data[i:i + MAX_DATA]
            t.transmit(b"\xFF\xD0" + self._addr(addr + i) + bytes([len(part)]) + part,
                       "write the card")

    def protect(self, t, addr: int, data: bytes) -> None:
        t.transmit(b"\xFF\xD1" + self._addr(addr) + bytes([len(data)]) + data,
                   "write-protect the card's identity")

    def present(self, t, psc: bytes) -> int:
        """Tries left after presenting ``psc`` (the chip's maximum: accepted)."""
        return _tries(self._sw2(t, b"\xFF\x20\x00\x00" + bytes([len(psc)]) + psc,
                                "present the card's PSC"))

    def change_psc(self, t, psc: bytes) -> None:
        t.transmit(b"\xFF\xD2\x00\x01" + bytes([len(psc)]) + psc, "change the card's PSC")

    @staticmethod
    def _sw2(t, apdu: bytes, what: str) -> int:
        t.transmit(apdu, what, ok=tuple(0x9000 | b for b in range(256)))
        return t.last_sw & 0xFF


class AcsReaderEmulation:
    """Card side: an ACS reader in front of a memory chip, answering pseudo-APDUs."""

    def __init__(self, chip: MemoryChip, tear_at: int | None = None):
        self.chip = chip
        self.tear_at = tear_at
        self.selected: int | None = None

    def reset(self) -> None:
        self.selected = None
        self.chip.power_off()

    def process(self, apdu: bytes, torn: bool = False) -> bytes:
        if len(apdu) < 5:
            return b"\x67\x00"
        if apdu[0] != 0xFF:
            return b"\x6E\x00"  # not a pseudo-APDU: a memory card knows no ISO commands
        ins, addr, n, data = apdu[1], (apdu[2] << 8) | apdu[3], apdu[4], apdu[5:]
        if ins == 0xA4:
            if len(data) != 1:
                return b"\x67\x00"
            self.selected = data[0]
            return b"\x90\x00"
        if self.selected != CARD_TYPE[self.chip.image.chip]:
            return b"\x6A\x81"  # the selected protocol gets no answer from this chip
        try:
            return self._run(ins, addr, n, data, torn)
        except ChipRefused as e:
            return {"locked": b"\x69\x82", "blocked": b"\x69\x83", "range": b"\x6B\x00",
                    "mismatch": b"\x6A\x80"}[e.why]

    def _run(self, ins: int, addr: int, n: int, data: bytes, torn: bool) -> bytes:
        chip = self.chip
        if ins == 0xB0:
            return chip.read(addr, n or 256) + b"\x90\x00"
        if ins == 0xB1:
            return bytes([_bits(chip.image.tries)]) + bytes(chip.image.type.psc_len) + b"\x90\x00"
        if ins == 0xB2:
            bits = chip.protection(addr, n)
            out = bytearray((len(bits) + 7) // 8)
            for i, p in enumerate(bits):
                if not p:
                    out[i // 8] |= 1 << (i % 8)
            return bytes(out) + b"\x90\x00"
        if len(data) != n:
            return b"\x67\x00"
        if ins == 0xD0:
            keep = None if not torn else (n // 2 if self.tear_at is None else min(self.tear_at, n))
            chip.write(addr, data, keep)
            return b"\x90\x00"
        if ins == 0xD1:
            chip.protect(addr, data)
            return b"\x90\x00"
        if ins == 0x20:
            return bytes([0x90, _bits(chip.present(data))])
        if ins == 0xD2:
            chip.change_psc(data)
            return b"\x90\x00"
        return b"\x6D\x00"
