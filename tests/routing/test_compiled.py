"""The compiled engines against their references: the Numba Pareto kernel against the pure-Python
search and the brute-force oracle, its ε-cover against the oracle's Pareto set, and the compiled
Dijkstra of the fast path against scipy on the same state graph."""

from __future__ import annotations

import math

import numpy as np
import pytest
from bench.synthetic import synthetic_network
from hypothesis import given
from hypothesis import strategies as st
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from corridors.network.model import Network
from corridors.routing.bounds import lower_bounds
from corridors.routing.compile import CompiledNetwork, compile_network
from corridors.routing.constraints import Query, mask_key
from corridors.routing.fastpath import _weights, fast_single_best, state_graph
from corridors.routing.pareto import pareto_set
from corridors.routing.search import START, pareto_search, transfer

from .nets import border, link, network, node, service
from .test_search_properties import (
    CONSTRAINED_CASES,
    SETTINGS,
    _query,
    assert_real_walks,
    front,
    oracle_walks,
    same,
    small_networks,
)

Vec = tuple[float, float, float]


def _vecs(paths: list) -> list[Vec]:  # type: ignore[type-arg]
    return [(p.time_h, p.price_usd, p.co2e_kg) for p in paths]


@SETTINGS
@CONSTRAINED_CASES
def test_compiled_pareto_set_equals_the_python_search(
    net: Network, avoid: set[str], planned: bool, reefer: bool, max_k: int | None
) -> None:
    o, d = "N0", "N1"
    avoid_f = frozenset(avoid) - {net.nodes[o].country, net.nodes[d].country}
    q = _query(net, o, d, avoid=avoid_f, planned=planned, reefer=reefer, max_k=max_k)
    cn = compile_network(net)
    bounds = lower_bounds(cn, q)
    reference = pareto_search(cn, q, bounds)
    result = pareto_set(cn, q, bounds)
    assert reference is not None and result.complete
    compiled = result.paths
    assert same(_vecs(compiled), _vecs(reference)), (_vecs(compiled), _vecs(reference))
    assert sorted(p.transshipments for p in compiled) == sorted(p.transshipments for p in reference)
    # and both equal the oracle's
    walks = oracle_walks(
        net, o, d, teu=2.0, tonnes=20.0, t0=q.t0_h, avoid=avoid_f, planned=planned, reefer=reefer
    )
    walks = [w for w in walks if max_k is None or w.k <= max_k]
    assert same(_vecs(compiled), front([(w.t, w.p, w.c) for w in walks]))


@SETTINGS
@given(
    net=small_networks(),
    eps=st.sampled_from([0.05, 0.3, 1.0]),
    reefer=st.booleans(),
    max_k=st.one_of(st.none(), st.integers(0, 2)),
)
def test_epsilon_search_covers_every_pareto_optimal_route(
    net: Network, eps: float, reefer: bool, max_k: int | None
) -> None:
    o, d = "N0", "N1"
    q = _query(net, o, d, reefer=reefer, max_k=max_k)
    cn = compile_network(net)
    walks = oracle_walks(net, o, d, teu=2.0, tonnes=20.0, t0=q.t0_h, reefer=reefer)
    walks = [w for w in walks if max_k is None or w.k <= max_k]
    result = pareto_set(cn, q, lower_bounds(cn, q), epsilon=eps)
    assert result.complete
    paths = result.paths
    got = _vecs(paths)
    tol = 1e-6
    for t, p, c in front([(w.t, w.p, w.c) for w in walks]):
        assert any(
            t2 <= t + tol and p2 <= (1 + eps) * p + tol and c2 <= (1 + eps) * c + tol
            for t2, p2, c2 in got
        ), ((t, p, c), got)
    for i, a in enumerate(got):  # mutually non-dominated
        for j, b in enumerate(got):
            if i != j:
                assert not (
                    all(x <= y + 1e-9 for x, y in zip(b, a, strict=True))
                    and any(x < y - 1e-9 for x, y in zip(b, a, strict=True))
                ), (a, b)
    assert_real_walks(cn, paths, walks)


def test_a_merged_label_counts_the_transshipments_of_its_own_route() -> None:
    """Hypothesis found this: a Ro-Ro ferry carries a box as a container or on a truck. At the
    road state after it, the truck's label (no transshipment yet, one hour earlier) replaced the
    container's as the ε-cover's representative but kept the container's count: the route was
    reported with 2 transshipments instead of 1."""
    nodes = [
        node(nid, "CN", handling_h=1.0 if nid == "N2" else 0.0, handling_usd_teu=0.0)
        for nid in ("N0", "N1", "N2", "N3")
    ]
    links = [
        link("L1", "N0", "N1", "rail", 50, speed=20.0, price=106, gauge=1435),
        link("L14", "N0", "N2", "ferry", 50, speed=20.0, price=0),
        link("L5", "N2", "N3", "road", 50, speed=20.0, price=0),
        link("L10", "N3", "N1", "rail", 50, speed=20.0, price=0, gauge=1520),
    ]
    ferry = service(
        "L14", "S14_0", sailings_per_week=3.5, crossing_h=10.0, price_usd_teu=100,
        carries=("truck", "rail_wagon", "container"),
    )  # fmt: skip
    net = network(nodes, links, [border("L10", 0.0, 1.0)], [ferry])
    cn = compile_network(net)
    q = _query(net, "N0", "N1")
    walks = oracle_walks(net, "N0", "N1", teu=2.0, tonnes=20.0, t0=q.t0_h, reefer=False)
    result = pareto_set(cn, q, lower_bounds(cn, q), epsilon=0.05)
    assert any(len(p.arcs) == 3 for p in result.paths)  # the route via the ferry is among them
    assert_real_walks(cn, result.paths, walks)


