"""Numbers, identifiers and dates as a clerk types them: one rule for the
window and the command line. A string is read as the value a person means,
or refused with a ValidationError; never misread, never another exception."""

import re
from decimal import Decimal as D

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cards.errors import CardFormatError
from cards.format import _bcd
from vending_app.core import validation
from vending_app.core.catalog import parse_tiers
from vending_app.core.conversion import parse_ratio
from vending_app.core.errors import ValidationError
from vending_app.core.money import parse_kwh, parse_money, parse_price


@pytest.mark.parametrize("typed,meant", [
    ("1,5", "1.5"), ("1.5", "1.5"), (" 12 ", "12"), ("0,25", "0.25"), ("1000", "1000"),
    (".5", "0.5"), ("5.", "5"), ("1234,5", "1234.5"), ("007", "7"), ("9999999.99", "9999999.99"),
])
def test_a_number_is_read_as_the_clerk_means_it(typed, meant):
    assert parse_kwh(typed) == D(meant)


def test_a_decimal_comma_carries_a_price_to_four_places():
    assert parse_price("0,5283") == D("0.5283")
    assert parse_price("0,528") == D("0.528")  # 0,528 cannot be a thousands group


@pytest.mark.parametrize("typed,message", [
    ("1,000", "without thousands separators: 1000"),
    ("12,345.5", "without thousands separators: 12345.5"),
    ("1,000,000", "without thousands separators: 1000000"),
    ("1.000,5", "one decimal point"),
    ("1,5,0", "one decimal point"),
    ("1.2.3", "one decimal point"),
    ("+5", "not a number"),
    ("-5", "more than zero"),
    ("1_000", "not a number"),
    ("5e-1", "not a number"),
    ("1e400", "not a number"),
    ("1E5", "not a number"),
    ("Infinity", "not a number"),
    ("NaN", "not a number"),
    ("inf", "not a number"),
    ("1 000", "not a number"),
    ("0x10", "not a number"),
    (".", "not a number"),
    ("١٠", "0-9"),
    ("１０", "0-9"),
    ("１０．５", "0-9"),
    ("", "Enter"),
    ("   ", "Enter"),
    ("123456789012345678901", "too long"),
])
def test_what_is_not_plainly_a_number_is_refused(typed, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        parse_kwh(typed)


def test_a_huge_input_gets_a_short_message():
    with pytest.raises(ValidationError) as e:
        parse_money("9" * 10_000)
    assert len(str(e.value)) < 120 and "too long" in str(e.value)


@pytest.mark.parametrize("value", [D("1e400"), D("-1e400"), 10 ** 400, D("1e26"), D("Infinity")],
                         ids=["1e400", "-1e400", "int 10**400", "1e26", "Infinity"])
def test_huge_values_from_code_are_refused_not_crashed(value):
    for parse in (parse_money, parse_kwh, parse_price):
        with pytest.raises(ValidationError):
            parse(value)


def meant(typed: str) -> D:
    """What a person means by a plain number: digits, one decimal point or one decimal comma."""
    t = typed.strip()
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    return D(t)


tricky = st.text(alphabet="0123456789.,+-_eE xX ١٠１０．，\u3000\t", max_size=25)


@given(st.one_of(st.text(max_size=40), tricky))
@example("1,000")
@example("1e400")
@example("١٠")
@example("9" * 10_000)
@example("NaN")
def test_every_string_is_read_as_meant_or_refused(typed):
    for parse in (parse_money, parse_kwh, parse_price):
        try:
            got = parse(typed, allow_zero=True)
        except ValidationError:
            continue
        assert set(typed.strip()) <= set("0123456789.,"), typed
        assert got == meant(typed)


@given(st.integers(min_value=1, max_value=999_999_999), st.booleans())
def test_every_amount_typed_plainly_is_read_exactly(fen, comma):
    amount = D(fen) / 100
    text = f"{amount:.2f}"
    assert parse_money(text.replace(".", ",") if comma else text) == amount


@pytest.mark.parametrize("typed", ["０００００００００１２３", "٠٠٠٠٠٠٠٠٠١٢٣", "00000000012３"])
def test_a_meter_number_is_ascii_digits(typed):
    with pytest.raises(ValidationError, match="0-9"):
        validation.meter_number(typed)


def test_a_pasted_page_is_not_quoted_whole():
    for check in (validation.meter_number, validation.phone, validation.id_number,
                  validation.day):
        with pytest.raises(ValidationError) as e:
            check("x" * 10_000)
        assert len(str(e.value)) < 200 and "x" * 39 + "…" in str(e.value)


def test_whole_numbers_are_ascii_digits():
    assert validation.whole(" 30 ") == 30 and parse_ratio("150/5") == 30
    for typed in ("+5", "1_0", "１０", "٥", "-1", "1e3", "9" * 5000):
        with pytest.raises(ValueError):
            validation.whole(typed)
        with pytest.raises(ValidationError):
            parse_ratio(typed)


def test_identifiers_are_ascii_digits():
    with pytest.raises(ValidationError, match="0-9"):
        validation.id_number("１１０１０１１９８００１０１００１Ｘ")
    with pytest.raises(ValidationError):
        validation.phone("１３９００００００００")
    with pytest.raises(CardFormatError):
        _bcd("０００００００００１２３", 6)


def test_tariff_tiers_keep_commas_as_list_separators():
    tiers = parse_tiers("2160:0.5283,4200:0.6083,*:0.8583")
    assert [(t.upto_kwh, t.price) for t in tiers] == [
        (D("2160.00"), D("0.5283")), (D("4200.00"), D("0.6083")), (None, D("0.8583"))]
    assert [t.price for t in parse_tiers("0.5283")] == [D("0.5283")]


@pytest.mark.parametrize("spec,message", [
    ("2160:1e400,*:0.8583", "not a number"),
    ("1e400:0.5,*:0.8583", "not a number"),
    ("0,5283", "UPTO:PRICE"),
    ("2160:0,5283,*:0,8583", "UPTO:PRICE"),
])
def test_bad_tiers_are_refused_clearly(spec, message):
    with pytest.raises(ValidationError, match=message):
        parse_tiers(spec)


@pytest.mark.parametrize("typed", ["20270101", "2027-W01-1", "0001-01-01", "2027-1-1", "２０２７-01-01",
                                   "2027-02-30", "1999-12-31", "2100-01-01", "2027-01-01T00:00"])
def test_a_date_is_typed_as_yyyy_mm_dd(typed):
    with pytest.raises(ValidationError):
        validation.day(typed)


def test_a_plain_date_is_read():
    assert str(validation.day(" 2027-01-01 ")) == "2027-01-01"


def test_the_window_does_not_strip_thousands_separators(qapp):
    from PySide6.QtCore import QLocale

    from vending_app.ui import i18n
    before = QLocale()
    try:
        for lang in (QLocale.Language.English, QLocale.Language.Chinese):
            QLocale.setDefault(QLocale(lang))
            with pytest.raises(ValidationError, match="thousands"):
                parse_kwh(i18n.parse_decimal("1,000"))
            assert parse_kwh(i18n.parse_decimal(" 1,5 ")) == D("1.5")
    finally:
        QLocale.setDefault(before)
