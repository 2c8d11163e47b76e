"""Checks on what a clerk types, with messages that say how to fix it."""

from __future__ import annotations

import re

from vending_app.core.errors import ValidationError

_METER = re.compile(r"^\d{12}$")
_RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
_DOCUMENT = re.compile(r"^[0-9A-Z-]{6,32}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def meter_number(text: str) -> str:
    t = str(text).strip().replace(" ", "")
    if not _METER.match(t):
        raise ValidationError(
            "Meter number '{text}' must be the 12 digits printed on the nameplate.", text=text)
    return t


def id_number(text: str) -> str:
    """A resident ID (18 characters, check digit verified) or another document number."""
    t = str(text).strip().upper().replace(" ", "")
    if _RESIDENT_ID.match(t):
        total = sum(int(c) * w for c, w in zip(t[:17], _ID_WEIGHTS, strict=True))
        if _ID_CHECK[total % 11] != t[17]:
            raise ValidationError(
                "ID number {text} has a wrong check digit: check it against the ID card.", text=t)
        return t
    if len(t) == 18 and t[:17].isdigit():
        raise ValidationError("ID number {text} must end in a digit or X.", text=t)
    if not _DOCUMENT.match(t):
        raise ValidationError(
            "ID number '{text}' must be 6-32 letters, digits or dashes.", text=text)
    return t


def resident_id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def phone(text: str) -> str:
    t = str(text).strip()
    if not _PHONE.match(t):
        raise ValidationError("Phone number '{text}' must be 6-20 digits.", text=text)
    return t


def name(text: str, what: str = "Name", maximum: int = 100) -> str:
    t = " ".join(str(text).split())
    if not t:
        raise ValidationError("Enter the {what}.", what=what.lower())
    if len(t) > maximum:
        raise ValidationError("{what} is longer than {n} characters.", what=what, n=maximum)
    return t


def reason(text: str) -> str:
    t = " ".join(str(text or "").split())
    if len(t) < 4:
        raise ValidationError("Give a reason (at least a few words): it goes on the record.")
    return t[:200]