def _scipy_cost(cn: CompiledNetwork, q: Query, w: tuple[float, float, float]) -> float:
    sg = state_graph(cn, q.mask)
    data = _weights(cn, sg, q, *w)
    graph = csr_array((data, sg.indices, sg.indptr), shape=(sg.n_states, sg.n_states))
    src, dst = sg.states_of_node[q.origin], sg.states_of_node[q.destination]
    if not src or not dst:
        return math.inf
    dist = dijkstra(graph, indices=src, min_only=True)
    return float(min(dist[s] for s in dst))


def _path_cost(cn: CompiledNetwork, q: Query, arcs: tuple[int, ...], w: Vec) -> float:
    """Weighted cost of a path with static costs (transfers at their handling)."""
    from corridors.routing.bounds import arc_costs

    time, price, co2 = arc_costs(cn, q)
    cls, total = START, 0.0
    for a in arcs:
        tr = transfer(cn, q.reefer, cls, a)
        assert tr is not None
        total += w[0] * (tr[0] + time[a]) + w[1] * (tr[1] * q.teu + price[a]) + w[2] * co2[a]
        cls = cn.lst("cmode")[a] * 100_000 + cn.lst("gout")[a]
    return total


@pytest.mark.parametrize("w", [(1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (3.0, 1.0, 0.5)])
def test_compiled_dijkstra_matches_scipy_on_a_generated_network(w: Vec) -> None:
    net = synthetic_network(40, 60)
    cn = compile_network(net)
    rng = np.random.default_rng(3)
    for _ in range(15):
        o, d = (int(x) for x in rng.choice(cn.n_nodes, 2, replace=False))
        q = Query(o, d, mask_key(), 2.0, 20.0, 0.0)
        arcs = fast_single_best(cn, q, *w)
        expected = _scipy_cost(cn, q, w)
        assert arcs is not None and math.isfinite(expected)
        assert cn.lst("from")[arcs[0]] == o and cn.lst("to")[arcs[-1]] == d
        assert _path_cost(cn, q, arcs, w) == pytest.approx(expected, rel=1e-9, abs=1e-6)


@SETTINGS
@given(net=small_networks(), w=st.sampled_from([(1.0, 0.0, 0.0), (0.0, 1.0, 2.0)]))
def test_compiled_dijkstra_matches_scipy_on_small_networks(net: Network, w: Vec) -> None:
    cn = compile_network(net)
    q = _query(net, "N0", "N1")
    arcs = fast_single_best(cn, q, *w)
    expected = _scipy_cost(cn, q, w)
    if arcs is None:
        assert not math.isfinite(expected)
        return
    assert _path_cost(cn, q, arcs, w) == pytest.approx(expected, rel=1e-9, abs=1e-6)


@SETTINGS
@given(
    net=small_networks(),
    eps=st.sampled_from([0.0, 0.05, 0.5]),
    budget=st.integers(1, 30),
)
def test_a_search_cut_short_covers_the_routes_faster_than_its_reach(
    net: Network, eps: float, budget: int
) -> None:
    q = _query(net, "N0", "N1")
    cn = compile_network(net)
    walks = oracle_walks(net, "N0", "N1", teu=2.0, tonnes=20.0, t0=q.t0_h)
    result = pareto_set(cn, q, lower_bounds(cn, q), max_labels=budget, epsilon=eps)
    got = _vecs(result.paths)
    tol = 1e-6
    for t, p, c in front([(w.t, w.p, w.c) for w in walks]):
        if t < result.reach_h - tol:
            assert any(
                t2 <= t + tol and p2 <= (1 + eps) * p + tol and c2 <= (1 + eps) * c + tol
                for t2, p2, c2 in got
            ), ((t, p, c), got, result.reach_h)


def test_the_jit_cache_goes_to_the_user_cache_dir_when_the_package_is_read_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numba

    from corridors.routing import kernels

    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setattr(numba.config, "CACHE_DIR", "", raising=False)
    kernels._cache_dir()
    assert numba.config.CACHE_DIR == ""  # the source tree is writable here: numba's default
    monkeypatch.setattr(kernels.os, "access", lambda *_: False)
    kernels._cache_dir()
    assert numba.config.CACHE_DIR.endswith("numba") and "corridors" in numba.config.CACHE_DIR
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/somewhere")
    monkeypatch.setattr(numba.config, "CACHE_DIR", "/somewhere")
    kernels._cache_dir()
    assert numba.config.CACHE_DIR == "/somewhere"  # an explicit choice wins


def test_warm_up_leaves_the_kernels_compiled_for_the_first_request() -> None:
    from corridors.network.load import load_network
    from corridors.routing import warm_up
    from corridors.routing.kernels import dijkstra_to_target, pareto_labels

    warm_up(load_network())
    assert pareto_labels.signatures and dijkstra_to_target.signatures  # type: ignore[attr-defined]
