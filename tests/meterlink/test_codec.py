"""The DL/T 645 codec on its own: the standard's frames, round trips, and
what a damaged frame does."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meterlink import dlt645
from meterlink.dlt645 import ITEMS, FrameError


def test_a_read_request_is_the_frame_of_the_standard():
    # read forward active total (DI 00 01 00 00) from meter 000102030425: the
    # address goes low byte first, every data byte +33H, checksum from the first 68
    frame = dlt645.read_request("000102030425", ITEMS["energy_forward"])
    assert frame.hex(" ") == "fe fe fe fe 68 25 04 03 02 01 00 68 11 04 33 33 34 33 e1 16"
    assert dlt645.encode(dlt645.WILDCARD, dlt645.READ_ADDRESS, wake_up=False).hex(" ") == \
        "68 aa aa aa aa aa aa 68 13 00 df 16"


def test_an_answer_of_the_standard_decodes_to_its_value():
    answer = bytes.fromhex("fefe 68 25 04 03 02 01 00 68 91 08 33 33 34 33 75 39 45 33 8b 16")
    frame, used = dlt645.decode(answer)
    assert used == len(answer) and frame.is_reply and not frame.is_error
    assert frame.address == "000102030425" and frame.function == dlt645.READ_DATA
    assert dlt645.value(ITEMS["energy_forward"], frame.data[4:]) == D("1206.42")


@given(address=st.from_regex(r"\A[0-9]{12}\Z"), control=st.integers(0, 255),
       data=st.binary(max_size=dlt645.MAX_DATA), noise=st.binary(max_size=8).filter(
           lambda b: 0x68 not in b))
def test_any_frame_survives_a_round_trip_behind_noise(address, control, data, noise):
    raw = noise + dlt645.encode(address, control, data)
    frame, used = dlt645.decode(raw)
    assert (frame.address, frame.control, frame.data, used) == (address, control, data, len(raw))


@given(number=st.decimals(min_value=D("-799999.99"), max_value=D("799999.99"), places=2))
def test_signed_energy_values_round_trip(number):
    item = ITEMS["energy_total"]
    assert dlt645.value(item, dlt645.encode_value(item, number)) == number


def test_incomplete_frames_wait_for_more_and_damaged_ones_are_refused():
    raw = dlt645.encode("000000000001", 0x91, b"\x00\x00\x00\x00\x12\x34\x00\x00")
    for cut in range(len(raw)):
        frame, _ = dlt645.decode(raw[:cut])
        assert frame is None
    flipped = bytearray(raw)
    flipped[-5] ^= 0x10  # a data bit flipped on the line
    with pytest.raises(FrameError, match="checksum"):
        dlt645.decode(bytes(flipped))
    no_end = raw[:-1] + b"\x00"
    with pytest.raises(FrameError, match="end byte"):
        dlt645.decode(no_end)
    with pytest.raises(FrameError, match="not BCD"):
        dlt645.value(ITEMS["energy_total"], b"\x1a\x00\x00\x00")
    with pytest.raises(FrameError, match="12 digits"):
        dlt645.address_bytes("12345678901234")


def test_error_words_say_what_the_meter_meant():
    assert "no such data" in dlt645.error_meaning(0x02)
    assert "password" in dlt645.error_meaning(0x04)
    assert "error word 05" in dlt645.error_meaning(0x05)
