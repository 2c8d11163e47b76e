"""Memory cards (SLE4442, SLE4428) behind CardProfile, and the profile that
tells the kind of card in the reader by asking it.

The station sees the same 256-byte image as on a CPU card
(cards/memory_layout.py maps it); the reader maker's pseudo-APDUs come from
one commands class (cards/acs.py). Before the first write of a session the
card's PSC is presented once, and only a PSC this office knows is right:
the factory PSC while the first byte of the magic is unwritten, else the one
derived from the card's serial. A wrong or blocked card is never retried.
"""

from __future__ import annotations

import contextlib

from cards import format as fmt
from cards import memory_layout as lay
from cards.acs import AcsMemoryCommands
from cards.errors import (
    CardBlocked,
    CardBound,
    CardFormatError,
    CardPscRefused,
    CardStatusError,
    WrongCardType,
)
from cards.keyring import KeyRing
from cards.memory_chip import CHIPS
from cards.profile import DF_PREPAY, EF_CARD, CpuCardProfile, Transport


class MemoryCardProfile:
    def __init__(self, keys: KeyRing, commands: AcsMemoryCommands):
        self.keys, self.cmd = keys, commands
        self.kind = commands.chip
        self.chip = CHIPS[commands.chip]
        self.begin()

    def begin(self) -> None:
        self._span: bytes | None = None  # physical SPAN_FROM..SPAN_TO, fresh from the card
        self._last: bytes | None = None  # the last one read in this session
        self._unlocked = False
        self.tries: int | None = None

    # --- reading --------------------------------------------------------------
    def selected(self, t: Transport, tries: int) -> None:
        """The card answered this chip's protocol (kind probing did select it)."""
        self.tries = tries
        self._span = self._last = self.cmd.read(t, lay.SPAN_FROM, lay.SPAN_TO - lay.SPAN_FROM)
        if self._span[:3] != fmt.MAGIC:
            raise CardFormatError("This memory card holds no vending data: it is blank, or belongs "
                                  "to another system. Issue it as a new card first.")

    def open(self, t: Transport) -> None:
        self.cmd.select(t)
        self.selected(t, self.cmd.tries_left(t))

    def read_all(self, t: Transport) -> bytes:
        if self._span is None:
            self._span = self.cmd.read(t, lay.SPAN_FROM, lay.SPAN_TO - lay.SPAN_FROM)
        span, self._span = self._span, None  # read once: a later read asks the card again
        self._last = span
        return lay.to_logical(span)

    def read(self, t: Transport, offset: int, length: int) -> bytes:
        lo, hi = lay.physical_span(offset, length)
        buf = bytearray(lay.SPAN_TO - lay.SPAN_FROM)
        buf[lo - lay.SPAN_FROM:hi - lay.SPAN_FROM] = self.cmd.read(t, lo, hi - lo)
        return lay.to_logical(bytes(buf))[offset:offset + length]

    # --- writing --------------------------------------------------------------
    def write(self, t: Transport, offset: int, data: bytes) -> None:
        runs = lay.physical_writes(offset, data)
        self._unlock(t)
        for addr, part in runs:
            self.cmd.write(t, addr, part)

    def _head(self, t: Transport) -> bytes:
        """Physical bytes 4..17: magic, format, kind, serial, PSC key version."""
        span = self._last
        if span is None:
            span = self._last = self.cmd.read(t, lay.SPAN_FROM, lay.SPAN_TO - lay.SPAN_FROM)
        return span[:lay.PROTECT_TO - lay.SPAN_FROM]

    def _psc_of(self, head: bytes) -> bytes:
        if head[0] != fmt.MAGIC[0]:  # the magic's first byte is written after the PSC changed
            return b"\xFF" * self.chip.psc_len
        return self.keys.card_psc(head[-1], lay.serial_of(head), self.chip.psc_len)

    def _unlock(self, t: Transport, psc: bytes | None = None) -> None:
        if self._unlocked:
            return
        if self.tries is None:
            self.tries = self.cmd.tries_left(t)
        if self.tries == 0:
            raise CardBlocked("This memory card is blocked for good: a wrong PSC was presented "
                              "{n} times (never by this station). It can still be read but no "
                              "longer written: issue the customer a new card.", n=self.chip.tries)
        left = self.cmd.present(t, psc or self._psc_of(self._head(t)))
        self.tries = left
        if left != self.chip.tries:
            raise CardPscRefused("The memory card refused the PSC this office holds for it "
                                 "({left} tries left): it was issued by another system or "
                                 "copied. The station will not try again; nothing was written.",
                                 left=left)
        self._unlocked = True

    def personalise(self, t: Transport) -> None:
        with contextlib.suppress(CardFormatError):
            self.open(t)

    def write_image(self, t: Transport, data: bytes) -> None:
        """Issue: the whole image, its sealed PSC and, on a new card, the PSC
        change and the protection of the fixed identity, in an order that
        always tells which PSC the card has (docs/card-format.md)."""
        ident = fmt.decode_identity(data[:fmt.ID_LEN])
        head = self._head(t)
        runs = lay.physical_writes(0, data)
        fixed, serial_run = runs[0][1], runs[1]  # magic, format, kind; the office's serial
        body = data[:fmt.ID_BODY]
        if head[:3] == fmt.MAGIC:
            if head[:len(fixed)] != fixed:
                raise CardBound("This memory card is bound for good to card {serial}: its kind "
                                "is write-protected. Issue a new card.",
                                serial=lay.serial_of(head))
            psc = self._psc_of(head)
            self._unlock(t, psc)
            self.cmd.write(t, *serial_run)
            self._write_tail(t, runs, psc, ident, body)
            return
        self._unlock(t)
        chip = bytes.fromhex(ident.serial) + bytes([ident.key_version])
        psc = self.keys.card_psc(ident.key_version, ident.serial, self.chip.psc_len)
        self.cmd.write(t, lay.MAGIC_AT + 1, fixed[1:] + chip + serial_run[1])
        self._write_tail(t, runs, psc, ident, body)
        if self._psc_of(head) != psc:
            self.cmd.change_psc(t, psc)
        self.cmd.write(t, lay.MAGIC_AT, fixed[:1])
        self.cmd.protect(t, lay.MAGIC_AT, fixed + chip)

    def _write_tail(self, t, runs, psc, ident, body) -> None:
        key = self.keys.meter_key(ident.key_version, ident.meter_number)
        addr, part = runs[2]
        assert addr + len(part) == lay.PSC_BLOB_AT  # noqa: S101 - layout constant
        self.cmd.write(t, addr, part + lay.seal_psc(psc, key, body))
        self._span = self._last = None


