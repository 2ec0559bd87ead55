"""Where sweeps run: the same records in this process, on a process pool and on a real Dask
cluster; a failing draw is recorded and the sweep goes on."""

from __future__ import annotations

from typing import Any

import pytest
from sweepkit import FULL, make_sweep

from corridors.errors import InvalidInput
from corridors.sweeps import RunRecord, run_sweep
from corridors.sweeps.draw import draw_values
from corridors.sweeps.executor import SweepResult
from corridors.sweeps.report import runs_csv

# every parameter kind, plus a dwell factor that is negative (invalid) in some draws
PARAMS: dict[str, Any] = {
    **FULL,
    "dwell": [
        *FULL["dwell"],
        {
            "name": "brest",
            "borders": ["Brest–Terespol–Małaszewicze broad gauge (BY–PL)"],
            "factor": {"dist": "normal", "mean": 0.6, "sd": 0.6},
        },
    ],
}
RUNS = 10


def _content(records: list[RunRecord]) -> list[tuple[Any, ...]]:
    """Everything a run decides (not how long it took)."""
    return [(r.index, r.ok, r.params, r.kpis, r.binding, r.full, r.error) for r in records]


@pytest.fixture(scope="module")
def sweep():
    s = make_sweep(runs=RUNS, seed=11, **PARAMS)
    bad = [i for i in range(RUNS) if float(draw_values(s, i)["dwell.brest"]) < 0]
    assert 0 < len(bad) < RUNS  # the seed gives both kinds of draw
    return s


@pytest.fixture(scope="module")
def in_process(sweep, bundled) -> SweepResult:
    net, demand = bundled
    seen: list[tuple[int, int]] = []
    result = run_sweep(
        sweep, network=net, demand=demand, workers=1, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (0, RUNS) and seen[-1] == (RUNS, RUNS)
    return result


def test_a_failing_draw_is_recorded_and_the_sweep_goes_on(sweep, in_process) -> None:
    bad = {i for i in range(RUNS) if float(draw_values(sweep, i)["dwell.brest"]) < 0}
    s = in_process.summary
    assert s.failed == len(bad) and s.ok == RUNS - len(bad)
    assert {f.index for f in s.failures} == bad
    for f in s.failures:
        assert f.field == "parameters.dwell[1].factor"
        assert f.error.startswith(f"draw {f.index}: parameters.dwell[1].factor: must be >= 0")
        assert f.params["dwell.brest"] < 0
    for r in in_process.records:
        assert r.ok == (r.index not in bad)
        if r.ok:
            assert r.kpis["served_teu_yr"] > 1e6
    served = next(k for k in s.kpis if k.name == "served_teu_yr")
    assert served.n == RUNS - len(bad)


def test_a_process_pool_gives_the_same_records(sweep, bundled, in_process) -> None:
    net, demand = bundled
    pooled = run_sweep(sweep, network=net, demand=demand, workers=2, chunk_size=3)
    assert _content(pooled.records) == _content(in_process.records)
    assert runs_csv(pooled) == runs_csv(in_process)
    assert pooled.summary.workers == 2
    assert pooled.summary.kpis == in_process.summary.kpis
    assert pooled.summary.bottlenecks == in_process.summary.bottlenecks


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_records(sweep, bundled, in_process) -> None:
    from dask.distributed import LocalCluster

    net, demand = bundled
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = run_sweep(sweep, network=net, demand=demand, scheduler=cluster.scheduler_address)
    assert _content(on_dask.records) == _content(in_process.records)
    assert runs_csv(on_dask) == runs_csv(in_process)
    assert on_dask.summary.where.startswith("tcp://") and on_dask.summary.workers == 2


def test_an_unreachable_scheduler_is_a_clear_error(sweep, bundled) -> None:
    net, demand = bundled
    small = sweep.model_copy(update={"runs": 1})
    with pytest.raises(InvalidInput, match="cannot reach the Dask scheduler") as err:
        run_sweep(small, network=net, demand=demand, scheduler="tcp://127.0.0.1:9")
    assert err.value.field == "scheduler"


def test_names_the_network_lacks_fail_before_any_run(bundled) -> None:
    net, demand = bundled
    sweep = make_sweep(
        runs=3,
        closures=[{"probability": 0.01, "days": 3, "borders": ["Atlantis–Mu (XX–YY)"]}],
    )
    with pytest.raises(InvalidInput) as err:
        run_sweep(sweep, network=net, demand=demand)
    assert err.value.field == "parameters.closures[0].borders[0]"
    assert "no border crossing" in err.value.message
