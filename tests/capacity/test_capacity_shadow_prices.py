"""Shadow prices are checked against an independent oracle: re-solving with a little more (and a
little less) capacity. The optimal cost is convex in a capacity, so the cost saved per TEU by
+delta and by -delta bracket the shadow price for any delta; away from breakpoints they meet."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_capacity_oracle import small_networks
from toynet import link, network, node

from corridors.capacity import CapacityOptions, Demand, ODDemand, solve_capacity
from corridors.network.model import BorderCrossing, Network, Service

OPTS = CapacityOptions(unserved_penalty_usd_teu=10_000.0)
EPS_USD = 0.05  # the LP charges a cent per handling move that the reported cost leaves out


def bump(net: Network, kind: str, rid: str, delta_teu_yr: float) -> Network:
    """The same network with one capacity changed by ``delta_teu_yr``."""
    if kind == "link":
        lk = net.links[rid]
        links = dict(net.links)
        links[rid] = replace(lk, capacity_teu_day=lk.capacity_teu_day + delta_teu_yr / 365)
        return replace(net, links=links, out_links={})
    if kind == "port":
        nodes = dict(net.nodes)
        nd = nodes[rid]
        nodes[rid] = replace(nd, capacity_teu_day=nd.capacity_teu_day + delta_teu_yr / 365)
        return replace(net, nodes=nodes)
    if kind == "border":
        borders = {
            k: replace(b, capacity_teu_day=b.capacity_teu_day + delta_teu_yr / 365)
            if b.id == rid
            else b
            for k, b in net.borders.items()
        }
        return replace(net, borders=borders)
    if kind == "service":
        services = {
            k: tuple(
                replace(s, capacity_teu=s.capacity_teu + delta_teu_yr / (52 * s.sailings_per_week))
                if s.id == rid
                else s
                for s in v
            )
            for k, v in net.services.items()
        }
        return replace(net, services=services)
    raise AssertionError(kind)


def cost(net: Network, demand: Demand) -> float:
    return solve_capacity(net, demand, OPTS).totals.objective_usd


def test_shadow_price_is_the_cost_saved_by_one_more_teu() -> None:
    net = network(
        [node("A"), node("B"), node("C")],
        [link("A", "B", price=100, cap=1), link("A", "C", price=50), link("C", "B", price=80)],
    )
    demand = Demand.checked([ODDemand("A", "B", 1000)])
    r = solve_capacity(net, demand, OPTS)
    (b,) = r.bottlenecks
    assert (b.kind, b.id, b.rank) == ("link", "A-B", 1)
    # detour: 30 USD more and 2 h more at 8.3 USD/TEU-h
    assert b.shadow_price_usd_teu_yr == pytest.approx(30 + 2 * 8.3, abs=EPS_USD)
    assert b.shadow_price_usd_teu_day == pytest.approx(b.shadow_price_usd_teu_yr * 365)
    saved = cost(net, demand) - cost(bump(net, "link", "A-B", 1.0), demand)
    assert saved == pytest.approx(b.shadow_price_usd_teu_yr, abs=EPS_USD)


def test_shadow_price_of_a_capacity_that_forces_unserved_demand_is_the_penalty_margin() -> None:
    net = network([node("A"), node("B")], [link("A", "B", price=100, speed=1e9, cap=1)])
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 500)]), OPTS)
    assert r.totals.unserved_teu_yr == pytest.approx(135)
    assert r.od[0].unserved_reason == "capacity"
    assert r.bottlenecks[0].shadow_price_usd_teu_yr == pytest.approx(10_000 - 100, abs=EPS_USD)


def test_every_kind_of_capacity_has_a_checked_shadow_price() -> None:
    """A port (rail to road), a border and a ferry service, each binding on its own route,
    with a slow uncapacitated route taking the rest."""
    nodes = [node("O"), node("P", kind="seaport", capacity_teu_day=2.0), node("D")]
    links = [
        link("O", "P", price=10),
        link("P", "D", mode="road", price=10),
        link("O", "D", id="border", price=50, cap=10),
        link("O", "D", id="ferry", mode="ferry", price=0),
        link("O", "D", id="slow", price=400),
    ]
    net = network(
        nodes,
        links,
        borders=[BorderCrossing("BX", "border", "O/D border", 5.0, 10.0, capacity_teu_day=1.0)],
        services=[Service("SV", "ferry", "ferry line", "op", 7.0, 10.0, 30.0, capacity_teu=5)],
    )
    demand = Demand.checked([ODDemand("O", "D", 3000)])
    r = solve_capacity(net, demand, OPTS)
    slow = 400 + 2 * 8.3
    expected = {
        "port": slow - (10 + 2 * 8.3) * 2,
        "border": slow - (50 + 7 * 8.3),
        "service": slow - (30 + (10 + 12) * 8.3),
    }
    got = {b.kind: b.shadow_price_usd_teu_yr for b in r.bottlenecks}
    assert got == pytest.approx(expected, abs=EPS_USD)
    flows = {b.kind: b.flow_teu_yr for b in r.bottlenecks}
    assert flows == pytest.approx({"port": 730, "border": 365, "service": 7 * 5 * 52})
    kinds = {b.kind: b for b in r.bottlenecks}
    assert set(kinds) == {"port", "border", "service"}
    assert [b.rank for b in r.bottlenecks] == [1, 2, 3]
    prices = [b.shadow_price_usd_teu_yr for b in r.bottlenecks]
    assert prices == sorted(prices, reverse=True)
    base = r.totals.objective_usd
    for b in r.bottlenecks:
        saved = base - cost(bump(net, b.kind, b.id, 1.0), demand)
        assert saved == pytest.approx(b.shadow_price_usd_teu_yr, abs=EPS_USD), b.kind


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=small_networks(), volumes=st.lists(st.integers(100, 4000), min_size=2, max_size=2))
def test_shadow_prices_bracketed_by_finite_differences(net, volumes: list[int]) -> None:
    demand = Demand.checked(
        [ODDemand("N0", "N1", float(volumes[0])), ODDemand("N2", "N1", float(volumes[1]))]
    )
    r = solve_capacity(net, demand, OPTS)
    base = r.totals.objective_usd
    for b in r.bottlenecks[:3]:
        delta = min(10.0, b.capacity_teu_yr / 2) or 1.0
        up = (base - cost(bump(net, b.kind, b.id, delta), demand)) / delta
        assert up - EPS_USD <= b.shadow_price_usd_teu_yr
        if b.capacity_teu_yr > 0:  # at zero capacity there is no "less"
            down = (cost(bump(net, b.kind, b.id, -delta), demand) - base) / delta
            assert b.shadow_price_usd_teu_yr <= down + EPS_USD


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=small_networks(), teu=st.integers(1, 6000))
def test_slack_only_when_capacity_forces_it(net, teu: int) -> None:
    r = solve_capacity(net, Demand.checked([ODDemand("N0", "N1", float(teu))]), OPTS)
    g = nx.DiGraph()
    g.add_nodes_from(net.nodes)
    for lk in net.links.values():
        cap = 1e12 if lk.capacity_teu_day is None else lk.capacity_teu_day * 365
        g.add_edge(lk.from_id, lk.to_id, capacity=cap)
    max_flow = nx.maximum_flow_value(g, "N0", "N1") if nx.has_path(g, "N0", "N1") else 0.0
    assert r.totals.unserved_teu_yr == pytest.approx(max(0.0, teu - max_flow), abs=1e-6)
    if r.totals.unserved_teu_yr > 1e-6:
        reason = "capacity" if nx.has_path(g, "N0", "N1") else "no_route"
        assert r.od[0].unserved_reason == reason