CPU_SELECT = b"\x00\xA4\x08\x0C\x04" + DF_PREPAY + EF_CARD


class AutoProfile:
    """Tells CPU, SLE4442 and SLE4428 cards apart by asking the card (cards of
    a batch share one ATR), the kind seen last asked first, then acts as that
    kind's profile for the rest of the session."""

    def __init__(self, keys: KeyRing, commands=AcsMemoryCommands):
        self.profiles = {"cpu": CpuCardProfile()}
        for chip in CHIPS:
            self.profiles[chip] = MemoryCardProfile(keys, commands(chip))
        self.order = list(self.profiles)
        self.current = None

    @property
    def kind(self) -> str:
        return self.current.kind if self.current else "unknown"

    def begin(self) -> None:
        self.current, self._probe_sw = None, None
        for p in self.profiles.values():
            if hasattr(p, "begin"):
                p.begin()

    def _detect(self, t: Transport) -> None:
        for kind in list(self.order):
            if self._answers(t, kind):
                self.order.remove(kind)
                self.order.insert(0, kind)
                self.current = self.profiles[kind]
                return
        raise WrongCardType("The card in the reader is of a kind this station cannot use: it "
                            "answers neither as a CPU card nor as an SLE4442 or SLE4428 memory "
                            "card.")

    def _answers(self, t: Transport, kind: str) -> bool:
        try:
            if kind == "cpu":
                self._probe_sw = 0x9000
                try:
                    t.transmit(CPU_SELECT, "select the card file")
                except CardStatusError as e:
                    if e.sw != 0x6A82:  # a CPU card without the vending file is still one
                        raise
                    self._probe_sw = e.sw
            else:
                p = self.profiles[kind]
                p.cmd.select(t)
                self._probe_sw = p.cmd.tries_left(t)
            return True
        except CardStatusError:
            return False

    def open(self, t: Transport) -> None:
        if self.current is not None:
            self.current.open(t)
            return
        self._detect(t)
        if self.current.kind == "cpu":
            if self._probe_sw == 0x6A82:
                self.current.open(t)  # says why, as without probing
        else:
            self.current.selected(t, self._probe_sw)

    def personalise(self, t: Transport) -> None:
        if self.current is None:
            self._detect(t)
        self.current.personalise(t)

    def read_all(self, t: Transport) -> bytes:
        return self._now(t).read_all(t)

    def read(self, t: Transport, offset: int, length: int) -> bytes:
        return self._now(t).read(t, offset, length)

    def write(self, t: Transport, offset: int, data: bytes) -> None:
        self._now(t).write(t, offset, data)

    def write_image(self, t: Transport, data: bytes) -> None:
        self._now(t).write_image(t, data)

    def _now(self, t: Transport):
        if self.current is None:
            self._detect(t)
        return self.current
