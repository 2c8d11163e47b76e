"""Fixtures for the real card stack: pcscd + vpcd (started by scripts/test.sh),
pyscard, the virtual card process and the virtual meter."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cards import crypto
from cards.keyring import KeyRing
from cards.station import PcscCardStation
from cards.virtual_meter import VirtualMeter
from cards.vpcd_slot import VirtualSlot


@pytest.fixture(scope="session")
def pcsc_ready():
    if not os.environ.get("VENDING_VPCD_NETNS"):
        pytest.fail("pcscd with the virtual reader is not running: run the suite with "
                    "scripts/test.sh, which starts it.")


@pytest.fixture
def master() -> bytes:
    return crypto.new_master_key()


@pytest.fixture
def keys(master) -> KeyRing:
    return KeyRing({1: master})


@pytest.fixture
def slot(pcsc_ready):
    s = VirtualSlot()
    yield s
    s.remove()


@pytest.fixture
def station(keys, pcsc_ready) -> PcscCardStation:
    return PcscCardStation(keys)


@pytest.fixture
def blank_card(tmp_path) -> Path:
    return tmp_path / "card.json"


def make_meter(keys: KeyRing, number: str, tmp_path: Path, threshold_cu: int = 1200) -> VirtualMeter:
    return VirtualMeter.create(number, keys.meter_key(1, number), 1, threshold_cu,
                               tmp_path / f"meter-{number}.json")
