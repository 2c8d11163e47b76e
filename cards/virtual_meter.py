"""The virtual prepaid meter: what the customer's meter does with the card.

It holds only its own diversified key (as a real meter would) and acts on
the same card image files the virtual card serves. On insertion it checks
the card is its own (meter number, key, card generation), applies each
purchase once by sequence, refuses edited or replayed records, and writes
its authenticated report back onto the card. Between insertions it
consumes energy: below the low-balance threshold it trips once as a warning
(re-inserting the card restores power), at zero it trips for good until a
purchase arrives.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cards import format as fmt
from cards import memory_layout as lay
from cards.errors import CardAuthError, CardFormatError
from cards.memory_chip import MemoryChip, MemoryImage, is_memory_image
from cards.virtual_card import CardImage

EF_PATH = "3F00/1001/0001"
RECORD_OF_KIND = {fmt.CardKind.USER: fmt.PurchaseRecord, fmt.CardKind.CHECK: type(None),
                  fmt.CardKind.PARAMETER: fmt.ParameterRecord,
                  fmt.CardKind.KEY_CHANGE: fmt.KeyChangeRecord}


@dataclass
class MeterState:
    number: str
    key_version: int
    key_hex: str  # the meter's own key, installed at personalisation
    threshold_cu: int
    balance_cu: int = 0
    cumulative_cu: int = 0
    last_seq: int = 0
    generation: int = 0
    counter: int = 0
    credit_cap_cu: int = 0
    power_on: bool = False
    warned: bool = False  # tripped once below the threshold
    events: int = 0
    trips: int = 0
    illegal_cards: int = 0
    log: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InsertResult:
    accepted: bool
    message: str
    credited_cu: int = 0


REPORT_WRITE_LEN = lay.SEGMENTS[-1].length + 1  # bytes a report's write sends (write_report)


def write_report(chip: MemoryChip, report: bytes, torn_at: int | None = None) -> None:
    """The report onto a memory card, which writes byte by byte: its status
    byte says "being written" first and "present" last, so a card pulled
    part-way shows an incomplete report, never a mix read as a report.
    ``torn_at``: only that many of the write's bytes reach the card."""
    at = lay.SEGMENTS[-1].physical
    left = len(report) + 1 if torn_at is None else torn_at
    for addr, data in ((at, bytes([fmt.WB_WRITING])), (at + 1, report[1:]), (at, report[:1])):
        keep = min(left, len(data))
        chip.write(addr, data, keep)
        left -= keep
        if keep < len(data):
            return


