"""The flow LP against independent oracles: networkx min-cost flow (single commodity) and a
path-based LP (several commodities), on hand-made and random small networks."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from toynet import link, network, node

from corridors.capacity import CapacityOptions, Demand, ODDemand, solve_capacity

PENALTY = 10_000.0
# value of time 0: the generalised cost is the price, an integer, so networkx is exact
PRICE_ONLY = CapacityOptions(value_of_time_usd_teu_h=0.0, unserved_penalty_usd_teu=PENALTY)


@st.composite
def small_networks(draw: st.DrawFn, max_nodes: int = 6):
    n = draw(st.integers(3, max_nodes))
    ids = [f"N{i}" for i in range(n)]
    candidates = [(a, b) for a, b in itertools.permutations(ids, 2)]
    chosen = draw(st.lists(st.sampled_from(candidates), min_size=2, max_size=14, unique=True))
    links = []
    for a, b in chosen:
        cap = draw(st.one_of(st.none(), st.integers(0, 6)))
        links.append(link(a, b, price=draw(st.integers(1, 60)), cap=cap))
    return network([node(i) for i in ids], links)


def _nx_cost(net, origin: str, dest: str, teu: float) -> tuple[float, float]:
    """Optimal cost and unserved TEU by networkx, with the slack as a penalised direct arc."""
    g = nx.DiGraph()
    for lk in net.links.values():
        cap = math.inf if lk.capacity_teu_day is None else lk.capacity_teu_day * 365
        g.add_edge(lk.from_id, lk.to_id, weight=int(lk.price_usd_teu), capacity=cap)
    # slack through a dummy node so it never merges with a real arc
    g.add_edge(origin, "SLACK", weight=int(PENALTY), capacity=teu)
    g.add_edge("SLACK", dest, weight=0, capacity=teu)
    g.nodes[origin]["demand"] = -teu
    g.nodes[dest]["demand"] = teu
    flow = nx.min_cost_flow(g)
    cost = nx.cost_of_flow(g, flow)
    return float(cost), float(flow[origin]["SLACK"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=small_networks(), teu=st.integers(1, 5000))
def test_single_commodity_matches_networkx(net, teu: int) -> None:
    demand = Demand.checked([ODDemand("N0", "N1", float(teu))])
    result = solve_capacity(net, demand, PRICE_ONLY)
    expected_cost, expected_unserved = _nx_cost(net, "N0", "N1", float(teu))
    t = result.totals
    assert t.transport_cost_usd + t.unserved_penalty_usd == pytest.approx(
        expected_cost, rel=1e-7, abs=1e-4
    )
    assert t.unserved_teu_yr == pytest.approx(expected_unserved, abs=1e-4)


def _paths_lp(net, pairs: dict[tuple[str, str], float]) -> float:
    """Optimal cost of the same problem written over enumerated simple paths."""
    g = nx.DiGraph()
    for lk in net.links.values():
        g.add_edge(lk.from_id, lk.to_id, id=lk.id)
    cols: list[tuple[int, list[str], float]] = []
    od = list(pairs)
    for i, (o, d) in enumerate(od):
        if o in g and d in g:
            for path in nx.all_simple_paths(g, o, d):
                ids = [g.edges[a, b]["id"] for a, b in itertools.pairwise(path)]
                cols.append((i, ids, sum(net.links[x].price_usd_teu for x in ids)))
    n_paths = len(cols)
    c = np.array([p[2] for p in cols] + [PENALTY] * len(od))
    a_eq = np.zeros((len(od), n_paths + len(od)))
    for j, (i, _, _) in enumerate(cols):
        a_eq[i, j] = 1
    for i in range(len(od)):
        a_eq[i, n_paths + i] = 1
    b_eq = np.array([pairs[p] for p in od])
    capped = [lk for lk in net.links.values() if lk.capacity_teu_day is not None]
    a_ub = np.zeros((len(capped), n_paths + len(od)))
    for r, lk in enumerate(capped):
        for j, (_, ids, _) in enumerate(cols):
            if lk.id in ids:
                a_ub[r, j] = 1
    b_ub = np.array([lk.capacity_teu_day * 365 for lk in capped])
    res = linprog(
        c,
        A_ub=a_ub if capped else None,
        b_ub=b_ub if capped else None,
        A_eq=a_eq,
        b_eq=b_eq,
        method="highs",
    )
    assert res.status == 0
    return float(res.fun)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    net=small_networks(max_nodes=5),
    volumes=st.lists(st.integers(1, 3000), min_size=3, max_size=3),
)
def test_several_commodities_match_a_path_based_lp(net, volumes: list[int]) -> None:
    pairs = {("N0", "N1"): float(volumes[0]), ("N2", "N1"): float(volumes[1])}
    pairs[("N0", "N2")] = float(volumes[2])
    demand = Demand.checked([ODDemand(o, d, v) for (o, d), v in pairs.items()])
    result = solve_capacity(net, demand, PRICE_ONLY)
    t = result.totals
    assert t.transport_cost_usd + t.unserved_penalty_usd == pytest.approx(
        _paths_lp(net, pairs), rel=1e-7, abs=1e-3
    )


def test_cheaper_route_fills_first_then_the_next() -> None:
    # A-B direct: 100 USD, 365 TEU/yr; A-C-B: 130 USD, uncapacitated
    net = network(
        [node("A"), node("B"), node("C")],
        [link("A", "B", price=100, cap=1), link("A", "C", price=50), link("C", "B", price=80)],
    )
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 1000)]), PRICE_ONLY)
    flows = {lf.id: lf.flow_teu_yr for lf in r.links}
    assert flows["A-B"] == pytest.approx(365)
    assert flows["A-C"] == pytest.approx(635)
    assert r.totals.transport_cost_usd == pytest.approx(365 * 100 + 635 * 130)
    (od,) = r.od
    assert od.cost_usd_teu == pytest.approx((365 * 100 + 635 * 130) / 1000)
    assert [route.links for route in od.routes] == [["A-C", "C-B"], ["A-B"]]
    assert od.free_flow_cost_usd_teu == pytest.approx(100)


def test_flow_is_conserved_at_every_node() -> None:
    ids = ["A", "B", "C", "D", "E"]
    links = [
        link("A", "B", price=10, cap=2),
        link("B", "E", price=10),
        link("A", "C", price=30),
        link("C", "E", price=5, cap=1),
        link("C", "D", price=1),
        link("D", "E", price=40),
        link("B", "C", price=2),
    ]
    net = network([node(i) for i in ids], links)
    demand = Demand.checked(
        [ODDemand("A", "E", 2000), ODDemand("B", "E", 500), ODDemand("A", "D", 300)]
    )
    r = solve_capacity(net, demand, PRICE_ONLY)
    assert r.totals.unserved_teu_yr == pytest.approx(0, abs=1e-6)
    net_out = dict.fromkeys(ids, 0.0)
    for lf in r.links:
        net_out[lf.from_id] += lf.flow_teu_yr
        net_out[lf.to_id] -= lf.flow_teu_yr
    expected = {"A": 2300.0, "B": 500.0, "C": 0.0, "D": -300.0, "E": -2500.0}
    for n in ids:
        assert net_out[n] == pytest.approx(expected[n], abs=1e-6)
    # every route of an OD starts at its origin and ends at its destination
    for od in r.od:
        for route in od.routes:
            assert net.links[route.links[0]].from_id == od.origin
            assert net.links[route.links[-1]].to_id == od.destination
        assert sum(x.teu_yr for x in od.routes) == pytest.approx(od.served_teu_yr)
