"""Route planner benchmarks: query latency on the bundled network; scale against scipy and networkx.

1. Bundled network: every ordered pair of 32 hubs (terminals, dry ports, seaports and hubs with
   the most links), end to end through ``plan_routes`` (place lookup, search, five diversified
   options, 1,000-draw P50/P90, explanation): Pareto and single best (weights time=1, price=1,
   co2=1). Targets: Pareto p95 <= 20 ms, single-best median <= 2 ms.
2. Generated network (``bench/synthetic.py``, 100,000 nodes, ~400,000 links): a single-criterion
   query (fastest route) by our fast path (a compiled Dijkstra stopped at the target), by
   ``scipy.sparse.csgraph.dijkstra`` and by networkx on the same state graph (same vertices, arcs
   and weights, so all three must agree), plus scipy on the plain node graph for reference.
   Targets: within 1.5x of scipy, >= 10x faster than networkx.
3. Three-criteria ``plan_routes`` on generated networks of growing size (exact Pareto set within
   the planner's label budget, an ε-cover within the next, else the routes found so far plus
   supported Pareto routes), in a subprocess with a time cap.

``python -m bench bench_routing`` runs it; ``BENCH_QUICK=1`` uses a 25,000-node network.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import statistics
import time
from datetime import UTC, datetime

import numpy as np

from corridors.errors import NoRoute
from corridors.network.load import load_network
from corridors.network.model import Network
from corridors.routing import RouteRequest, Weights, plan_routes
from corridors.routing.compile import compile_network
from corridors.routing.constraints import Query, mask_key
from corridors.routing.fastpath import fast_single_best, state_graph

DEPART = datetime(2026, 12, 1, 8, tzinfo=UTC)


def _pct(xs: list[float], q: float) -> float:
    return float(np.percentile(xs, q))


def hubs(net: Network, n: int = 32) -> list[str]:
    """The ``n`` best-connected terminals, dry ports, seaports and hubs."""
    degree: dict[str, int] = {}
    for link in net.links.values():
        degree[link.from_id] = degree.get(link.from_id, 0) + 1
    kinds = {"terminal", "dry_port", "seaport", "hub"}
    cands = [nd for nd in net.nodes.values() if nd.kind in kinds]
    cands.sort(key=lambda nd: (-degree.get(nd.id, 0), nd.id))
    return [nd.id for nd in cands[:n]]


def bundled() -> list[tuple[str, str]]:
    net = load_network()
    ids = hubs(net)
    plan_routes(net, RouteRequest(origin=ids[0], destination=ids[1], departure=DEPART))  # warm
    rows = []
    for name, weights in (("Pareto (5 options)", None), ("single best (1/1/1)", Weights())):
        times: list[float] = []
        sizes: list[int] = []
        none = 0
        for o in ids:
            for d in ids:
                if o == d:
                    continue
                req = RouteRequest(origin=o, destination=d, departure=DEPART, weights=weights)
                t = time.perf_counter()
                try:
                    plan = plan_routes(net, req)
                    sizes.append(len(plan.options))
                except NoRoute:
                    none += 1
                times.append((time.perf_counter() - t) * 1000)
        rows.append((name, len(times), statistics.median(times), _pct(times, 95), max(times), none))
    print(f"bundled network: {len(net.nodes)} nodes, {len(net.links)} links, {len(ids)} hubs")
    print(
        f"{'query':24} {'pairs':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'no route':>9}"
    )
    for name, n, med, p95, mx, none in rows:
        print(f"{name:24} {n:6d} {med:10.2f} {p95:8.2f} {mx:8.1f} {none:9d}")
    return [(r[0], f"{r[2]:.2f}/{r[3]:.2f}") for r in rows]


def _ms(fn: object, repeat: int = 1) -> tuple[float, object]:
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()  # type: ignore[operator]
        best = min(best, (time.perf_counter() - t) * 1000)
    return best, out


def scale(rows: int, cols: int, pairs: int = 10) -> None:
    import networkx as nx
    from scipy.sparse import csr_array
    from scipy.sparse.csgraph import dijkstra

    from bench.synthetic import synthetic_network

    t = time.perf_counter()
    net = synthetic_network(rows, cols)
    cn = compile_network(net)
    key = mask_key()
    sg = state_graph(cn, key)
    setup = time.perf_counter() - t
    print(
        f"\ngenerated network: {len(net.nodes):,} nodes, {len(net.links):,} links; state graph "
        f"{sg.n_states:,} vertices, {len(sg.entry_arc):,} arcs (setup {setup:.1f} s, once)"
    )
    from corridors.routing.bounds import arc_costs

    q0 = Query(0, 1, key, 2.0, 20.0, 0.0)
    time_cost = arc_costs(cn, q0)[0]
    data = np.empty(len(sg.entry_arc))
    data[sg.link_entries] = time_cost[sg.link_arcs]
    data[sg.transfer_entries] = sg.transfer_h
    graph = csr_array((data, sg.indices, sg.indptr), shape=(sg.n_states,) * 2)
    # the plain node graph (no transfers) for reference
    node_graph = csr_array(
        (time_cost, (cn.a_from, cn.a_to)), shape=(cn.n_nodes, cn.n_nodes)
    ).tocsr()
    coo = graph.tocoo()
    g = nx.DiGraph()
    for u, v, w in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
        if not g.has_edge(u, v) or g[u][v]["weight"] > w:
            g.add_edge(u, v, weight=w)
    rng = np.random.default_rng(11)
    ids = cn.node_ids
    res: dict[str, list[float]] = {k: [] for k in ("ours", "ours_e2e", "scipy", "scipy_node", "nx")}
    for _ in range(pairs):
        o, d = (int(x) for x in rng.choice(cn.n_nodes, 2, replace=False))
        q = Query(o, d, key, 2.0, 20.0, 0.0)
        src = sg.states_of_node[o]
        dst = sg.states_of_node[d]
        ms, arcs = _ms(lambda q=q: fast_single_best(cn, q, 1.0, 0.0, 0.0), 3)
        res["ours"].append(ms)
        req = RouteRequest(
            origin=ids[o], destination=ids[d], departure=DEPART, samples=200,
            weights=Weights(time=1, price=0, co2=0),
        )  # fmt: skip
        ms, _ = _ms(lambda req=req: plan_routes(net, req), 1)
        res["ours_e2e"].append(ms)
        ms, dist = _ms(lambda src=src: dijkstra(graph, indices=src, min_only=True), 3)
        res["scipy"].append(ms)
        ms, _ = _ms(lambda o=o: dijkstra(node_graph, indices=o), 3)
        res["scipy_node"].append(ms)
        ms, nd = _ms(lambda src=src, dst=dst: nx.multi_source_dijkstra(g, set(src), dst[0]), 1)
        res["nx"].append(ms)
        best_scipy = min(dist[s] for s in dst)  # type: ignore[index]
        ours_cost = sum(float(time_cost[a]) for a in arcs) + _transfers(cn, arcs)  # type: ignore[union-attr]
        if len(dst) == 1 and abs(ours_cost - best_scipy) > 1e-6 * max(1.0, best_scipy):
            raise AssertionError(f"ours {ours_cost} != scipy {best_scipy}")
        _ = nd
    med = {k: statistics.median(v) for k, v in res.items()}
    print(f"single-criterion (fastest) query, {pairs} random pairs, median ms:")
    print(f"{'engine':44} {'ms':>8} {'ours/peer':>10}")
    print(f"{'ours: fast path (compiled Dijkstra to target)':44} {med['ours']:8.1f} {'':>10}")
    print(f"{'ours: plan_routes end to end':44} {med['ours_e2e']:8.1f} {'':>10}")
    print(f"{'scipy.csgraph.dijkstra, same state graph':44} {med['scipy']:8.1f} "
          f"{med['ours'] / med['scipy']:10.2f}")  # fmt: skip
    print(f"{'scipy.csgraph.dijkstra, plain node graph':44} {med['scipy_node']:8.1f} "
          f"{med['ours'] / med['scipy_node']:10.2f}")  # fmt: skip
    print(f"{'networkx multi_source_dijkstra (to target)':44} {med['nx']:8.1f} "
          f"{med['ours'] / med['nx']:10.3f}")  # fmt: skip


def _transfers(cn: object, arcs: tuple[int, ...]) -> float:
    """Transfer hours along a path (the synthetic network's handling and gauge changes)."""
    from corridors.routing.compile import CompiledNetwork
    from corridors.routing.search import START, transfer

    assert isinstance(cn, CompiledNetwork)
    cls, total = START, 0.0
    for a in arcs:
        tr = transfer(cn, False, cls, a)
        assert tr is not None
        total += tr[0]
        cls = cn.lst("cmode")[a] * 100_000 + cn.lst("gout")[a]
    return total


def _pareto_worker(rows: int, cols: int, pairs: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    from bench.synthetic import synthetic_network

    net = synthetic_network(rows, cols)
    cn = compile_network(net)
    rng = np.random.default_rng(5)
    # warm: compile, and build the state graph the supported routes use (once per mask, ~1 s
    # at 100,000 nodes), as in a running server
    for weights in (None, Weights()):
        plan_routes(
            net, RouteRequest(origin=cn.node_ids[0], destination=cn.node_ids[1], weights=weights)
        )
    for _ in range(pairs):
        o, d = (int(x) for x in rng.choice(cn.n_nodes, 2, replace=False))
        req = RouteRequest(origin=cn.node_ids[o], destination=cn.node_ids[d], departure=DEPART)
        t = time.perf_counter()
        plan = plan_routes(net, req)
        ms = (time.perf_counter() - t) * 1000
        kind = "exact"
        if any("supported" in n for n in plan.notes):
            kind = "partial"
        elif any("ε-cover" in n for n in plan.notes):
            kind = "epsilon"
        out.put((ms, len(plan.options), kind))


def pareto_scale(rows: int, cols: int, pairs: int, cap_s: float) -> None:
    out: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    proc = mp.Process(target=_pareto_worker, args=(rows, cols, pairs, out))
    proc.start()
    got: list[tuple[float, int, str]] = []
    deadline = time.perf_counter() + cap_s + 60
    while len(got) < pairs and time.perf_counter() < deadline and proc.is_alive():
        try:
            got.append(out.get(timeout=1.0))
        except Exception:
            continue
    proc.terminate()
    proc.join()
    ms = [g[0] for g in got]
    print(
        f"three-criteria plan_routes, {rows * cols:,}-node generated network: {len(got)}/{pairs} "
        f"queries done within {cap_s:.0f} s; "
        + (
            f"median {statistics.median(ms):.0f} ms, p95 {_pct(ms, 95):.0f} ms, "
            f"max {max(ms):.0f} ms; exact / ε-cover / partial + supported: "
            f"{'/'.join(str(sum(g[2] == k for g in got)) for k in ('exact', 'epsilon', 'partial'))}"
            if got
            else "none finished"
        )
    )


def main() -> None:
    quick = os.environ.get("BENCH_QUICK") == "1"
    bundled()
    if quick:
        scale(125, 200, pairs=5)
    else:
        scale(250, 400, pairs=10)
    for rows, cols in ((25, 40), (50, 80), (125, 200) if quick else (250, 400)):
        pareto_scale(rows, cols, pairs=10, cap_s=600)


if __name__ == "__main__":
    main()