class VirtualMeter:
    def __init__(self, state: MeterState, path: Path | None = None):
        self.state = state
        self.path = path

    @classmethod
    def create(cls, number: str, key: bytes, key_version: int, threshold_cu: int,
               path: Path | None = None) -> VirtualMeter:
        m = cls(MeterState(number, key_version, key.hex(), threshold_cu), path)
        m.save()
        return m

    @classmethod
    def load(cls, path: Path, key_for: Callable[[int], bytes] | None = None) -> VirtualMeter:
        """The meter's state from its file; its key, which the file never
        holds, from ``key_for(key_version)`` (the station's unlocked keys)."""
        data = json.loads(Path(path).read_text())
        data.pop("key_hex", None)  # an older file's key in clear is not trusted nor kept
        key = key_for(data["key_version"]).hex() if key_for else ""
        return cls(MeterState(**data, key_hex=key), Path(path))

    def save(self) -> None:
        """Everything but the key: a meter's key in clear in a file would
        let anyone who reads the folder forge that meter's cards."""
        if self.path:
            state = asdict(self.state)
            del state["key_hex"]
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(state, indent=1))
            tmp.replace(self.path)

    @property
    def key(self) -> bytes:
        if not self.state.key_hex:
            raise CardAuthError("the virtual meter was loaded without its key")
        return bytes.fromhex(self.state.key_hex)

    # --- the card slot ------------------------------------------------------
    def insert(self, image_path: Path, now: int | None = None,
               report_torn_at: int | None = None) -> InsertResult:
        """``report_torn_at``: on a memory card, the card is pulled after that
        many bytes of the report's write (``insert_memory``)."""
        path = Path(image_path)
        if is_memory_image(path):
            mem = MemoryImage.from_json(path.read_text())
            result = self.insert_memory(mem, now or int(time.time()), report_torn_at)
            mem.save(path)
        else:
            image = CardImage.load(path)
            result = self._insert(image, now or int(time.time()))
            image.save(path)
        self.state.log.append(result.message)
        self.save()
        return result

    def insert_memory(self, mem: MemoryImage, now: int,
                      report_torn_at: int | None = None) -> InsertResult:
        """A memory card: the same checks on the same image, then the report
        written with the card's PSC, which the meter opens with its own key.
        ``report_torn_at``: the card leaves after that many bytes of the
        report's write (``write_report``)."""
        chip = MemoryChip(mem)
        phys = chip.read(lay.SPAN_FROM, lay.SPAN_TO - lay.SPAN_FROM)
        logical = bytearray(lay.to_logical(phys))
        try:
            ident = fmt.decode_identity(bytes(logical[:fmt.ID_LEN]))
        except CardFormatError:
            return self._refuse("not a card for this meter (blank or foreign)", illegal=True)
        if ident.meter_number != self.state.number:
            return self._refuse("card of another meter", illegal=True)
        if ident.key_version != self.state.key_version:
            return self._refuse("card written with another key version", illegal=True)
        try:
            psc = lay.open_psc(phys[lay.PSC_BLOB_AT - lay.SPAN_FROM:], self.key,
                               bytes(logical[:fmt.ID_BODY]))
        except (CardAuthError, CardFormatError):  # its PSC is not sealed for this meter
            return self._refuse("forged or copied card", illegal=True)
        if chip.present(psc) != mem.type.tries:
            return self._refuse("the card refused its PSC: it is blocked or not genuine",
                                illegal=True)
        image = CardImage(efs={EF_PATH: logical})
        result = self._insert(image, now)
        if result.accepted:
            wb_len = lay.SEGMENTS[-1].length
            write_report(chip, bytes(logical[fmt.WB_OFF:fmt.WB_OFF + wb_len]), report_torn_at)
        return result

    def _refuse(self, message: str, illegal: bool = False) -> InsertResult:
        if illegal:
            self.state.illegal_cards += 1
            self.state.events |= fmt.Event.ILLEGAL_CARD
        return InsertResult(False, message)

    def _insert(self, image: CardImage, now: int) -> InsertResult:
        ef = image.efs.get(EF_PATH)
        if ef is None or len(ef) != fmt.EF_SIZE:
            return self._refuse("not a card for this meter (blank or foreign)", illegal=True)
        id_raw, rec_raw, wb_raw = fmt.split(bytes(ef))
        ident = self._identity(id_raw)
        if isinstance(ident, InsertResult):
            return ident
        try:
            rec = fmt.decode_record(rec_raw, self.key, id_raw[:fmt.ID_BODY])
        except (CardAuthError, CardFormatError):
            return self._refuse("the purchase record was edited or damaged", illegal=True)
        if type(rec) is not RECORD_OF_KIND[ident.kind] and rec is not None:
            return self._refuse("the card's record does not match its kind", illegal=True)
        done = self._apply(rec, wb_raw)
        if isinstance(done, InsertResult):
            return done
        credited, note = done
        st = self.state
        if st.balance_cu > 0:
            st.power_on = True
            if st.balance_cu >= st.threshold_cu:
                st.warned = False
        self._write_back(image, ident, now)
        return InsertResult(True, note, credited)

    def _identity(self, id_raw: bytes) -> fmt.Identity | InsertResult:
        """The card's identity if it is this meter's genuine, current card;
        else the refusal."""
        st = self.state
        try:
            ident = fmt.decode_identity(id_raw)
        except CardFormatError:
            return self._refuse("unreadable card", illegal=True)
        if ident.meter_number != st.number:
            return self._refuse("card of another meter", illegal=True)
        if ident.key_version != st.key_version:
            return self._refuse("card written with another key version", illegal=True)
        try:
            fmt.verify_identity(id_raw, self.key)
        except CardAuthError:
            return self._refuse("forged or copied card", illegal=True)
        if ident.kind == fmt.CardKind.USER:  # tool cards carry no generation
            if ident.generation < st.generation:
                return self._refuse("this card was replaced by a newer one", illegal=True)
            st.generation = ident.generation
        return ident

    def _apply(self, rec, wb_raw: bytes) -> tuple[int, str] | InsertResult:
        """What the record does to the meter: (energy credited, what it says)."""
        st = self.state
        if isinstance(rec, fmt.PurchaseRecord):
            return self._credit(rec, wb_raw)
        if isinstance(rec, fmt.ParameterRecord):
            st.threshold_cu, st.credit_cap_cu = rec.threshold_cu, rec.credit_cap_cu
            return 0, "parameters set"
        if isinstance(rec, fmt.KeyChangeRecord):
            st.key_hex, st.key_version = rec.new_meter_key.hex(), rec.new_key_version
            return 0, f"moved to key version {rec.new_key_version}"
        return 0, "registers read"

    def _credit(self, rec: fmt.PurchaseRecord, wb_raw: bytes) -> tuple[int, str] | InsertResult:
        """Each purchase once, in order, within the credit cap."""
        st = self.state
        fresh = [e for e in rec.entries if e.seq > st.last_seq]
        try:
            unread = fmt.decode_writeback(wb_raw) is not None
        except CardFormatError:
            unread = False  # a damaged report is simply written over
        if fresh and unread:
            return self._refuse("the card's last report was not read at the office")
        if fresh and rec.entries[0].seq > st.last_seq + 1:
            return self._refuse("a purchase is missing: take the card to the office")
        credited = sum(e.kwh_cu for e in fresh)
        cap = rec.credit_cap_cu or st.credit_cap_cu
        if fresh and cap and st.balance_cu + credited > cap:
            return self._refuse("the purchase would exceed the meter's credit cap")
        st.balance_cu += credited
        st.last_seq = max(st.last_seq, rec.last_seq)
        return credited, (f"credited {credited / 100:.2f} kWh" if credited
                          else "purchase already applied: nothing credited")

    def _write_back(self, image: CardImage, ident: fmt.Identity, now: int) -> None:
        st = self.state
        st.counter += 1
        wb = fmt.WriteBack(st.counter, st.last_seq, st.balance_cu, st.cumulative_cu, st.events,
                           st.trips, now, st.key_version, st.illegal_cards)
        # Tagged with the key the meter holds now (after a key change, the new one).
        image.efs[EF_PATH][fmt.WB_OFF:fmt.WB_OFF + fmt.WB_LEN] = fmt.encode_writeback(
            wb, self.key, ident.body())
        st.events = 0

    # --- the load -----------------------------------------------------------
    def consume(self, kwh_cu: int) -> int:
        """Run the load for ``kwh_cu``; returns what was actually delivered."""
        st = self.state
        delivered = 0
        while delivered < kwh_cu and st.power_on:
            step = min(kwh_cu - delivered, st.balance_cu)
            if not st.warned and st.balance_cu > st.threshold_cu:
                step = min(step, st.balance_cu - st.threshold_cu + 1)
            st.balance_cu -= step
            st.cumulative_cu += step
            delivered += step
            if st.balance_cu == 0:
                st.power_on = False
                st.trips += 1
                st.events |= fmt.Event.ZERO_BALANCE_TRIP
            elif not st.warned and st.balance_cu < st.threshold_cu:
                st.power_on, st.warned = False, True
                st.trips += 1
                st.events |= fmt.Event.LOW_BALANCE_TRIP
        self.save()
        return delivered

    def tamper(self, event: fmt.Event) -> None:
        self.state.events |= event
        self.save()
