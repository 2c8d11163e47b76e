"""What can go wrong with a card or a reader, in words a seller can act on.

Every error here is a VendingError, so the UI shows it like any other; the
core catches CardWriteError (a write whose outcome is unknown) specifically.
"""

from __future__ import annotations

from vending_app.core.card_station import CardWriteError
from vending_app.core.errors import VendingError


class CardError(VendingError):
    """Base of card and reader problems."""


class NoReader(CardError):
    pass


class NoCard(CardError):
    pass


class CardRemoved(CardError):
    pass


class WrongCardType(CardError):
    pass


class CardFormatError(CardError):
    """The card's bytes do not follow the documented format."""


class CardAuthError(CardError):
    """The card's data fails authentication: edited, copied or forged."""


class CardStatusError(CardError):
    """The card answered with an ISO 7816 status word other than 9000."""

    def __init__(self, sw: int, command: str):
        self.sw = sw
        super().__init__("The card refused {command}: {meaning} (status {sw:04X}).",
                         command=command, meaning=explain(sw), sw=sw)


STATUS_WORDS = {
    0x6700: "wrong length",
    0x6982: "security status not satisfied",
    0x6983: "the card is blocked",
    0x6985: "conditions of use not satisfied",
    0x6988: "bad secure-messaging MAC",
    0x6A82: "file not found: the card is not personalised for this station",
    0x6A86: "wrong parameters P1/P2",
    0x6B00: "offset outside the file",
    0x6D00: "instruction not supported: wrong kind of card",
    0x6E00: "class not supported: wrong kind of card",
}


def explain(sw: int) -> str:
    if sw in STATUS_WORDS:
        return STATUS_WORDS[sw]
    if sw & 0xFFF0 == 0x63C0:
        return f"verification failed, {sw & 0x0F} tries left"
    if sw >> 8 == 0x61:
        return f"{sw & 0xFF} more bytes available"
    return "unknown status"


__all__ = ["CardAuthError", "CardError", "CardFormatError", "CardRemoved", "CardStatusError",
           "CardWriteError", "NoCard", "NoReader", "WrongCardType", "explain"]
