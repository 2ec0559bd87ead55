"""Allowed draft from depth, sea level, dredging and under-keel clearance."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.climate import allowed_draft, bundled_model
from corridors.errors import InvalidInput, NotFound

PORTS = sorted(bundled_model().ports)
levels = st.floats(min_value=-45, max_value=-20, allow_nan=False)
dredges = st.floats(min_value=0, max_value=10, allow_nan=False)


@pytest.mark.parametrize(
    ("port", "vessel", "level", "draft"),
    [
        ("makhachkala", None, -28.99, 4.5),  # portnews 342280 (2023)
        ("makhachkala", "tanker_12k", -27.91, 6.0),  # oil harbour from April 2017
        ("alat", None, -29.20, 4.0),  # portseurope 2024-01-10: '>4 m' after dredging
        ("olya", None, -29.31, 4.5),  # Volga-Caspian canal guaranteed draft (2025)
    ],
)
def test_published_draft_limits_come_back_at_their_own_level(
    port: str, vessel: str | None, level: float, draft: float
) -> None:
    assert allowed_draft(port, level, vessel=vessel) == pytest.approx(draft)


def test_one_metre_of_sea_is_one_metre_of_depth_less_the_clearance_share() -> None:
    # Kuryk: 7.5 m at -29.20; UKC 10% of draft: T = depth / 1.1.
    assert allowed_draft("kuryk", -29.20) == pytest.approx(7.5 / 1.1)
    assert allowed_draft("kuryk", -30.20) == pytest.approx(6.5 / 1.1)
    assert allowed_draft("kuryk", -30.20, dredge_m=1.0) == pytest.approx(7.5 / 1.1)


def test_minimum_clearance_governs_small_drafts() -> None:
    # With 2.3 m of water, 10% of draft (0.21 m) is less than the 0.3 m minimum.
    kuryk = bundled_model().port("KZ_KUR")
    level = -29.20 - (7.5 - 2.3)
    assert allowed_draft(kuryk, level) == pytest.approx(2.0)


def test_the_oil_harbour_serves_tankers_only() -> None:
    tanker = allowed_draft("makhachkala", -29.2, vessel="tanker")
    general = allowed_draft("makhachkala", -29.2, vessel="drycargo_6500")
    assert tanker > general == allowed_draft("makhachkala", -29.2)


def test_a_dry_port_allows_no_draft() -> None:
    assert allowed_draft("anzali", -40.0) == 0.0


def test_port_names_resolve_like_users_write_them() -> None:
    for name in ("Aktau", "AKTAU", "kz_sco", "KZ_SCO", "aktau port"):
        assert allowed_draft(name, -29.2) == allowed_draft("KZ_SCO", -29.2)
    assert allowed_draft("Türkmenbaşy", -29.2) == allowed_draft("turkmenbashi", -29.2)
    with pytest.raises(NotFound) as err:
        allowed_draft("atkau", -29.2)
    assert "aktau" in (err.value.hint or "")


@pytest.mark.parametrize("bad", [-0.5, float("nan"), 100.0])
def test_bad_dredging_is_refused(bad: float) -> None:
    with pytest.raises(InvalidInput) as err:
        allowed_draft("aktau", -29.2, dredge_m=bad)
    assert err.value.field == "dredge"


@given(port=st.sampled_from(PORTS), a=levels, b=levels, d1=dredges, d2=dredges)
def test_allowed_draft_never_falls_with_more_sea_or_more_dredging(
    port: str, a: float, b: float, d1: float, d2: float
) -> None:
    (la, lb), (da, db) = sorted((a, b)), sorted((d1, d2))
    assert 0 <= allowed_draft(port, la, da) <= allowed_draft(port, lb, db)


@given(port=st.sampled_from(PORTS), level=levels)
def test_allowed_draft_leaves_the_clearance_under_the_keel(port: str, level: float) -> None:
    row = bundled_model().ports[port].depth_for()
    draft = allowed_draft(port, level)
    if draft > 0:
        assert row.required_depth(draft) == pytest.approx(row.depth_at(level))
