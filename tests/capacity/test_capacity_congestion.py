"""Congestion mode: the equilibrium against Wardrop's condition and against the LP."""

from __future__ import annotations

import pytest
from scipy.optimize import brentq
from toynet import link, network, node

from corridors.capacity import CapacityOptions, Demand, ODDemand, solve_capacity
from corridors.capacity.congestion import solve_congested
from corridors.errors import InvalidInput

VOT = 8.3


def test_without_capacities_it_is_the_cheapest_route_like_the_lp() -> None:
    links = [link("A", "B", price=100), link("A", "C", price=10), link("C", "B", price=10)]
    net = network([node("A"), node("B"), node("C")], links)
    demand = Demand.checked([ODDemand("A", "B", 1000), ODDemand("C", "B", 500)])
    ue = solve_congested(net, demand, gap=1e-9)
    lp = solve_capacity(net, demand)
    assert ue.avg_cost_usd_teu == pytest.approx(lp.totals.avg_cost_usd_teu, rel=1e-6)
    assert ue.avg_time_h == pytest.approx(ue.free_flow_time_h)
    assert ue.elements == []


def test_two_routes_share_freight_until_their_costs_are_equal() -> None:
    # route 1: a line with a BPR delay; route 2: dearer but uncongested
    links = [
        link("A", "B", id="line", price=100, km=1000, speed=50, cap=10),  # 20 h, 3,650 TEU/yr
        link("A", "B", id="detour", price=300, km=1000, speed=50),
    ]
    net = network([node("A"), node("B")], links)
    demand = Demand.checked([ODDemand("A", "B", 10_000)])
    ue = solve_congested(net, demand, gap=1e-10, max_iter=5000)
    (line,) = [e for e in ue.elements if e.id == "line"]

    def cost_line(x: float) -> float:  # BPR in USD: value of time x 20 h x (1 + 0.15 (x/c)^4)
        return 100 + VOT * 20 * (1 + 0.15 * (x / 3650) ** 4)

    x_star = brentq(lambda x: cost_line(x) - (300 + VOT * 20), 0, 10_000)
    assert line.flow_teu_yr == pytest.approx(x_star, rel=1e-4)
    assert line.delay_h == pytest.approx(20 * 0.15 * (x_star / 3650) ** 4, rel=1e-3)


def test_a_border_queue_grows_steeply_near_capacity() -> None:
    from corridors.network.model import BorderCrossing

    links = [link("A", "B", id="border", price=0), link("A", "B", id="other", price=2000)]
    bc = BorderCrossing("BX", "border", "A/B", 10.0, 20.0, capacity_teu_day=10.0)
    net = network([node("A"), node("B")], links, borders=[bc])
    loads = []
    for teu in (1000, 3000):
        ue = solve_congested(net, Demand.checked([ODDemand("A", "B", teu)]), gap=1e-8)
        (b,) = [e for e in ue.elements if e.kind == "border"]
        loads.append(b)
    rho = [b.volume_capacity for b in loads]
    # Davidson: the queue is dwell x rho / (1 - rho) hours while below 95 %
    assert loads[0].delay_h == pytest.approx(10 * rho[0] / (1 - rho[0]), rel=1e-3)
    assert loads[1].delay_h > 5 * loads[0].delay_h


def test_needs_a_value_of_time_and_warns_about_avoided_countries() -> None:
    net = network([node("A", country="KZ"), node("B", country="GE")], [link("A", "B")])
    demand = Demand.checked([ODDemand("A", "B", 10, avoid=("RU",))])
    with pytest.raises(InvalidInput, match="value of time"):
        solve_congested(net, demand, CapacityOptions(value_of_time_usd_teu_h=0))
    ue = solve_congested(net, demand)
    assert "avoid countries" in ue.warnings[0]
    assert [w.text for w in ue.warning_messages] == ue.warnings
