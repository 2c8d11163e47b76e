"""PC/SC reader access through pyscard.

One exclusive connection for a whole card operation (a sale's read, write
and read-back), an APDU trace for diagnostics, and status words turned into
typed errors. Card insertion and removal are watched on pyscard's monitor
thread and handed to a callback (the UI re-emits them as Qt signals).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime

from smartcard import scard
from smartcard.CardConnectionObserver import CardConnectionObserver
from smartcard.CardMonitoring import CardMonitor, CardObserver
from smartcard.Exceptions import CardConnectionException, NoCardException, SmartcardException
from smartcard.scard import SCARD_SHARE_EXCLUSIVE
from smartcard.System import readers as pcsc_readers

from cards.errors import CardRemoved, CardStatusError, NoCard, NoReader, ReaderBusy

log = logging.getLogger(__name__)
# The last APDUs, for the diagnostics screen and the log: ("->", command hex),
# ("<-", response hex with its status word), and ("--", when and which reader)
# where each connection starts.
TRACE = deque(maxlen=200)


def list_readers() -> list:
    try:
        return list(pcsc_readers())
    except SmartcardException as e:  # no pcscd, no readers, no context
        raise NoReader("No card reader: check that the reader is plugged in and the smart-card "
                       "service (pcscd) is running ({detail}).", detail=str(e)) from None
    except Exception as e:  # pyscard raises its own base types from the C layer
        if type(e).__module__.startswith("smartcard"):
            raise NoReader("No card reader: the smart-card service (pcscd) is not running.") from None
        raise


def pick_reader(name: str | None = None):
    name = name or os.environ.get("VENDING_READER")
    found = list_readers()
    if not found:
        raise NoReader("No card reader found: plug one in.")
    if name:
        for r in found:
            if str(r) == name or str(r).startswith(name):
                return r
        raise NoReader("Reader {name} is not connected.", name=name)
    return found[0]


def card_present(name: str | None = None) -> bool:
    """Whether pcscd itself sees a card in the reader (its event state, not
    a connection attempt: a card pulled and put back is a new insertion)."""
    reader = str(pick_reader(name))
    rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rv != scard.SCARD_S_SUCCESS:
        raise NoReader("The smart-card service (pcscd) is not running.")
    try:
        rv, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if rv != scard.SCARD_S_SUCCESS:
            raise NoReader("Reader {name} does not answer.", name=reader)
        state = states[0][1]
        return bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_EMPTY
    finally:
        scard.SCardReleaseContext(ctx)


class _Tracer(CardConnectionObserver):
    def update(self, connection, event):
        if event.type == "command":
            TRACE.append(("->", bytes(event.args[0]).hex()))
        elif event.type == "response":
            data, sw1, sw2 = event.args
            TRACE.append(("<-", bytes(data).hex() + f"{sw1:02x}{sw2:02x}"))


class Connection:
    """An exclusive connection: no other program talks to the card meanwhile."""

    def __init__(self, raw):
        self.raw = raw
        self.apdus = 0
        self.last_sw = 0

    def transmit(self, apdu: bytes, what: str, ok=(0x9000,)) -> bytes:
        self.apdus += 1
        try:
            data, sw1, sw2 = self.raw.transmit(list(apdu))
        except (CardConnectionException, NoCardException):
            raise CardRemoved("The card was removed while the station was using it ({what}). "
                              "Put it back.", what=what) from None
        status = self.last_sw = (sw1 << 8) | sw2
        if status not in ok:
            raise CardStatusError(status, what)
        return bytes(data)


def _is_sharing_violation(e: CardConnectionException) -> bool:
    """pyscard keeps PC/SC's code; it may come signed (WinSCard) or not."""
    code = getattr(e, "hresult", -1)
    return code != -1 and code & 0xFFFFFFFF == scard.SCARD_E_SHARING_VIOLATION & 0xFFFFFFFF


@contextmanager
def connect(name: str | None = None) -> Iterator[Connection]:
    reader = pick_reader(name)
    TRACE.append(("--", f"{datetime.now():%Y-%m-%d %H:%M:%S} {reader}"))
    raw = reader.createConnection()
    raw.addObserver(_Tracer())
    try:
        raw.connect(mode=SCARD_SHARE_EXCLUSIVE)
    except NoCardException:
        raise NoCard("No card in the reader: insert the customer's card.") from None
    except CardConnectionException as e:
        if _is_sharing_violation(e):
            raise ReaderBusy("Another program is using the card reader: close that program (or "
                             "wait until it has finished) and try again.") from None
        raise NoCard("The card cannot be reached ({detail}): take it out and insert it again.",
                     detail=str(e)) from None
    try:
        yield Connection(raw)
    finally:
        with suppress(SmartcardException):
            raw.disconnect()


class _Observer(CardObserver):
    def __init__(self, callback: Callable[[bool], None], reader: str | None):
        self.callback = callback
        self.reader = reader

    def _ours(self, cards) -> bool:
        return any(self.reader is None or str(c.reader).startswith(self.reader) for c in cards)

    def update(self, observable, handlers):
        added, removed = handlers
        if self._ours(added):
            self.callback(True)
        if self._ours(removed):
            self.callback(False)


class CardWatcher:
    """Calls ``callback(True)`` on insertion and ``callback(False)`` on removal,
    from pyscard's monitor thread: never touch widgets in the callback. With a
    reader named (or VENDING_READER), only that reader's cards count."""

    def __init__(self, callback: Callable[[bool], None], reader: str | None = None):
        self.monitor = CardMonitor()
        self.observer = _Observer(callback, reader or os.environ.get("VENDING_READER"))
        self.monitor.addObserver(self.observer)

    def stop(self) -> None:
        self.monitor.deleteObserver(self.observer)
