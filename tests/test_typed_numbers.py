"""Numbers, identifiers and dates as a clerk types them: one rule for the
window and the command line. A string is read as the value a person means,
or refused with a ValidationError; never misread, never another exception."""

import pytest

from cards.errors import CardFormatError
from cards.format import _bcd
from vending_app.core import validation
from vending_app.core.conversion import parse_ratio
from vending_app.core.errors import ValidationError


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


@pytest.mark.parametrize("typed", ["20270101", "2027-W01-1", "0001-01-01", "2027-1-1", "２０２７-01-01",
                                   "2027-02-30", "1999-12-31", "2100-01-01", "2027-01-01T00:00"])
def test_a_date_is_typed_as_yyyy_mm_dd(typed):
    with pytest.raises(ValidationError):
        validation.day(typed)


def test_a_plain_date_is_read():
    assert str(validation.day(" 2027-01-01 ")) == "2027-01-01"
