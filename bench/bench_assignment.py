"""Equilibrium assignment: ours against AequilibraE's bfw, same data, one run.

1. Sioux Falls (TNTP). For each target relative gap (1e-4, 1e-5), both solvers run from scratch.
   We report iterations, the median wall time of ``REPEATS`` runs, the relative gap of the
   returned flows, and the objective error against the best-known Beckmann value published with
   the network. Wall time covers the solver only: TNTP parsing and AequilibraE's graph and matrix
   set-up are excluded, our all-or-nothing set-up is included. The gap is measured the same way
   for both (our definition, with our shortest paths).
2. Scale check: a synthetic 30 x 30 grid with 400 zones, about the size of Chicago Sketch (whose
   trips file we do not have), solved once by each to a gap of 1e-3.

AequilibraE (the ``bench`` extra) is driven through its in-memory API: ``Graph`` +
``AequilibraeMatrix(memory_only=True)`` + ``TrafficAssignment``, no project files. It runs once
on one core and once on all cores (``bfw/N`` = N cores). Ours is single-threaded.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from corridors.assignment import BPR, AllOrNothing, AssignmentNetwork, assign
from corridors.assignment.tntp import read_net, read_trips

SIOUX = Path(__file__).resolve().parent.parent / "tests" / "data" / "tntp" / "SiouxFalls"
BEST_OBJECTIVE = 42.31335287107440e5  # SiouxFalls/README.md, x 1e5
GAPS = (1e-4, 1e-5)
REPEATS = 3
Run = dict[str, Any]


def _true_gap(network: AssignmentNetwork, demand: np.ndarray, flows: np.ndarray) -> float:
    cost = network.delay.time(flows) + network.fixed_cost
    y = AllOrNothing(network, demand).load(cost)
    total = float(flows @ cost)
    return (total - float(y @ cost)) / total


def _ours(
    network: AssignmentNetwork, demand: np.ndarray, algorithm: str, gap: float, repeats: int
) -> Run:
    runs = [
        assign(network, demand, algorithm=algorithm, gap=gap, max_iter=20000)  # type: ignore[arg-type]
        for _ in range(repeats)
    ]
    return {
        "iterations": runs[-1].iterations,
        "seconds": statistics.median(r.seconds for r in runs),
        "flows": runs[-1].flows,
    }


def _aequilibrae(
    network: AssignmentNetwork, demand: np.ndarray, gap: float, cores: int, repeats: int
) -> Run | None:
    """AequilibraE bfw on the same BPR network (nodes renumbered so zone z is node z+1)."""
    os.environ["AEQ_SHOW_PROGRESS"] = "FALSE"  # TQDM_DISABLE crashes 1.7.2
    try:
        import pandas as pd
        from aequilibrae.matrix import AequilibraeMatrix
        from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass
    except ImportError:
        return None
    delay = network.delay
    assert isinstance(delay, BPR)
    order = np.concatenate([network.zones, np.setdiff1d(np.arange(network.n_nodes), network.zones)])
    node_id = np.empty(network.n_nodes, dtype=np.int64)
    node_id[order] = np.arange(1, network.n_nodes + 1)
    n_links, n_zones = network.n_links, network.n_zones
    links = pd.DataFrame(
        {
            "link_id": np.arange(1, n_links + 1),
            "a_node": node_id[network.tail],
            "b_node": node_id[network.head],
            "direction": np.ones(n_links, dtype=np.int64),
            "free_flow_time": delay.free_flow_time,
            "capacity": delay.capacity,
            "alpha": delay.b,
            "beta": delay.power,
        }
    )
    centroids = np.arange(1, n_zones + 1, dtype=np.int64)
    seconds, last = [], None
    for _ in range(repeats):
        graph = Graph()
        graph.network = links
        graph.prepare_graph(centroids)
        graph.set_graph("free_flow_time")
        graph.set_skimming(["free_flow_time"])
        graph.set_blocked_centroid_flows(bool(network.no_through.any()))
        matrix = AequilibraeMatrix()
        matrix.create_empty(zones=n_zones, matrix_names=["demand"], memory_only=True)
        matrix.index[:] = centroids
        matrix.matrices[:, :, 0] = demand
        matrix.computational_view(["demand"])
        ta = TrafficAssignment()
        ta.set_classes([TrafficClass("car", graph, matrix)])
        ta.set_vdf("BPR")
        ta.set_vdf_parameters({"alpha": "alpha", "beta": "beta"})
        ta.set_capacity_field("capacity")
        ta.set_time_field("free_flow_time")
        ta.set_algorithm("bfw")
        ta.set_cores(cores)
        ta.max_iter = 20000
        ta.rgap_target = gap
        start = time.perf_counter()
        ta.execute()
        seconds.append(time.perf_counter() - start)
        last = ta
    assert last is not None
    flows = last.results()["demand_tot"].reindex(np.arange(1, n_links + 1)).to_numpy(float)
    return {
        "iterations": int(last.assignment.iter),
        "seconds": statistics.median(seconds),
        "flows": flows,
    }


def _compare(
    label: str,
    network: AssignmentNetwork,
    demand: np.ndarray,
    gaps: tuple[float, ...],
    repeats: int,
    best: float | None,
) -> None:
    def row(name: str, target: float, run: Run | None) -> None:
        if run is None:
            print(f"{name:<18}{target:>8.0e}  (not installed: pip install -e '.[bench]')")
            return
        objective = float(network.delay.integral(run["flows"]).sum())
        err = f"{(objective - best) / best:>10.2e}" if best else f"{objective:>14,.1f}"
        gap = _true_gap(network, demand, run["flows"])
        ms = 1e3 * run["seconds"] / run["iterations"]
        print(
            f"{name:<18}{target:>8.0e}{run['iterations']:>7}{run['seconds']:>10.4f}{ms:>9.3f}"
            f"{gap:>10.2e}{err}"
        )

    print(f"\n{label}")
    cols = ("iter", 7), ("seconds", 10), ("ms/iter", 9), ("gap", 10)
    last = ("obj err", 10) if best else ("objective", 14)
    header = f"{'solver':<18}{'target':>8}" + "".join(f"{c:>{w}}" for c, w in (*cols, last))
    print(header + "\n" + "-" * len(header))
    ratios = []
    for target in gaps:
        ours = _ours(network, demand, "bfw", target, repeats)
        row("corridors bfw", target, ours)
        peers = []
        for cores in sorted({1, os.cpu_count() or 1}):
            peer = _aequilibrae(network, demand, target, cores, repeats)
            row(f"aequilibrae bfw/{cores}", target, peer)
            if peer is not None:
                peers.append(peer)
        if peers:
            fastest = min(peers, key=lambda p: p["seconds"])
            ratios.append((target, fastest, ours))
    for target, fastest, ours in ratios:
        print(
            f"gap {target:.0e}: aequilibrae (faster setting) / corridors: time "
            f"{fastest['seconds'] / ours['seconds']:.1f}x, "
            f"iterations {fastest['iterations'] / ours['iterations']:.2f}x"
        )


def _grid(k: int, zones: int, seed: int = 0) -> tuple[AssignmentNetwork, np.ndarray]:
    """A k x k grid of two-way links with random BPR times and capacities, random zones."""
    rng = np.random.default_rng(seed)
    idx = np.arange(k * k).reshape(k, k)
    pairs = [(idx[:, :-1], idx[:, 1:]), (idx[:-1, :], idx[1:, :])]
    tail = np.concatenate([x.ravel() for a, b in pairs for x in (a, b)])
    head = np.concatenate([x.ravel() for a, b in pairs for x in (b, a)])
    n = tail.size
    delay = BPR(rng.uniform(1.0, 3.0, n), rng.uniform(500.0, 1500.0, n), 0.15, 4.0)
    zone_nodes = rng.choice(k * k, zones, replace=False)
    demand = rng.uniform(0.0, 2.0, (zones, zones))
    np.fill_diagonal(demand, 0.0)
    return AssignmentNetwork(k * k, tail, head, delay, zone_nodes), demand


def main() -> None:
    tn = read_net(SIOUX / "SiouxFalls_net.tntp")
    demand = read_trips(SIOUX / "SiouxFalls_trips.tntp")
    network = tn.to_assignment()
    _compare(
        f"Sioux Falls ({tn.n_nodes} nodes, {tn.n_links} links, {tn.n_zones} zones), "
        f"median of {REPEATS} runs, solver time only",
        network,
        demand,
        GAPS,
        REPEATS,
        BEST_OBJECTIVE,
    )
    for algorithm in ("cfw", "fw"):
        run = _ours(network, demand, algorithm, 1e-4, REPEATS)
        err = (float(network.delay.integral(run["flows"]).sum()) - BEST_OBJECTIVE) / BEST_OBJECTIVE
        print(
            f"corridors {algorithm:<8}{1e-4:>8.0e}{run['iterations']:>7}{run['seconds']:>10.4f}"
            f"{1e3 * run['seconds'] / run['iterations']:>9.3f}"
            f"{_true_gap(network, demand, run['flows']):>10.2e}{err:>10.2e}"
        )
    grid, grid_demand = _grid(30, 400)
    _compare(
        f"Scale check: synthetic 30x30 grid ({grid.n_nodes} nodes, {grid.n_links} links, "
        f"{grid.n_zones} zones), one run",
        grid,
        grid_demand,
        (1e-3,),
        1,
        None,
    )
