"""Scenarios on the miniature network: each change has the effect a planner would expect."""

from __future__ import annotations

import pytest
from mininet import mini_demand, mini_network

from corridors.errors import InvalidInput
from corridors.scenarios import Comparison, read_scenario_text, run_scenario


def run(yaml_text: str) -> Comparison:
    scenario = read_scenario_text("name: test\n" + yaml_text)
    return run_scenario(scenario, network=mini_network(), demand=mini_demand())


def kpi(c: Comparison, name: str) -> tuple[float, float]:
    (k,) = [k for k in c.kpis if k.name == name]
    return k.baseline or 0.0, k.scenario or 0.0


def corridor(c: Comparison, tag: str) -> tuple[float, float]:
    for d in c.throughput_by_corridor:
        if d.corridor == tag:
            return d.baseline_teu_yr, d.scenario_teu_yr
    return 0.0, 0.0


def test_no_change_reproduces_the_baseline() -> None:
    c = run("changes: []")
    assert c.scenario.totals == c.baseline.totals
    assert len(c.scenario.slices) == 1


def test_two_week_border_closure_makes_freight_wait_for_the_reopening() -> None:
    c = run(
        """
changes:
  - type: close
    borders: [Brest–Terespol]
    from: 2025-09-12
    to: 2025-09-25
"""
    )
    assert [s.days for s in c.scenario.slices] == [254, 13, 98]
    (applied,) = c.applied
    assert (applied.start, applied.end, applied.days) == ("2025-09-12", "2025-09-25", 13)
    assert "BY_BQT-PL_TRS" in applied.effect and "PL_TRS-BY_BQT" in applied.effect
    # Duisburg-bound freight waits a mean 6.5 days (1,295 USD/TEU, less than the detour via
    # Aktau); Budapest-bound freight, whose detour costs only 650 USD/TEU more, reroutes.
    waited = 100_000 * 13 / 365
    rerouted = 20_000 * 13 / 365
    assert c.scenario.totals.deferred_teu_yr == pytest.approx(waited, rel=1e-6)
    base_m, scen_m = corridor(c, "M")
    assert scen_m - base_m == pytest.approx(rerouted, rel=1e-6)
    assert c.scenario.totals.unserved_teu_yr == pytest.approx(0, abs=1e-6)
    base, scen = kpi(c, "total cost incl. unserved and waiting")
    assert scen - base == pytest.approx(waited * 6.5 * 24 * 8.3 + rerouted * 650.0, rel=1e-3)


def test_eight_week_closure_shifts_freight_to_the_middle_corridor() -> None:
    c = run(
        """
changes:
  - {type: close, links: [BY_BQT-PL_TRS], from: 2025-03-01, to: 2025-04-26}
"""
    )
    base_m, scen_m = corridor(c, "M")
    base_n, scen_n = corridor(c, "N")
    assert scen_m > base_m + 1000
    assert scen_n < base_n
    assert (
        kpi(c, "total cost incl. unserved and waiting")[1]
        > kpi(c, "total cost incl. unserved and waiting")[0]
    )


def test_more_capacity_at_a_binding_border_never_costs_more() -> None:
    tight = """
  - {type: capacity, borders: [BX_DOS], capacity_teu_day: 250}
"""
    base = run("changes:" + tight)
    more = run(
        "changes:" + tight + "  - {type: capacity, borders: [BX_DOS], capacity_factor: 1.2}\n"
    )
    cost = "total cost incl. unserved and waiting"
    assert kpi(more, cost)[1] <= kpi(base, cost)[1]
    assert kpi(base, "unserved")[1] == pytest.approx(150_000 - 20_000 - 250 * 365)
    assert kpi(more, "unserved")[1] == pytest.approx(150_000 - 20_000 - 300 * 365)
    assert base.bottlenecks[0].id == "BX_DOS"


def test_opening_rasht_astara_moves_north_south_freight_west() -> None:
    c = run("changes:\n  - {type: open, links: [Rasht-Astara railway]}\n")
    base_w, scen_w = corridor(c, "NS-W")
    base_c, scen_c = corridor(c, "NS-C")
    assert (base_w, scen_w) == pytest.approx((9_600, 20_000))
    assert scen_c == pytest.approx(0, abs=1e-6) and base_c == pytest.approx(10_400)
    flows = {x.id: x.delta_teu_yr for x in c.link_changes}
    assert flows["IR_AST-IR_RAS-rail"] == pytest.approx(20_000)
    assert "opened 2 link(s)" in c.applied[0].effect


def test_middle_corridor_tariff_cut_raises_its_throughput() -> None:
    c = run(
        "changes:\n  - {type: tariff, corridor: M, exclude_corridors: [N], price_factor: 0.7}\n"
    )
    base_m, scen_m = corridor(c, "M")
    assert scen_m == pytest.approx(base_m + 20_000)  # Xi'an–Budapest moves over the Caspian
    assert "service(s)" in c.applied[0].effect
    assert kpi(c, "average price")[1] < kpi(c, "average price")[0]


def test_demand_scaling_by_series_and_country() -> None:
    c = run(
        """
changes:
  - {type: demand, series: [INSTC], factor: 2}
  - {type: demand, destinations: [DE], factor: 0.5}
"""
    )
    assert kpi(c, "demand") == pytest.approx((150_000, 150_000 + 20_000 - 50_000))


def test_added_link_and_caspian_port_factor() -> None:
    c = run(
        """
caspian_port_capacity_factor: 0.1
changes:
  - type: add_link
    id: NEW
    from_node: KZ_DOS
    to_node: GE_PTI
    length_km: 3000
    speed_kmh: 60
    price_usd_teu: 2000
    corridors: [M]
"""
    )
    assert "KZ_SCO" in c.notes[0]
    flows = {x.id: x.scenario_teu_yr for x in c.link_changes}
    # Poti-bound freight (and Budapest-bound, via Poti and Constanța) takes the new line;
    # Duisburg-bound stays on the northern route, which remains cheaper
    assert flows["NEW"] == pytest.approx(10_000 + 20_000)
    assert "NEW-rev" in {lf.id for lf in c.scenario.links}
    (aktau,) = [p for p in c.scenario.ports if p.node_id == "KZ_SCO"]
    assert aktau.capacity_teu_yr == pytest.approx(50 * 365)


def test_unknown_targets_name_the_change_and_suggest() -> None:
    with pytest.raises(InvalidInput, match=r"changes\[1\].links\[0\]: no link") as exc:
        run(
            """
changes:
  - {type: open, links: [Rasht–Astara railway]}
  - {type: close, links: [Rasht-Astra railway]}
"""
        )
    assert "Rasht–Astara railway" in (exc.value.hint or "")
    with pytest.raises(InvalidInput, match=r"changes\[0\].borders\[0\]"):
        run("changes:\n  - {type: dwell, borders: [Nowhere], dwell_factor: 0.5}\n")
    with pytest.raises(InvalidInput, match=r"changes\[0\].corridor: no link is tagged 'X'"):
        run("changes:\n  - {type: tariff, corridor: X, price_factor: 0.5}\n")
    with pytest.raises(InvalidInput, match=r"changes\[0\].series\[0\]"):
        run("changes:\n  - {type: demand, series: [Mars], factor: 2}\n")


def test_capacity_change_on_an_unlimited_element_says_it_has_no_effect() -> None:
    c = run("changes:\n  - {type: capacity, links: [RU_MOW-BY_BQT], capacity_factor: 2}\n")
    assert "no effect" in c.applied[0].effect
