"""Capacity factor per service and ``apply_sea_level`` on small networks built by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridors.climate import (
    apply_sea_level,
    bundled_model,
    capacity_factor,
    capacity_table,
    service_effects,
    weekly_teu,
)
from corridors.errors import InvalidInput, NotFound
from corridors.network.model import Link, Network, Node, Service

TODAY = -29.20


def _node(node_id: str, country: str, capacity: float | None = 1000.0) -> Node:
    return Node(node_id, node_id, country, 40.0, 50.0, "seaport", capacity_teu_day=capacity)


def _link(
    link_id: str, a: str, b: str, mode: str = "ferry", capacity: float | None = 200.0
) -> Link:
    return Link(
        link_id,
        a,
        b,
        mode,
        400.0,
        20.0,
        500.0,
        "ef",
        0.05,
        capacity_teu_day=capacity,  # type: ignore[arg-type]
    )


def _service(
    service_id: str,
    link_id: str,
    vessel_class: str,
    sailings: float = 7.0,
    teu: float | None = 90.0,
    weekdays: tuple[int, ...] = (),
    max_draft: float | None = None,
) -> Service:
    return Service(
        service_id,
        link_id,
        service_id,
        "op",
        sailings,
        20.0,
        600.0,
        weekdays=weekdays,
        vessel_class=vessel_class,
        capacity_teu=teu,
        max_draft_m=max_draft,
    )


def corridor() -> Network:
    """Kuryk/Aktau-Alat ferries and feeders, Türkmenbaşy-Alat, a Black Sea ferry, a rail link."""
    nodes = {
        n.id: n
        for n in (
            _node("KZ_KUR", "KZ"),
            _node("KZ_SCO", "KZ"),
            _node("AZ_ALT", "AZ"),
            _node("TM_KRW", "TM"),
            _node("GE_PTI", "GE"),
            _node("RO_CND", "RO"),
            _node("KZ_BEY", "KZ", None),
        )
    }
    links = {
        link.id: link
        for link in (
            _link("KUR-ALT", "KZ_KUR", "AZ_ALT"),
            _link("SCO-ALT", "KZ_SCO", "AZ_ALT", "sea"),
            _link("KRW-ALT", "TM_KRW", "AZ_ALT"),
            _link("SCO-KUR", "KZ_SCO", "KZ_KUR", "sea"),  # no service
            _link("PTI-CND", "GE_PTI", "RO_CND"),
            _link("BEY-SCO", "KZ_BEY", "KZ_SCO", "rail"),
        )
    }
    services = {
        "KUR-ALT": (
            _service("ropax", "KUR-ALT", "Ro-Pax", weekdays=(0, 2, 4)),
            _service("old", "KUR-ALT", "rail_ferry", sailings=3.0, teu=50.0),
        ),
        "SCO-ALT": (_service("feeder", "SCO-ALT", "container_feeder", 4.0, 350.0),),
        "KRW-ALT": (_service("mystery", "KRW-ALT", "hovercraft"),),
        "PTI-CND": (_service("blacksea", "PTI-CND", "ropax_rail"),),
    }
    return Network(nodes, links, {}, services, {}, {})


def _weekly(network: Network, link_id: str) -> float:
    return sum(s.sailings_per_week * (s.capacity_teu or 0) for s in network.services[link_id])


def test_the_shallower_port_limits_the_service() -> None:
    net = corridor()
    effects = {e.service_id: e for e in service_effects(net, TODAY)}
    ropax = effects["ropax"]
    assert ropax.limiting_port == "AZ_ALT"  # Alat 4.0 m draft vs Kuryk 6.8 m
    alat = capacity_table(TODAY, ports=["alat"], vessels=["ropax_rail"])[0]
    assert ropax.factor == alat.factor == pytest.approx(36 / 46)
    assert capacity_factor(net.services["KUR-ALT"][0], net.links["KUR-ALT"], TODAY) == ropax.factor


def test_apply_scales_frequency_not_per_sailing_capacity() -> None:
    net = corridor()
    out = apply_sea_level(net, TODAY)
    before, after = net.services["KUR-ALT"][0], out.services["KUR-ALT"][0]
    assert after.sailings_per_week == pytest.approx(7.0 * 36 / 46)
    assert after.capacity_teu == before.capacity_teu
    assert after.weekdays == ()  # fixed days give way to an even effective headway
    feeder = out.services["SCO-ALT"][0]
    assert _weekly(out, "SCO-ALT") == pytest.approx(_weekly(net, "SCO-ALT") * 265 / 350)
    assert feeder.sailings_per_week == pytest.approx(4.0 * 265 / 350)


def test_link_and_port_capacities_scale_with_their_services() -> None:
    net = corridor()
    out = apply_sea_level(net, TODAY)
    # KUR-ALT: ropax (7 x 90 TEU, factor 36/46) and the old ferry (3 x 50 TEU, factor 1).
    expected = (630 * 36 / 46 + 150 * 1.0) / 780
    assert out.links["KUR-ALT"].capacity_teu_day == pytest.approx(200 * expected)
    # Kuryk's own depth limits nobody at today's level; Alat's does.
    assert out.nodes["KZ_KUR"].capacity_teu_day == 1000
    assert out.nodes["AZ_ALT"].capacity_teu_day < 1000


def test_non_caspian_parts_are_untouched() -> None:
    net = corridor()
    out = apply_sea_level(net, -35.0)
    assert out.services["PTI-CND"] == net.services["PTI-CND"]
    assert out.links["PTI-CND"] == net.links["PTI-CND"]
    assert out.links["BEY-SCO"] == net.links["BEY-SCO"]
    assert out.nodes["GE_PTI"] == net.nodes["GE_PTI"]


def test_a_high_sea_changes_nothing() -> None:
    net = corridor()
    assert apply_sea_level(net, -26.0) == net


def test_services_that_cannot_sail_are_removed_and_their_link_closed() -> None:
    net = corridor()
    out = apply_sea_level(net, -32.0)  # Alat: 4.0 - 2.8 m of sea -> 1.2 m allowed draft
    assert out.services["KUR-ALT"] == ()
    assert out.links["KUR-ALT"].status == "closed"
    assert out.links["KUR-ALT"].capacity_teu_day == 0.0
    assert out.links["SCO-KUR"].status == "operational"  # Aktau/Kuryk still deep enough


def test_dredging_buys_capacity_back_by_any_port_name() -> None:
    net = corridor()
    for name in ("alat", "AZ_ALT", "Baku", "az_alt"):
        out = apply_sea_level(net, TODAY, {name: 1.1})
        assert out.services["KUR-ALT"][0] == net.services["KUR-ALT"][0]
        assert out.links["KUR-ALT"] == net.links["KUR-ALT"]


def test_the_input_network_is_not_modified() -> None:
    net = corridor()
    snapshot = (dict(net.services), dict(net.links), dict(net.nodes))
    apply_sea_level(net, -31.0, {"aktau": 1.0})
    assert (dict(net.services), dict(net.links), dict(net.nodes)) == snapshot


def test_unknown_vessel_class_uses_the_mode_default_and_says_so() -> None:
    effects = {e.service_id: e for e in service_effects(corridor(), TODAY)}
    assert effects["mystery"].vessel_class == "ropax_rail"
    assert effects["mystery"].class_assumed
    assert not effects["ropax"].class_assumed  # "Ro-Pax" is an alias


def test_service_max_draft_caps_the_full_load() -> None:
    net = corridor()
    capped = _service("capped", "KUR-ALT", "ropax_rail", max_draft=4.0)
    # Sailing at <= 4.0 m anyway, Alat's 4.0 m limit costs this service nothing.
    assert capacity_factor(capped, net.links["KUR-ALT"], TODAY) == 1.0


@pytest.mark.parametrize(
    ("level", "dredge", "error", "field"),
    [
        (30.5, {}, InvalidInput, "level"),
        (-30.5, {"aktau": -1.0}, InvalidInput, "dredge.aktau"),
        (-30.5, {"aktau": "x"}, InvalidInput, "dredge.aktau"),
        (-30.5, {"atlantis": 1.0}, NotFound, "dredge.atlantis"),
        (-30.5, {"aktau": 1.0, "KZ_SCO": 1.0}, InvalidInput, "dredge.KZ_SCO"),
    ],
)
def test_bad_scenario_values_name_the_field(
    level: float, dredge: dict[str, float], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as err:
        apply_sea_level(corridor(), level, dredge)
    assert err.value.field == field  # type: ignore[attr-defined]


NET = corridor()
levels = st.floats(min_value=-40, max_value=-25, allow_nan=False)
metres = st.floats(min_value=0, max_value=5, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(a=levels, b=levels, d1=metres, d2=metres)
def test_factor_is_monotone_in_level_and_dredging(a: float, b: float, d1: float, d2: float) -> None:
    (la, lb), (da, db) = sorted((a, b)), sorted((d1, d2))
    low = {e.service_id: e.factor for e in service_effects(NET, la, {"alat": da, "kuryk": da})}
    high = {e.service_id: e.factor for e in service_effects(NET, lb, {"alat": db, "kuryk": db})}
    for service_id, factor in low.items():
        assert 0.0 <= factor <= high[service_id] <= 1.0


@settings(max_examples=40, deadline=None)
@given(level=levels, d=metres)
def test_applied_network_never_gains_capacity(level: float, d: float) -> None:
    out = apply_sea_level(NET, level, {"aktau": d})
    for link_id in NET.services:
        assert _weekly(out, link_id) <= _weekly(NET, link_id) + 1e-9
    for link_id in NET.links:
        before, after = NET.links[link_id].capacity_teu_day, out.links[link_id].capacity_teu_day
        assert before is None or (after is not None and 0 <= after <= before)
    for node_id, node in NET.nodes.items():
        cap = out.nodes[node_id].capacity_teu_day
        assert node.capacity_teu_day is None or (
            cap is not None and 0 <= cap <= node.capacity_teu_day
        )
    assert all(not math.isnan(s.sailings_per_week) for ss in out.services.values() for s in ss)


def test_port_table_lists_every_calling_class() -> None:
    rows = capacity_table(TODAY)
    model = bundled_model()
    assert {(r.node_id, r.vessel_class) for r in rows} == {
        (p.node_id, v) for p in model.ports.values() for v in p.calls
    }


def test_weekly_teu_adds_up_the_known_services() -> None:
    effects = service_effects(corridor(), TODAY)
    nominal, kept = weekly_teu(effects)
    assert nominal == pytest.approx(7 * 90 + 3 * 50 + 4 * 350 + 7 * 90)
    assert kept == pytest.approx(630 * 36 / 46 + 150 + 1400 * 265 / 350 + 630 * 36 / 46)
