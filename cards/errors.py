"""What can go wrong with a card or a reader, in words a seller can act on.

Every error here is a VendingError, so the UI shows it like any other; the
core catches CardWriteError (a write whose outcome is unknown) specifically.
"""

from __future__ import annotations

from vending_app.core.card_station import CardUntouched, CardWriteError
from vending_app.core.errors import Note, VendingError


class CardError(VendingError):
    """Base of card and reader problems."""


class NoReader(CardError):
    pass


class NoCard(CardError):
    pass


class ReaderBusy(CardError):
    """Another program holds the reader exclusively (SCARD_E_SHARING_VIOLATION)."""


class CardRemoved(CardError):
    pass


class WrongCardType(CardError):
    pass


class CardBound(CardError):
    """A memory card's identity is write-protected for good: it cannot be re-bound."""


class CardBlocked(CardUntouched):
    """A memory card whose PSC error counter ran out: it can never be written again."""


class CardPscRefused(CardUntouched):
    """A memory card refused the PSC the office derives for it: no second try."""


class CardFormatError(CardError):
    """The card's bytes do not follow the documented format."""


class ReportTorn(CardFormatError):
    """The meter's report on a memory card was cut off mid-write: unreadable,
    not forged (the meter writes its status byte last)."""


class CardAuthError(CardError):
    """The card's data fails authentication: edited, copied or forged."""


class CardStatusError(CardError):
    """The card answered with an ISO 7816 status word other than 9000."""

    def __init__(self, sw: int, command: str):
        self.sw = sw
        super().__init__("The card refused {command}: {meaning} (status {sw:04X}).",
                         command=command, meaning=explain(sw), sw=sw)


STATUS_WORDS = {
    0x6700: Note("wrong length"),
    0x6982: Note("security status not satisfied"),
    0x6983: Note("the card is blocked"),
    0x6985: Note("conditions of use not satisfied"),
    0x6988: Note("bad secure-messaging MAC"),
    0x6A82: Note("file not found: the card is not personalised for this station"),
    0x6A86: Note("wrong parameters P1/P2"),
    0x6B00: Note("offset outside the file"),
    0x6D00: Note("instruction not supported: wrong kind of card"),
    0x6E00: Note("class not supported: wrong kind of card"),
}


def explain(sw: int) -> Note:
    if sw in STATUS_WORDS:
        return STATUS_WORDS[sw]
    if sw & 0xFFF0 == 0x63C0:
        return Note("verification failed, {tries} tries left", tries=sw & 0x0F)
    if sw >> 8 == 0x61:
        return Note("{count} more bytes available", count=sw & 0xFF)
    return Note("unknown status")


__all__ = ["CardAuthError", "CardBlocked", "CardBound", "CardError", "CardPscRefused",
            "CardFormatError", "CardRemoved", "CardStatusError",
           "CardWriteError", "NoCard", "NoReader", "ReaderBusy", "WrongCardType", "explain"]
