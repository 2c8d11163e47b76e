"""Fixtures for the real card stack: keys, the station over pyscard, the
virtual meter (pcscd + vpcd and the virtual card slot are in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards import crypto
from cards.keyring import KeyRing
from cards.station import PcscCardStation
from cards.virtual_meter import VirtualMeter

KINDS = ["cpu", "sle4442", "sle4428"]
SALE_APDUS = {"cpu": 4, "sle4442": 6, "sle4428": 6}  # memory: select type, error counter,
# read, present PSC, write, read back


def kinds_fixture():
    """A module's autouse fixture: every test of it on each kind of card."""
    @pytest.fixture(params=KINDS, autouse=True)
    def card_kind(request, slot):
        slot.kind = request.param
        return request.param
    return card_kind


@pytest.fixture
def master() -> bytes:
    return crypto.new_master_key()


@pytest.fixture
def keys(master) -> KeyRing:
    return KeyRing({1: master})


@pytest.fixture
def station(keys, pcsc_ready) -> PcscCardStation:
    return PcscCardStation(keys)


@pytest.fixture
def blank_card(tmp_path) -> Path:
    return tmp_path / "card.json"


def make_meter(keys: KeyRing, number: str, tmp_path: Path, threshold_cu: int = 1200) -> VirtualMeter:
    return VirtualMeter.create(number, keys.meter_key(1, number), 1, threshold_cu,
                               tmp_path / f"meter-{number}.json")


def pytest_collection_modifyitems(config, items):
    """Memory cards run on SQLite (the database never sees the kind of card)
    but for the tests a module lists in MEMORY_ON_POSTGRESQL, which run on an
    SLE4442 on PostgreSQL too (the flows where the database matters: sale,
    reissue, settling after a fault); and not the tests a module lists in
    CPU_ONLY (the meter's own logic, the same whatever the card)."""
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        memory = params.get("card_kind", "cpu") != "cpu"
        one_kind = (params.get("card_kind") == "sle4428"
                    and item.originalname in getattr(item.module, "SLE4442_ONLY", ()))
        on_pg = (params.get("card_kind") == "sle4442"
                 and item.originalname in getattr(item.module, "MEMORY_ON_POSTGRESQL", ()))
        if memory and ((params.get("backend") == "postgresql" and not on_pg) or one_kind
                       or item.originalname in getattr(item.module, "CPU_ONLY", ())):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
