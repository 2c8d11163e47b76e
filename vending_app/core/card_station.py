"""The small interface the core owns for reaching a card.

The core never imports a reader library: the card layer (``cards/``)
implements ``CardStation``, and tests may pass a fake. Everything crossing
the interface is plain data in domain units (kWh as Decimal).

The card carries one record listing every purchase the meter has not
applied yet (``entries``); the database can always say what that list must
be, so a write is idempotent and a damaged record can be rewritten.
"""

from __future__ import annotations

import enum
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal, Protocol

from vending_app.core.errors import Note, VendingError

MAX_ENTRIES = 4  # unapplied purchases one card record can carry


class MeterEvent(enum.IntFlag):
    """What a meter reports in its write-back's event flags. The numbers are
    on the card (docs/card-format.md): the card layer encodes these very flags."""

    COVER_OPEN = 1
    REVERSE_CURRENT = 2
    LOW_BALANCE_TRIP = 4
    ZERO_BALANCE_TRIP = 8
    MAGNETIC = 16
    ILLEGAL_CARD = 32


TAMPER_EVENTS = MeterEvent.COVER_OPEN | MeterEvent.MAGNETIC


@dataclass(frozen=True)
class PurchaseEntry:
    seq: int
    secondary_kwh: Decimal


@dataclass(frozen=True)
class PurchaseOrder:
    """What the card's record must hold after the write."""

    sale_id: int | None  # the sale being written; None for a recovery rewrite
    meter_number: str
    account_no: str
    entries: tuple[PurchaseEntry, ...]  # every unapplied purchase, ascending
    multiplier: int
    low_balance_threshold_kwh: Decimal  # secondary kWh (conversion.on_card_kwh)
    credit_cap_kwh: Decimal  # secondary kWh the meter may hold; 0 = no cap
    key_version: int
    station_code: str
    issued_at: datetime

    @property
    def purchase_seq(self) -> int:
        return self.entries[-1].seq if self.entries else 0

    @property
    def secondary_kwh(self) -> Decimal:
        return self.entries[-1].secondary_kwh if self.entries else Decimal("0.00")


@dataclass(frozen=True)
class MeterReport:
    """The meter's write-back (返写), in secondary kWh."""

    counter: int
    last_seq: int
    remaining_kwh: Decimal
    cumulative_kwh: Decimal
    events: int  # MeterEvent flags since the last report
    trips: int
    meter_time: datetime
    key_version: int
    illegal_cards: int


@dataclass(frozen=True)
class CardReading:
    card_serial: str
    kind: str  # user | check | parameter | key_change
    meter_number: str
    account_no: str
    key_version: int
    generation: int
    multiplier: int
    entries: tuple[PurchaseEntry, ...] | None  # None: no purchase record
    record_problem: Note | None  # the record is unreadable or fails authentication
    report: MeterReport | None
    report_problem: Note | None  # the write-back fails authentication
    chip: str = "cpu"  # cpu | sle4442 | sle4428: the kind of card, as it answered
    # The report was cut off mid-write at the meter (a memory card pulled from
    # it): unreadable, not forged; report_problem says so.
    report_torn: bool = False


@dataclass(frozen=True)
class CardProbe:
    """What is on the card in the reader, before anything is written on it.

    ``blank``: no vending file, or one never written (nothing to lose);
    ``ours``: it authenticates under this office's keys (``reading``);
    ``foreign``: anything else, another system's card or a damaged one
    (``problem`` says why it could not be read as ours)."""

    contents: Literal["blank", "ours", "foreign"]
    reading: CardReading | None = None
    problem: Note | None = None


@dataclass(frozen=True)
class CardIdentity:
    """What a newly issued card says about itself."""

    card_serial: str
    kind: str
    meter_number: str
    account_no: str
    key_version: int
    generation: int
    multiplier: int
    low_balance_threshold_kwh: Decimal  # secondary kWh (conversion.on_card_kwh)
    station_code: str
    issued_at: datetime


@dataclass(frozen=True)
class ParameterOrder:
    """What a parameter card sets in its meter (secondary kWh, converted
    from the office's primary figures by conversion.on_card_kwh)."""

    threshold_kwh: Decimal
    credit_cap_kwh: Decimal  # 0 = no cap
    issued_at: datetime


@dataclass(frozen=True)
class KeyChangeOrder:
    """Moves a meter from the card's key version to ``new_key_version``."""

    new_key_version: int
    issued_at: datetime


@dataclass(frozen=True)
class WrappedKey:
    """A master vending key as the database keeps it: wrapped under the key
    passphrase, with a fingerprint that names the key and reveals nothing."""

    version: int
    wrapped: bytes
    fingerprint: str


class UnlockedKeys(Protocol):
    """The unlocked key ring. It stays the card layer's: the core hands it
    on to a card station and tells which versions it holds."""

    @property
    def versions(self) -> list[int]: ...

    def audit_seal(self, version: int, message: bytes) -> str:
        """HMAC-SHA256 (hex) of ``message`` under the audit key of ``version``."""


class KeyVault(Protocol):
    """Key material, handled by the card layer: new master keys, wrapping
    under the passphrase, fingerprints, the key ring. The core stores and
    audits wrapped keys only (core/keys.py); no master key crosses here."""

    def new_key(self, version: int, passphrase: str) -> WrappedKey:
        """A fresh random master key for ``version``, wrapped."""

    def check(self, key: WrappedKey, passphrase: str) -> None:
        """Raise AuthenticationFailed unless ``key`` unwraps with the
        passphrase to its own version and fingerprint."""

    def unlock(self, keys: list[WrappedKey], passphrase: str) -> UnlockedKeys:
        """The key ring holding every one of ``keys``, each checked as in
        ``check``."""


class CardWriteError(VendingError):
    """The card may or may not hold the purchase: the sale stays pending."""


class CardUntouched(CardWriteError):
    """The write failed before a byte of the record was sent: no card can
    hold the purchase, so the sale is abandoned at once."""


class CardWriter(Protocol):
    def write_purchase(self, order: PurchaseOrder) -> None:
        """Make the card's record hold ``order.entries`` and clear the
        write-back; read back to verify. Raise CardWriteError if that
        cannot be confirmed."""


class CardStation(CardWriter, Protocol):
    def session(self, open_file: bool = True) -> AbstractContextManager:
        """Hold the card for a whole operation; ``open_file=False`` when it
        may be blank."""

    def read(self) -> CardReading: ...

    def clear_report(self) -> None:
        """Mark the meter's report on the card as read by the office: its
        status byte alone, so a card pulled meanwhile holds the report
        either read or unread, never damaged."""

    def probe(self) -> CardProbe:
        """Tell a blank, a foreign and one of our cards apart without failing
        on any of them (a missing or pulled card still raises)."""

    def issue(self, identity: CardIdentity,
              order: PurchaseOrder | ParameterOrder | KeyChangeOrder | None) -> None:
        """Personalise the card in the reader with ``identity`` and the record
        for ``order``, and verify it. It writes over whatever is there: the
        core probes the card first and decides (see core/card_guard.py)."""
