"""Capacitated flow on the bundled network and demand: LP size and solve time.

Ours: the origin-based formulation (one commodity per origin, or per origin and avoided
countries). Peer: the same programme with one commodity per OD pair, the textbook
multicommodity formulation, solved by the same HiGHS. Also a three-slice scenario year (the
Poland–Belarus closure). Target: at most 2 s for the baseline.
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

import numpy as np

from corridors.capacity import CapacityOptions, load_bundled_demand, solve_capacity
from corridors.capacity.graph import CostParams, build_graph
from corridors.capacity.lp import SliceInput, solve_lp
from corridors.network.load import load_network
from corridors.scenarios import load_scenario, run_scenario

REPEAT = 5
EXAMPLES = Path(__file__).resolve().parents[1] / "scenarios"


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _od_based(network, demand, opts: CapacityOptions) -> tuple[float, int, int, int]:
    """Solve with one commodity per OD pair: each pair gets a key of its own."""
    keys = sorted(demand.keys())
    od_nodes = {n for o, d, _ in keys for n in (o, d)}
    params = CostParams(opts.value_of_time_usd_teu_h, opts.tonnes_per_teu, opts.teu_per_train)
    g = build_graph(network, params, od_nodes)
    rates = demand.keys()
    # a distinct (non-existent) "avoided country" per pair makes each pair its own commodity
    # while masking nothing, except rows that really avoid countries keep their own mask
    pairs = [(o, d, (*avoid, f"#{i}")) for i, (o, d, avoid) in enumerate(keys)]
    sl = SliceInput(opts.year_days, g, np.array([rates[k] for k in keys]))
    t0 = time.perf_counter()
    sol = solve_lp(
        [sl],
        pairs,
        year_days=opts.year_days,
        penalty_usd_teu=opts.unserved_penalty_usd_teu,
        deferral_usd_teu_day=None,
        time_limit_s=600,
    )
    return time.perf_counter() - t0, sol.size.variables, sol.size.rows, sol.size.nonzeros


def main() -> None:
    network = load_network()
    demand = load_bundled_demand(network)
    opts = CapacityOptions()
    solve_capacity(network, demand, opts)  # warm-up: imports, caches
    runs = [solve_capacity(network, demand, opts) for _ in range(REPEAT)]
    lp = runs[-1].lp
    total = _median([r.lp.total_s for r in runs])
    solve = _median([r.lp.solve_s for r in runs])
    build = _median([r.lp.build_s for r in runs])
    peer_s, peer_vars, peer_rows, peer_nnz = _od_based(network, demand, opts)
    scenario = load_scenario(EXAMPLES / "pl_by_border_closed.yaml")
    t0 = time.perf_counter()
    comparison = run_scenario(scenario, network=network, demand=demand)
    scenario_s = time.perf_counter() - t0
    slices = comparison.scenario.lp

    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(
        f"network: {len(network.nodes)} nodes, {len(network.links)} links; demand: "
        f"{len(demand.pairs())} OD pairs, {demand.total_teu:,.0f} TEU/yr; "
        f"{lp.origins} origins, {lp.commodities} commodities"
    )
    print()
    print(f"{'formulation':34} {'variables':>10} {'rows':>8} {'nonzeros':>10} {'solve s':>8}")
    print(
        f"{'origin-based (ours)':34} {lp.variables:>10,} {lp.rows:>8,} {lp.nonzeros:>10,} "
        f"{solve:>8.3f}"
    )
    print(
        f"{'OD-based (peer formulation)':34} {peer_vars:>10,} {peer_rows:>8,} "
        f"{peer_nnz:>10,} {peer_s:>8.3f}"
    )
    print(
        f"{'3-slice scenario year (ours)':34} {slices.variables:>10,} {slices.rows:>8,} "
        f"{slices.nonzeros:>10,} {slices.solve_s:>8.3f}"
    )
    print()
    print(f"baseline median of {REPEAT}: build {build:.3f} s, solve {solve:.3f} s, ", end="")
    print(f"total {total:.3f} s")
    print("  (total = LP build + HiGHS + flows, routes and shadow prices; target <= 2 s)")
    print(f"ratio OD-based / ours (solve time): {peer_s / solve:.1f}x")
    print(f"whole scenario run (baseline + 3-slice year + comparison): {scenario_s:.2f} s")
    print(f"bottlenecks: {', '.join(b.name for b in runs[-1].bottlenecks[:5])}")


if __name__ == "__main__":
    main()
