"""ISO 6346 container numbers: owner code, category, serial number and check digit."""

from __future__ import annotations

import re

from corridors.errors import InvalidInput

__all__ = ["check_digit", "normalise_container"]

_SHAPE = re.compile(r"^[A-Z]{3}[UJZ][0-9]{6}[0-9]$")
# Letter values skip 11, 22 and 33 (multiples of 11), as the standard prescribes.
_LETTERS = {
    ch: v
    for ch, v in zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [v for v in range(10, 39) if v % 11 != 0],
        strict=True,
    )
}


def check_digit(first_ten: str) -> int:
    """Check digit for the first ten characters (owner code, category, serial)."""
    total = 0
    for i, ch in enumerate(first_ten):
        value = _LETTERS[ch] if ch.isalpha() else int(ch)
        total += value << i
    return total % 11 % 10


def normalise_container(value: str, *, field: str = "container") -> str:
    """Upper-case, strip spaces and dashes, and validate shape and check digit."""
    number = re.sub(r"[\s-]", "", value).upper()
    if not _SHAPE.match(number):
        raise InvalidInput(
            f"container {value!r} is not an ISO 6346 number",
            hint="4 letters (owner code + U, J or Z), 6 digits and a check digit, e.g. CSQU3054383",
            field=field,
        )
    expected = check_digit(number[:10])
    if int(number[10]) != expected:
        raise InvalidInput(
            f"container {number}: check digit is {number[10]}, expected {expected} (ISO 6346)",
            hint="recheck the number on the container door; a typo in any character "
            "changes the check digit",
            field=field,
        )
    return number
