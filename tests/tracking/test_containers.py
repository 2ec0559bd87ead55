"""ISO 6346 check digits, against a published example and an independent implementation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.errors import InvalidInput
from corridors.tracking.containers import check_digit, normalise_container

# Letter values as tabulated in ISO 6346 (A=10, then +1 skipping 11, 22 and 33).
TABLE = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
    10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38,
], strict=True))  # fmt: skip


def oracle(first_ten: str) -> int:
    values = [TABLE[c] if c.isalpha() else int(c) for c in first_ten]
    total = sum(v * 2**i for i, v in enumerate(values))
    return (total % 11) % 10


def test_published_example() -> None:
    assert check_digit("CSQU305438") == 3
    assert normalise_container("csqu 305438-3") == "CSQU3054383"


owner = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
category = st.sampled_from("UJZ")
serial = st.text(alphabet="0123456789", min_size=6, max_size=6)


@given(owner, category, serial)
def test_matches_the_oracle(o: str, c: str, s: str) -> None:
    assert check_digit(o + c + s) == oracle(o + c + s)


@given(owner, category, serial, st.integers(0, 9))
def test_accepts_exactly_the_right_digit(o: str, c: str, s: str, digit: int) -> None:
    number = f"{o}{c}{s}{digit}"
    if digit == oracle(o + c + s):
        assert normalise_container(number) == number
    else:
        with pytest.raises(InvalidInput) as err:
            normalise_container(number)
        assert number in err.value.message
        assert f"expected {oracle(o + c + s)}" in err.value.message


@pytest.mark.parametrize("bad", ["", "CSQU305438", "CSQX3054383", "C5QU3054383", "CSQU30543833"])
def test_wrong_shape(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        normalise_container(bad)
    assert "ISO 6346" in err.value.message
