"""A contact memory chip, SLE4442 or SLE4428, as the virtual card and the
virtual meter hold it: main memory, per-byte write protection that can never
be cleared, the programmable security code (PSC) and its error counter.

Nothing is written before the PSC is presented; a wrong PSC uses up one try
and a card with no tries left is blocked for good (reads still work). A
write can be torn on request: a prefix of its bytes sticks, as on a card
pulled from the reader mid-write.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "vending-virtual-memory-card/1"


@dataclass(frozen=True)
class ChipType:
    name: str
    size: int
    psc_len: int
    tries: int
    protectable: int  # bytes 0..protectable-1 can be protected for good
    header: bytes  # written and protected by the chip maker


CHIPS = {
    "sle4442": ChipType("sle4442", 256, 3, 3, 32, bytes.fromhex("A2131091")),
    "sle4428": ChipType("sle4428", 1024, 2, 8, 1024, b""),
}


class ChipRefused(Exception):
    """The chip did not do what it was asked (no PSC, blocked, out of range)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why  # "locked" | "blocked" | "range" | "mismatch"


@dataclass
class MemoryImage:
    chip: str
    memory: bytearray
    protected: bytearray  # one byte per memory byte: 1 = protected for good
    psc: bytes
    tries: int

    @classmethod
    def blank(cls, chip: str) -> MemoryImage:
        t = CHIPS[chip]
        mem = bytearray(b"\xFF" * t.size)
        mem[:len(t.header)] = t.header
        prot = bytearray(t.size)
        prot[:len(t.header)] = b"\x01" * len(t.header)
        return cls(chip, mem, prot, b"\xFF" * t.psc_len, t.tries)

    @property
    def type(self) -> ChipType:
        return CHIPS[self.chip]

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "chip": self.chip, "memory": self.memory.hex(),
                           "protected": self.protected.hex(), "psc": self.psc.hex(),
                           "tries": self.tries}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> MemoryImage:
        d = json.loads(text)
        return cls(d["chip"], bytearray.fromhex(d["memory"]), bytearray.fromhex(d["protected"]),
                   bytes.fromhex(d["psc"]), d["tries"])

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "w") as f:
            f.write(self.to_json())
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)


def is_memory_image(path: Path) -> bool:
    if not Path(path).exists():
        return False
    try:
        return json.loads(Path(path).read_text()).get("format") == FORMAT
    except (ValueError, AttributeError):
        return False


@dataclass
class MemoryChip:
    image: MemoryImage
    on_change: object = None
    unlocked: bool = field(default=False)

    def power_off(self) -> None:
        self.unlocked = False

    def _changed(self) -> None:
        if self.on_change:
            self.on_change()

    def _range(self, addr: int, n: int) -> None:
        if addr < 0 or n < 0 or addr + n > self.image.type.size:
            raise ChipRefused("range")

    def read(self, addr: int, n: int) -> bytes:
        self._range(addr, n)
        return bytes(self.image.memory[addr:addr + n])

    def write(self, addr: int, data: bytes, keep: int | None = None) -> None:
        """``keep``: a torn write, only that many leading bytes stick."""
        self._range(addr, len(data))
        self._need_psc()
        for i, b in enumerate(data[:len(data) if keep is None else keep]):
            if not self.image.protected[addr + i]:  # protected bytes are silently kept
                self.image.memory[addr + i] = b
        self._changed()

    def protect(self, addr: int, data: bytes) -> None:
        """Protect bytes for good; the data given must match what they hold."""
        self._range(addr, len(data))
        self._need_psc()
        if addr + len(data) > self.image.type.protectable:
            raise ChipRefused("range")
        if bytes(self.image.memory[addr:addr + len(data)]) != data:
            raise ChipRefused("mismatch")
        self.image.protected[addr:addr + len(data)] = b"\x01" * len(data)
        self._changed()

    def protection(self, addr: int, n: int) -> list[bool]:
        self._range(addr, n)
        return [bool(b) for b in self.image.protected[addr:addr + n]]

    def present(self, code: bytes) -> int:
        """Tries left afterwards (the chip's maximum when the PSC was right)."""
        img = self.image
        if img.tries == 0:
            self.unlocked = False
            return 0
        img.tries -= 1  # the chip spends a try first, then compares
        if len(code) == len(img.psc) and code == img.psc:
            img.tries = img.type.tries
            self.unlocked = True
        else:
            self.unlocked = False
        self._changed()
        return img.tries

    def change_psc(self, code: bytes) -> None:
        self._need_psc()
        if len(code) != self.image.type.psc_len:
            raise ChipRefused("range")
        self.image.psc = bytes(code)
        self._changed()

    def _need_psc(self) -> None:
        if self.image.tries == 0:
            raise ChipRefused("blocked")
        if not self.unlocked:
            raise ChipRefused("locked")
