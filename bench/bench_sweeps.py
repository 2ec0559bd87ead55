"""A 1,000-run sweep on the bundled network: 1 worker against 2, and against a full solve.

The sweep is ``scenarios/sweeps/caspian-risk.yaml`` (sea level, border dwell, demand growth,
a Poland–Belarus closure in 10% of the runs). Ours: each worker solves the base once and every
draw by route generation seeded with the base optimum (``corridors.sweeps.pathflow``). Peer:
the full flow programme of ``corridors.capacity.solve_slices`` per draw, timed on a sample of
draws and scaled to the sweep. Target: at most 60 s for the sweep with 2 workers. Scaling
efficiency = time with 1 worker / (2 x time with 2 workers). The runs must be identical.
"""

from __future__ import annotations

import hashlib
import os
import platform
import sys
import time
from pathlib import Path

from corridors.capacity import load_bundled_demand, solve_slices
from corridors.network.load import load_network
from corridors.scenarios.run import build_slices
from corridors.sweeps import Evaluator, load_sweep, run_sweep
from corridors.sweeps.report import runs_csv

SWEEP = Path(__file__).resolve().parents[1] / "scenarios" / "sweeps" / "caspian-risk.yaml"
RUNS = int(os.environ.get("BENCH_SWEEP_RUNS", "1000"))
PEER_SAMPLE = 20  # draws solved with the full programme


def main() -> None:
    sweep = load_sweep(SWEEP).model_copy(update={"runs": RUNS})
    network = load_network(None)
    demand = load_bundled_demand(network)
    print(f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rows = []
    digests = []
    for workers in (1, 2):
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        result = run_sweep(sweep, network=network, demand=demand, workers=workers)
        wall = time.perf_counter() - t0
        digests.append(hashlib.sha256(runs_csv(result)).hexdigest())
        cpu = sum(r.cpu_s for r in result.records)  # in the workers, draws only
        s = result.summary
        rows.append((workers, wall, cpu, load))
        print(
            f"  {workers} worker(s): {wall:.1f} s wall, {cpu:.1f} s CPU in draws, "
            f"{1000 * cpu / RUNS:.0f} ms CPU per draw, ok {s.ok}, failed {s.failed}, "
            f"load average {load:.1f}",
            flush=True,
        )
    # peer: the full programme per draw, on the first draws (same mix of closures on average)
    ev = Evaluator(sweep, network, demand)
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(PEER_SAMPLE):
        _, scenario, _ = ev.scenario(i)
        slices, _, _ = build_slices(scenario, network, demand)
        solve_slices(slices, scenario.options)
    peer = (time.perf_counter() - t0) / PEER_SAMPLE
    peer_cpu = (time.process_time() - c0) / PEER_SAMPLE
    # ours on the same draws in one process, for a like-for-like per-draw figure
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(PEER_SAMPLE):
        ev.run(i)
    ours = (time.perf_counter() - t0) / PEER_SAMPLE
    ours_cpu = (time.process_time() - c0) / PEER_SAMPLE
    (_, t1, c1, _), (_, t2, c2, _) = rows
    print()
    print("| run | wall s | CPU s in draws | ms per run (wall) |")
    print("|---|---:|---:|---:|")
    print(f"| {RUNS} runs, 1 worker | {t1:.1f} | {c1:.1f} | {1000 * t1 / RUNS:.0f} |")
    print(f"| {RUNS} runs, 2 workers | {t2:.1f} | {c2:.1f} | {1000 * t2 / RUNS:.0f} |")
    print(
        f"| full LP per draw (peer), {PEER_SAMPLE} draws scaled to {RUNS} | "
        f"{peer * RUNS:.0f} | {peer_cpu * RUNS:.0f} | {1000 * peer:.0f} |"
    )
    print()
    print(f"speed-up 1 -> 2 workers: {t1 / t2:.2f}x, scaling efficiency {t1 / (2 * t2):.0%}")
    print(f"target <= 60 s with 2 workers: {'met' if t2 <= 60 else 'NOT met'} ({t2:.1f} s)")
    print(
        f"per draw, same {PEER_SAMPLE} draws in one process: ours {1000 * ours:.0f} ms "
        f"({1000 * ours_cpu:.0f} ms CPU), full LP {1000 * peer:.0f} ms "
        f"({1000 * peer_cpu:.0f} ms CPU): {peer / ours:.1f}x faster"
    )
    print(f"runs identical for 1 and 2 workers: {digests[0] == digests[1]}")
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
    sys.exit(0)
