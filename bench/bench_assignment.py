"""Equilibrium assignment on Sioux Falls: ours against AequilibraE's bfw, same data, one run.

For each target relative gap (1e-4, 1e-5) both solvers run from scratch; we report iterations,
the median wall time of ``REPEATS`` runs (solver only: TNTP parsing and AequilibraE's graph and
matrix set-up are excluded, our all-or-nothing set-up is included), the relative gap of the
returned flows measured the same way for both (our definition, with our shortest paths), and the
objective error against the best-known Beckmann value published with the network.

AequilibraE (the ``bench`` extra) is driven through its in-memory API: ``Graph`` +
``AequilibraeMatrix(memory_only=True)`` + ``TrafficAssignment``, no project files, once on one
core and once on all (``bfw/N`` = N cores); ours is single-threaded.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from corridors.assignment import AllOrNothing, AssignmentNetwork, assign
from corridors.assignment.tntp import TntpNetwork, read_net, read_trips

SIOUX = Path(__file__).resolve().parent.parent / "tests" / "data" / "tntp" / "SiouxFalls"
BEST_OBJECTIVE = 42.31335287107440e5  # SiouxFalls/README.md, x 1e5
GAPS = (1e-4, 1e-5)
REPEATS = 3


def _true_gap(network: AssignmentNetwork, demand: np.ndarray, flows: np.ndarray) -> float:
    cost = network.delay.time(flows) + network.fixed_cost
    y = AllOrNothing(network, demand).load(cost)
    total = float(flows @ cost)
    return (total - float(y @ cost)) / total


def _ours(
    network: AssignmentNetwork, demand: np.ndarray, algorithm: str, gap: float
) -> dict[str, Any]:
    runs = [
        assign(network, demand, algorithm=algorithm, gap=gap, max_iter=20000)
        for _ in range(REPEATS)
    ]  # type: ignore[arg-type]
    r = runs[-1]
    return {
        "iterations": r.iterations,
        "seconds": statistics.median(x.seconds for x in runs),
        "flows": r.flows,
        "converged": r.converged,
    }


def _aequilibrae(
    tn: TntpNetwork, demand: np.ndarray, gap: float, cores: int
) -> dict[str, Any] | None:
    os.environ["AEQ_SHOW_PROGRESS"] = "FALSE"  # TQDM_DISABLE crashes 1.7.2
    try:
        import pandas as pd
        from aequilibrae.matrix import AequilibraeMatrix
        from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass
    except ImportError:
        return None
    n_links, zones = tn.n_links, np.arange(1, tn.n_zones + 1, dtype=np.int64)
    network = pd.DataFrame(
        {
            "link_id": np.arange(1, n_links + 1),
            "a_node": tn.init_node,
            "b_node": tn.term_node,
            "direction": np.ones(n_links, dtype=np.int64),
            "free_flow_time": tn.free_flow_time,
            "capacity": tn.capacity,
            "alpha": tn.b,
            "beta": tn.power,
        }
    )
    seconds, result = [], None
    for _ in range(REPEATS):
        graph = Graph()
        graph.network = network
        graph.prepare_graph(zones)
        graph.set_graph("free_flow_time")
        graph.set_skimming(["free_flow_time"])
        graph.set_blocked_centroid_flows(tn.first_thru_node > 1)
        matrix = AequilibraeMatrix()
        matrix.create_empty(zones=tn.n_zones, matrix_names=["demand"], memory_only=True)
        matrix.index[:] = zones
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
        result = ta
    assert result is not None
    flows = result.results()["demand_tot"].reindex(np.arange(1, n_links + 1)).to_numpy(float)
    return {
        "iterations": int(result.assignment.iter),
        "seconds": statistics.median(seconds),
        "flows": flows,
        "converged": float(result.assignment.rgap) <= gap,
    }


def main() -> None:
    tn = read_net(SIOUX / "SiouxFalls_net.tntp")
    demand = read_trips(SIOUX / "SiouxFalls_trips.tntp")
    network = tn.to_assignment()

    def row(name: str, target: float, run: dict[str, Any] | None) -> None:
        if run is None:
            print(f"{name:<18}{target:>8.0e}  (not installed: pip install -e '.[bench]')")
            return
        objective = float(network.delay.integral(run["flows"]).sum())
        err = (objective - BEST_OBJECTIVE) / BEST_OBJECTIVE
        gap = _true_gap(network, demand, run["flows"])
        ms = 1e3 * run["seconds"] / run["iterations"]
        print(
            f"{name:<18}{target:>8.0e}{run['iterations']:>7}{run['seconds']:>10.4f}{ms:>9.3f}"
            f"{gap:>10.2e}{err:>10.2e}"
        )

    print(
        f"Sioux Falls ({tn.n_nodes} nodes, {tn.n_links} links, {tn.n_zones} zones), "
        f"median of {REPEATS} runs, solver time only"
    )
    cols = ("iter", 7), ("seconds", 10), ("ms/iter", 9), ("gap", 10), ("obj err", 10)
    header = f"{'solver':<18}{'target':>8}" + "".join(f"{c:>{w}}" for c, w in cols)
    print(header + "\n" + "-" * len(header))
    ratios = []
    for target in GAPS:
        ours = _ours(network, demand, "bfw", target)
        row("corridors bfw", target, ours)
        peers = []
        for cores in (1, os.cpu_count() or 1):
            peer = _aequilibrae(tn, demand, target, cores)
            row(f"aequilibrae bfw/{cores}", target, peer)
            if peer is not None:
                peers.append(peer)
        if peers:
            best = min(peers, key=lambda p: p["seconds"])
            ratios.append(
                (target, best["seconds"] / ours["seconds"], best["iterations"] / ours["iterations"])
            )
    for algorithm in ("cfw", "fw"):
        row(f"corridors {algorithm}", 1e-4, _ours(network, demand, algorithm, 1e-4))
    for target, time_ratio, iter_ratio in ratios:
        print(
            f"gap {target:.0e}: aequilibrae (faster setting) / corridors: time {time_ratio:.1f}x, "
            f"iterations {iter_ratio:.2f}x"
        )
