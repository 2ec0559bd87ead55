"""The example scenarios in scenarios/ run on the bundled network and show their effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridors.network.load import load_network
from corridors.scenarios import Comparison, load_scenario, run_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios"
pytestmark = pytest.mark.slow


def run(name: str) -> Comparison:
    scenario = load_scenario(EXAMPLES / f"{name}.yaml")
    return run_scenario(scenario, network=load_network())


def kpi(c: Comparison, name: str) -> tuple[float, float]:
    (k,) = [k for k in c.kpis if k.name == name]
    return k.baseline or 0.0, k.scenario or 0.0


def corridor(c: Comparison, tag: str) -> tuple[float, float]:
    d = {x.corridor: x for x in c.throughput_by_corridor}[tag]
    return d.baseline_teu_yr, d.scenario_teu_yr


def link_flow(c: Comparison, link_id: str) -> tuple[float, float]:
    a = {lf.id: lf.flow_teu_yr for lf in c.baseline.links}.get(link_id, 0.0)
    b = {lf.id: lf.flow_teu_yr for lf in c.scenario.links}.get(link_id, 0.0)
    return a, b


TOTAL = "total cost incl. unserved and waiting"


def test_every_example_is_valid_and_names_what_exists() -> None:
    names = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
    assert len(names) >= 4
    for name in names:
        assert load_scenario(EXAMPLES / f"{name}.yaml").name


def test_poland_belarus_closure_delays_or_diverts_china_europe_freight() -> None:
    c = run("pl_by_border_closed")
    base, scen = kpi(c, TOTAL)
    assert scen > base
    waited = kpi(c, "waited for a later slice")[1]
    unserved = kpi(c, "unserved")[1] - kpi(c, "unserved")[0]
    base_m, scen_m = corridor(c, "M")
    assert waited + unserved + (scen_m - base_m) > 1000
    # in 13 of 365 days the crossings carry nothing: their yearly capacity shrinks by 13/365
    (rail,) = [b for b in c.scenario.borders if b.id == "B0403"]
    assert rail.capacity_teu_yr == pytest.approx(304 * (365 - 13))
    assert [s.days for s in c.scenario.slices] == [254, 13, 98]


def test_more_capacity_at_dostyk_never_costs_more_and_relieves_it() -> None:
    c = run("dostyk_capacity_plus_20")
    base, scen = kpi(c, TOTAL)
    assert scen <= base
    shadow = {(b.kind, b.id): b for b in c.bottlenecks}
    base_shadow = {(b.kind, b.id): b for b in c.baseline.bottlenecks}
    if ("border", "B0130") in base_shadow:
        now = shadow.get(("border", "B0130"))
        assert (
            now is None
            or now.shadow_price_usd_teu_yr
            <= base_shadow[("border", "B0130")].shadow_price_usd_teu_yr
        )
        # a capacity that binds carries its shadow price on the extra TEU: the saving is at
        # least the extra capacity times the lower of the two prices
        extra = 0.2 * 760 * 365
        lower = now.shadow_price_usd_teu_yr if now else 0.0
        assert base - scen >= extra * lower - 1.0


def test_rasht_astara_moves_north_south_freight_onto_the_railway() -> None:
    c = run("rasht_astara_opened")
    rail_before = sum(link_flow(c, x)[0] for x in ("L0602", "L0602R"))
    rail_after = sum(link_flow(c, x)[1] for x in ("L0602", "L0602R"))
    assert rail_before == 0 and rail_after > 1000
    # the freight on the new line comes off the other North–South routes
    west_before, west_after = corridor(c, "NS-W")
    assert west_after - west_before == pytest.approx(rail_after, rel=0.05)
    assert kpi(c, TOTAL)[1] < kpi(c, TOTAL)[0]


def test_bakhty_takes_china_kazakhstan_freight_off_trucks_and_relieves_dostyk() -> None:
    c = run("bakhty_opened")
    line = [link_flow(c, x) for x in ("L0234", "L0234R")]
    assert sum(b for b, _ in line) == 0 and sum(a for _, a in line) > 100_000
    road = [link_flow(c, x) for x in ("L0902", "L0902R")]
    road_before, road_after = sum(b for b, _ in road), sum(a for _, a in road)
    assert road_after < road_before
    assert kpi(c, TOTAL)[1] < kpi(c, TOTAL)[0]
    assert kpi(c, "CO2e (well-to-wheel)")[1] < kpi(c, "CO2e (well-to-wheel)")[0]
    now = {(b.kind, b.id): b.shadow_price_usd_teu_yr for b in c.bottlenecks}
    before = {(b.kind, b.id): b.shadow_price_usd_teu_yr for b in c.baseline.bottlenecks}
    dostyk = ("border", "B0130")
    assert now.get(dostyk, 0.0) < before[dostyk]


def test_middle_corridor_tariff_cut_raises_its_throughput() -> None:
    c = run("middle_corridor_tariff_cut_30")
    base_m, scen_m = corridor(c, "M")
    assert scen_m > base_m
    assert kpi(c, "average price")[1] < kpi(c, "average price")[0]


def test_low_caspian_cuts_crossings_and_dredging_wins_some_back() -> None:
    low = run("caspian_low_water")
    dredged = run("caspian_low_water_dredged")
    base, at_low = kpi(low, "Caspian crossings")
    assert at_low < base
    assert kpi(dredged, "Caspian crossings")[1] > at_low
    assert kpi(dredged, TOTAL)[1] < kpi(low, TOTAL)[1]
    assert low.notes[0].startswith("baseline at today's Caspian level")
