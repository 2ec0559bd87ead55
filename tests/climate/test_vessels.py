"""Payload and units per sailing as a function of draft."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.climate import bundled_model, payload, units_per_sailing
from corridors.climate.vessels import loaded_draft
from corridors.errors import InvalidInput, NotFound

VESSELS = sorted(bundled_model().vessels)
drafts = st.floats(min_value=0, max_value=12, allow_nan=False)


def test_full_draft_gives_deadweight_less_constants() -> None:
    for vessel in bundled_model().vessels.values():
        assert payload(vessel, vessel.design_draft_m) == vessel.deadweight_t - vessel.constants_t


def test_each_centimetre_of_draft_costs_one_tpc() -> None:
    # Hand-computed from corridor-facts §8.3: TPC = 0.85 * 150 * 20 * 1.01 / 100 = 25.755 t/cm.
    tanker = bundled_model().vessel("tanker")
    assert tanker.tpc == pytest.approx(25.755)
    assert payload(tanker, 6.3) - payload(tanker, 5.8) == pytest.approx(50 * 25.755)


def test_rail_ferry_is_deck_limited_until_the_payload_runs_short() -> None:
    ropax = bundled_model().vessel("ropax_rail")  # 46 wagons of 85 t = 3,910 t < 5,440 t payload
    assert units_per_sailing(ropax, 5.0) == 46
    just_enough = ropax.design_draft_m - (ropax.max_payload_t - 46 * 85) / (100 * ropax.tpc)
    assert units_per_sailing(ropax, just_enough + 0.001) == 46
    assert units_per_sailing(ropax, just_enough - 0.01) == 45


def test_names_and_aliases_resolve_in_any_case() -> None:
    assert payload("TANKER", 6.3) == payload("tanker_12k", 6.3) == 12_000
    with pytest.raises(NotFound) as err:
        payload("tankr", 5)
    assert err.value.field == "vessel" and "tanker" in (err.value.hint or "")


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, "deep"])
def test_bad_draft_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInput) as err:
        payload("tanker", bad)  # type: ignore[arg-type]
    assert err.value.field == "draft"


@given(vessel=st.sampled_from(VESSELS), a=drafts, b=drafts)
def test_payload_and_units_never_fall_with_more_draft(vessel: str, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert payload(vessel, low) <= payload(vessel, high)
    assert units_per_sailing(vessel, low) <= units_per_sailing(vessel, high)


@given(vessel=st.sampled_from(VESSELS), draft=drafts)
def test_bounds(vessel: str, draft: float) -> None:
    v = bundled_model().vessel(vessel)
    assert 0 <= payload(v, draft) <= v.max_payload_t
    assert 0 <= units_per_sailing(v, draft) <= v.unit_capacity
    assert loaded_draft(v, draft) <= v.design_draft_m


@pytest.mark.parametrize(
    ("text", "vessel"),
    [
        ("Ro-Pax Azerbaijan / Zarifa Aliyeva (154.5 m; 46 open wagons)", "ropax_rail"),
        ("Rail ferry (Dagestan class; 27 rail cars) and Ro-Pax Berkarar", "rail_ferry"),
        ("Container feeder (≤350 TEU)", "container_feeder"),
        ("Ro-Ro (32 trucks ≤ 17 m)", "roro_truck"),
        ("General cargo / container (≤ 150 m)", "drycargo_6500"),
        ("River-sea vessel (L ≤ 126 m; B ≤ 16 m)", "river_sea"),
        ("TANKER_12K", "tanker_12k"),
        ("Europax hovercraft", None),
        ("", None),
    ],
)
def test_free_text_vessel_classes_are_recognised(text: str, vessel: str | None) -> None:
    found = bundled_model().find_vessel(text)
    assert (found.id if found else None) == vessel
