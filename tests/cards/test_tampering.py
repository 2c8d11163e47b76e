"""A card edited with a hex editor, copied to another meter, or replayed:
the meter refuses it with a clear reason and the office notices."""

from pathlib import Path

import pytest

from cards import format as fmt
from cards.errors import CardAuthError, CardFormatError
from cards.station import decode_image
from cards.virtual_card import CardImage
from cards.virtual_meter import EF_PATH
from tests.cards.conftest import make_meter
from tests.conftest import open_customer

M1, M2 = "000000000001", "000000000002"


def image_bytes(path: Path) -> bytes:
    return bytes(CardImage.load(path).efs[EF_PATH])


def with_bit_flipped(src: Path, dst: Path, bit: int) -> Path:
    img = CardImage.load(src)
    img.efs[EF_PATH][bit // 8] ^= 1 << (bit % 8)
    img.save(dst)
    return dst


@pytest.fixture
def sold(office, slot, station, blank_card, keys, tmp_path):
    """A card holding one fresh purchase, and its meter."""
    open_customer(office, M1)
    slot.insert(blank_card)
    office.core.cards.issue_card(office.clerk, M1, station)
    office.core.shifts.open(office.seller, "0")
    office.core.cards.sell(office.seller, station, kwh="100")
    slot.remove()
    return make_meter(keys, M1, tmp_path)


def used_bits(raw: bytes, start: int, length: int) -> range:
    end = start + length
    while end > start and raw[end - 1] == 0:
        end -= 1
    return range(start * 8, end * 8)


def test_every_flipped_bit_in_the_purchase_record_is_refused(sold, blank_card, tmp_path):
    raw = image_bytes(blank_card)
    bits = used_bits(raw, fmt.REC_OFF, fmt.REC_LEN)
    assert len(bits) > 300
    copy = tmp_path / "tampered.json"
    for bit in bits:
        sold.state.balance_cu, sold.state.last_seq = 0, 0
        result = sold.insert(with_bit_flipped(blank_card, copy, bit))
        assert not result.accepted, bit
        assert "edited or damaged" in result.message
        assert sold.state.balance_cu == 0
    assert sold.insert(blank_card).credited_cu == 10000  # the genuine card still works


def test_every_flipped_bit_in_the_identity_is_refused(sold, blank_card, tmp_path):
    copy = tmp_path / "tampered.json"
    for bit in range(fmt.ID_LEN * 8):
        result = sold.insert(with_bit_flipped(blank_card, copy, bit))
        assert not result.accepted, bit
        assert result.message in {"forged or copied card", "card of another meter",
                                  "card written with another key version", "unreadable card"}, bit


def test_every_flipped_bit_in_a_write_back_is_noticed(sold, blank_card, keys, tmp_path):
    sold.insert(blank_card)  # the meter writes its report
    raw = image_bytes(blank_card)
    assert decode_image(raw, keys).report.remaining_kwh == 100
    for bit in used_bits(raw, fmt.WB_OFF, fmt.WB_LEN):
        flipped = bytearray(raw)
        flipped[bit // 8] ^= 1 << (bit % 8)
        reading = decode_image(bytes(flipped), keys)
        assert reading.report is None and reading.report_problem, bit


def test_forged_write_back_is_flagged_at_the_counter(sold, office, slot, station, blank_card, tmp_path):
    sold.insert(blank_card)
    raw = bytearray(image_bytes(blank_card))
    raw[fmt.WB_OFF + 9] ^= 0x40  # claim a different remaining balance
    img = CardImage.load(blank_card)
    img.efs[EF_PATH][:] = raw
    img.save(blank_card)
    slot.insert(blank_card)
    check = office.core.cards.present(office.seller, station)
    assert any(kind == "forged_writeback" for kind, _ in check.anomalies)
    with pytest.raises(Exception, match="card shows a problem"):
        office.core.cards.sell(office.seller, station, kwh="10")


def test_a_card_copied_to_another_meter_is_refused(sold, office, keys, blank_card, tmp_path):
    open_customer(office, M2)
    other = make_meter(keys, M2, tmp_path)
    result = other.insert(blank_card)
    assert not result.accepted and result.message == "card of another meter"
    # rewriting the meter number cannot be hidden without the key
    img = CardImage.load(blank_card)
    img.efs[EF_PATH][14:20] = bytes.fromhex(M2)
    img.save(tmp_path / "edited.json")
    result = other.insert(tmp_path / "edited.json")
    assert not result.accepted and result.message == "forged or copied card"
    assert other.state.balance_cu == 0 and other.state.illegal_cards == 2


def test_a_replayed_purchase_credits_nothing_and_is_noticed(sold, office, slot, station, blank_card,
                                                            tmp_path):
    old = tmp_path / "old.json"
    old.write_bytes(blank_card.read_bytes())  # a copy made right after buying
    assert sold.insert(blank_card).credited_cu == 10000
    replay = sold.insert(old)
    assert replay.credited_cu == 0 and "already applied" in replay.message
    assert sold.state.balance_cu == 10000
    # a copy carrying the meter's first report ...
    stale = tmp_path / "stale.json"
    stale.write_bytes(blank_card.read_bytes())
    slot.insert(blank_card)
    office.core.cards.present(office.seller, station)  # report 1 read
    slot.remove()
    sold.insert(blank_card)  # report 2 on the genuine card
    slot.insert(blank_card)
    office.core.cards.present(office.seller, station)  # report 2 read
    slot.remove()
    slot.insert(stale)  # ... presented after a newer one was read
    check = office.core.cards.present(office.seller, station)
    assert [k for k, _ in check.anomalies] == ["old_writeback"]
    with pytest.raises(Exception, match="card shows a problem"):
        office.core.cards.sell(office.seller, station, kwh="10")


def test_decoder_rejects_a_blank_or_foreign_card(keys):
    with pytest.raises(CardFormatError, match="blank"):
        decode_image(bytes(256), keys)
    with pytest.raises(CardFormatError):
        decode_image(b"PEC" + bytes(253), keys)
    with pytest.raises(CardAuthError):
        good = fmt.Identity(fmt.CardKind.USER, 1, "00" * 8, M1, "00000001", 1, 1200, 1, 0, "S01")
        decode_image(fmt.encode_identity(good, b"k" * 32) + bytes(192), keys)


def test_every_padding_byte_after_the_sealed_record_is_refused(sold, keys, blank_card, tmp_path):
    """The bytes after the sealed blob are outside its GCM tag: a non-zero one
    is an edited or damaged record, for the meter and for the station."""
    raw = image_bytes(blank_card)
    end = fmt.REC_OFF + 2 + raw[fmt.REC_OFF + 1]
    padding = range(end, fmt.REC_OFF + fmt.REC_LEN)
    assert len(padding) > 30 and not any(raw[end:fmt.REC_OFF + fmt.REC_LEN])
    assert decode_image(raw, keys).record_problem is None
    copy = tmp_path / "padded.json"
    for offset in padding:
        for value in (0x01, 0x80):
            img = CardImage.load(blank_card)
            img.efs[EF_PATH][offset] = value
            img.save(copy)
            reading = decode_image(bytes(img.efs[EF_PATH]), keys)
            assert reading.entries is None and reading.record_problem, offset
            sold.state.balance_cu, sold.state.last_seq = 0, 0
            result = sold.insert(copy)
            assert not result.accepted and "edited or damaged" in result.message, offset
            assert sold.state.balance_cu == 0
    sold.state.illegal_cards = 0
    assert sold.insert(blank_card).credited_cu == 10000  # the genuine card still works


def test_every_padding_byte_after_the_write_back_tag_is_noticed(sold, keys, blank_card):
    """Likewise the bytes after a report's tag: not covered by it, so they must be zero."""
    sold.insert(blank_card)
    raw = image_bytes(blank_card)
    start = fmt.WB_OFF + 1 + fmt.WB_BODY.size + 16
    assert decode_image(raw, keys).report is not None
    for offset in range(start, fmt.EF_SIZE):
        edited = bytearray(raw)
        edited[offset] = 0x01
        reading = decode_image(bytes(edited), keys)
        assert reading.report is None and reading.report_problem, offset
