"""Scenario sweeps: draw uncertain parameters (Caspian level, border dwell, demand growth,
closures), run each draw through the capacitated flow model, and summarise the distribution
of every figure. Runs in this process, on a local process pool or on a Dask cluster, with the
same results whatever runs it. See docs/sweeps.md.

Example::

    from corridors.sweeps import load_sweep, run_sweep, write_report

    result = run_sweep(load_sweep("scenarios/sweeps/caspian-risk.yaml"), workers=2)
    print(result.summary.kpis[0].p50)
    write_report(result, "out/caspian-risk")
"""

from corridors.sweeps.evaluate import Evaluator, RunRecord, check_sweep
from corridors.sweeps.executor import SweepResult, run_sweep
from corridors.sweeps.load import load_sweep, read_sweep_text
from corridors.sweeps.report import write_report
from corridors.sweeps.schema import Sweep, parse_sweep
from corridors.sweeps.summary import SweepSummary, summarise

__all__ = [
    "Evaluator",
    "RunRecord",
    "Sweep",
    "SweepResult",
    "SweepSummary",
    "check_sweep",
    "load_sweep",
    "parse_sweep",
    "read_sweep_text",
    "run_sweep",
    "summarise",
    "write_report",
]
