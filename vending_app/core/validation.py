"""Checks on what a clerk types, with messages that say how to fix it."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from vending_app.core.errors import ValidationError, echo

# Explicit [0-9], never \d: \d and str.isdigit also take full-width and
# Arabic-Indic digits, which look right on screen and break the card format.
_METER = re.compile(r"[0-9]{12}")
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_DOCUMENT = re.compile(r"[0-9A-Z-]{6,32}")
_PHONE = re.compile(r"\+?[0-9][0-9 -]{5,19}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE = re.compile(r"[0-9]{1,9}")
FIRST_YEAR, LAST_YEAR = 2000, 2099
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


_STATION = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")


def station_code(text) -> str:
    """A station's code as receipts and the registry show it (S01): 1-16
    ASCII letters, digits or dashes; never a pasted page or control characters."""
    t = str(text).strip().upper()
    if not _STATION.fullmatch(t):
        raise ValidationError("Station code '{text}' must be 1-16 letters or digits, like S01.",
                              text=echo(t))
    return t


def ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def whole(text) -> int:
    """ASCII digits (at most 9) as an int; ValueError otherwise, for the
    caller's own message. int() alone takes '+5', '1_0', '１０' and '٥'."""
    t = str(text).strip()
    if not _WHOLE.fullmatch(t):
        raise ValueError(f"not a whole number: {echo(t)}")
    return int(t)


def whole_in(text, what: str, lo: int, hi: int) -> int:
    """A whole number typed by the operator, from ``lo`` to ``hi``: a clear
    refusal otherwise (a sign, a letter, a decimal point)."""
    try:
        n = whole(text)
    except ValueError:
        n = None
    if n is None or not lo <= n <= hi:
        raise ValidationError("{what} must be a whole number from {lo} to {hi}: '{value}' is "
                              "not.", what=what, lo=lo, hi=hi, value=echo(str(text).strip()))
    return n


def ascii_text(text: str, what: str) -> str:
    """Refuse full-width (IME) and other non-ASCII characters with a message
    that says how to type them, before a narrower rule rejects them vaguely."""
    if not text.isascii():
        raise ValidationError("{what} '{text}' has full-width or other non-ASCII characters: type "
                              "the digits 0-9 in half-width (English) input mode.",
                              what=what, text=echo(text))
    return text


def meter_number(text: str) -> str:
    t = ascii_text(str(text).strip().replace(" ", ""), "Meter number")
    if not _METER.fullmatch(t):
        raise ValidationError(
            "Meter number '{text}' must be the 12 digits printed on the nameplate.",
            text=echo(text))
    return t


def id_number(text: str) -> str:
    """A resident ID (18 characters, check digit verified) or another document number."""
    t = ascii_text(str(text).strip(), "ID number").upper().replace(" ", "")
    if _RESIDENT_ID.fullmatch(t):
        total = sum(int(c) * w for c, w in zip(t[:17], _ID_WEIGHTS, strict=True))
        if _ID_CHECK[total % 11] != t[17]:
            raise ValidationError(
                "ID number {text} has a wrong check digit: check it against the ID card.", text=t)
        return t
    if len(t) == 18 and ascii_digits(t[:17]):
        raise ValidationError("ID number {text} must end in a digit or X.", text=t)
    if not _DOCUMENT.fullmatch(t):
        raise ValidationError(
            "ID number '{text}' must be 6-32 letters, digits or dashes.", text=echo(text))
    return t


def resident_id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def phone(text: str) -> str:
    t = ascii_text(str(text).strip(), "Phone number")
    if not _PHONE.fullmatch(t):
        raise ValidationError("Phone number '{text}' must be 6-20 digits.", text=echo(text))
    return t


def day(text: str, what: str = "Date") -> date:
    """A date typed as YYYY-MM-DD in the years the station can be in; not the
    other forms date.fromisoformat takes (20270101, 2027-W01-1, 0001-01-01)."""
    t = str(text).strip()
    try:
        if not _DAY.fullmatch(t):
            raise ValueError
        d = date.fromisoformat(t)
    except ValueError:
        raise ValidationError("{what} '{text}' is not a date like 2026-03-01.", what=what,
                              text=echo(t)) from None
    if not FIRST_YEAR <= d.year <= LAST_YEAR:
        raise ValidationError("{what} {text} is outside the years {first}-{last}.", what=what,
                              text=t, first=FIRST_YEAR, last=LAST_YEAR)
    return d


def printable(text: str, what: str, keep: str = "") -> str:
    """Refuse control and format characters (NUL, escape sequences, direction
    overrides, ...): they print as nothing or rearrange what is printed
    around them on receipts and screens, and PostgreSQL refuses NUL."""
    if text.isprintable():  # none of those categories (the common case, fast)
        return text
    for ch in text:
        if ch not in keep and unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise ValidationError("{what} contains an invisible or control character "
                                  "(U+{code:04X}): type it again without it.",
                                  what=what, code=ord(ch))
    return text


def mid_sentence(what: str) -> str:
    """A field's name inside a sentence ("Enter the counted cash."): its
    first letter small, an abbreviation kept as it is ("CT ratio")."""
    return what if what[1:2].isupper() else what[:1].lower() + what[1:]


def name(text: str, what: str = "Name", maximum: int = 100) -> str:
    t = " ".join(str(text).split())
    if not t:
        raise ValidationError("Enter the {what}.", what=mid_sentence(what))
    if len(t) > maximum:
        raise ValidationError("{what} is longer than {n} characters.", what=what, n=maximum)
    return printable(t, what)


def reason(text: str) -> str:
    t = " ".join(str(text or "").split())
    if len(t) < 4:
        raise ValidationError("Give a reason (at least a few words): it goes on the record.")
    return printable(t[:200], "The reason")


_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def year_month(text: str, what: str = "Month") -> tuple[int, int]:
    """A month typed as YYYY-MM, in the years the station can be in."""
    t = str(text).strip()
    m = _YEAR_MONTH.fullmatch(t)
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValidationError("{what} '{text}' is not a month like 2026-03.", what=what,
                              text=echo(t))
    year, month = int(m[1]), int(m[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError("{what} {text} is outside the years {first}-{last}.", what=what,
                              text=t, first=FIRST_YEAR, last=LAST_YEAR)
    return year, month
