"""Amounts in Chinese capital numerals, as written on invoices."""

from decimal import Decimal as D

import pytest

from vending_app.core.capitals import to_capitals

CASES = [
    ("0.00", "零元整"),
    ("0.01", "壹分"),
    ("0.10", "壹角"),
    ("0.56", "伍角陆分"),
    ("1.00", "壹元整"),
    ("1.05", "壹元零伍分"),
    ("10.00", "壹拾元整"),
    ("10.50", "壹拾元零伍角"),
    ("16.00", "壹拾陆元整"),
    ("100.05", "壹佰元零伍分"),
    ("101.00", "壹佰零壹元整"),
    ("1010.00", "壹仟零壹拾元整"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("1337.75", "壹仟叁佰叁拾柒元柒角伍分"),
    ("10010.00", "壹万零壹拾元整"),
    ("105000.00", "壹拾万伍仟元整"),
    ("100500.00", "壹拾万零伍佰元整"),
    ("1000000.10", "壹佰万元零壹角"),
    ("1000000.00", "壹佰万元整"),
    ("100000001.00", "壹亿零壹元整"),
    ("123456789.01", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分"),
    ("-5.20", "负伍元贰角"),
]


@pytest.mark.parametrize("amount,words", CASES, ids=[a for a, _ in CASES])
def test_capitals(amount, words):
    assert to_capitals(D(amount)) == words
