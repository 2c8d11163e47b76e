"""The card decoder on random and mutated images: only the documented
exceptions (CardFormatError, CardAuthError) ever come out."""

import contextlib
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cards import crypto
from cards import format as fmt
from cards.errors import CardAuthError, CardFormatError
from cards.keyring import KeyRing
from cards.station import decode_image, identity_of, record_of
from vending_app.core.card_station import CardIdentity, PurchaseEntry, PurchaseOrder

KEYS = KeyRing({1: crypto.new_master_key(), 2: crypto.new_master_key()})
M1 = "000000000001"


def valid_image() -> bytes:
    ident = identity_of(CardIdentity("0123456789abcdef", "user", M1, "00000001", 1, 1, 30,
                                     Decimal("36.00"), "S01", datetime.now(UTC)))
    order = PurchaseOrder(1, M1, "00000001", (PurchaseEntry(1, Decimal("3.33")),
                                               PurchaseEntry(2, Decimal("1.00"))), 30,
                          Decimal("36.00"), Decimal("0"), 1, "S01", datetime.now(UTC))
    key = KEYS.meter_key(1, M1)
    wb = fmt.WriteBack(3, 0, 120, 5000, 1, 0, 1_700_000_000, 1, 0)
    return (fmt.encode_identity(ident, key) + fmt.encode_record(record_of(order), key, ident.body())
            + fmt.encode_writeback(wb, key, ident.body()))


VALID = valid_image()


def decode(raw: bytes) -> None:
    try:
        decode_image(raw, KEYS)
    except (CardFormatError, CardAuthError):
        pass
    except Exception as e:  # the vending StateError for an unknown key version is documented too
        if type(e).__name__ != "StateError":
            raise


def test_the_valid_image_decodes():
    reading = decode_image(VALID, KEYS)
    assert [e.seq for e in reading.entries] == [1, 2] and reading.report.counter == 3


@settings(max_examples=400, deadline=None)
@given(st.binary(min_size=256, max_size=256))
def test_random_images(raw):
    decode(raw)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=12))
def test_mutated_images(mutations):
    raw = bytearray(VALID)
    for pos, value in mutations:
        raw[pos] = value
    decode(bytes(raw))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_wrong_sizes(raw):
    with contextlib.suppress(CardFormatError, CardAuthError):
        decode_image(raw, KEYS)
