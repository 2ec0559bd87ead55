"""Where the draws run: in this process, on a local process pool, or on a Dask cluster.

Draws are cut into chunks of consecutive indices. Each worker process builds one
:class:`~corridors.sweeps.evaluate.Evaluator` for the sweep (the base scenario's structure
and the seeded route solver) the first time it meets the sweep, and keeps it for later
chunks. A draw's result depends on the sweep and its index only, so the records are the same
for any number of workers, any chunking and any cluster. This is the one module of the
package that starts processes or talks to a network.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import pickle
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.context import BaseContext

from corridors.capacity.demand import Demand
from corridors.errors import InvalidInput
from corridors.network.model import Network
from corridors.scenarios.load import load_inputs
from corridors.sweeps.evaluate import Evaluator, RunRecord, check_sweep
from corridors.sweeps.schema import Sweep
from corridors.sweeps.summary import SweepSummary, summarise

__all__ = ["ProgressFn", "SweepResult", "run_sweep"]

ProgressFn = Callable[[int, int], None]  # (runs done, runs in all)


@dataclass(frozen=True)
class SweepResult:
    """Every run (in index order), the base run and the summary."""

    sweep: Sweep
    records: list[RunRecord]
    base: RunRecord
    summary: SweepSummary


def run_sweep(
    sweep: Sweep,
    *,
    network: Network | None = None,
    demand: Demand | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: ProgressFn | None = None,
) -> SweepResult:
    """Run every draw of ``sweep`` and summarise them.

    ``workers`` > 1 runs a local process pool of that size; ``scheduler`` (e.g.
    ``tcp://10.0.0.5:8786``) runs on that Dask cluster instead (``workers`` is then ignored).
    ``network`` and ``demand`` default to what the base scenario names.
    """
    if workers < 1:
        raise InvalidInput(f"workers must be at least 1, got {workers}", field="workers")
    if network is None:
        network, loaded = load_inputs(sweep.base)
        demand = demand or loaded
    elif demand is None:
        from corridors.scenarios.load import load_demand

        demand = load_demand(sweep.base, network)
    t0 = time.perf_counter()
    warnings = check_sweep(sweep, network, demand)  # names first: a typo fails every run
    local = Evaluator(sweep, network, demand)  # solves the base: the reference figures
    payload = pickle.dumps((sweep, network, demand), protocol=pickle.HIGHEST_PROTOCOL)
    size = chunk_size or _chunk_size(sweep.runs, 1 if scheduler is None else 8, workers)
    chunks = [list(range(i, min(i + size, sweep.runs))) for i in range(0, sweep.runs, size)]
    done = 0
    records: list[RunRecord] = []

    def collect(batch: list[RunRecord]) -> None:
        nonlocal done
        records.extend(batch)
        done += len(batch)
        if progress is not None:
            progress(done, sweep.runs)

    if progress is not None:
        progress(0, sweep.runs)
    cluster: dict[str, int] = {}
    if scheduler is not None:
        for batch in _on_dask(scheduler, payload, chunks, cluster):
            collect(batch)
        where, n_workers = scheduler, cluster.get("workers", 0)
    elif workers == 1:
        for chunk in chunks:
            collect(local.run_many(chunk))
        where, n_workers = "local", 1
    else:
        for batch in _on_pool(workers, payload, chunks):
            collect(batch)
        where, n_workers = "local", workers
    records.sort(key=lambda r: r.index)
    summary = summarise(
        sweep.name,
        sweep.description,
        sweep.seed,
        records,
        local.base,
        network,
        sweep.names(),
    )
    summary.elapsed_s = time.perf_counter() - t0
    summary.workers = n_workers
    summary.where = where
    summary.notes = warnings
    return SweepResult(sweep=sweep, records=records, base=local.base, summary=summary)


def _chunk_size(runs: int, per_worker: int, workers: int) -> int:
    """Small enough for a smooth progress bar and to keep every worker busy to the end."""
    return max(1, min(25, math.ceil(runs / (max(workers, 1) * 8 * per_worker))))


def _failed_chunk(chunk: Sequence[int], exc: BaseException) -> list[RunRecord]:
    """A chunk whose worker died: every draw in it is recorded as failed, the sweep goes on."""
    text = f"worker failed: {type(exc).__name__}: {exc}"
    return [RunRecord(index=i, ok=False, params={}, error=f"draw {i}: {text}") for i in chunk]


# ---- worker side ---------------------------------------------------------------------------

_EVALUATORS: dict[str, Evaluator] = {}
_LOCK = threading.Lock()


def _evaluator(payload: bytes) -> Evaluator:
    """This process's evaluator for the sweep in ``payload`` (built once per process)."""
    key = hashlib.sha256(payload).hexdigest()
    with _LOCK:
        ev = _EVALUATORS.get(key)
        if ev is None:
            sweep, network, demand = pickle.loads(payload)
            ev = _EVALUATORS[key] = Evaluator(sweep, network, demand)
        return ev


def _init_pool_worker(payload: bytes) -> None:
    global _POOL_PAYLOAD
    _POOL_PAYLOAD = payload
    _evaluator(payload)


_POOL_PAYLOAD = b""


def _run_pool_chunk(indices: list[int]) -> list[RunRecord]:
    return _evaluator(_POOL_PAYLOAD).run_many(indices)


def _run_dask_chunk(payload: bytes, indices: list[int]) -> list[RunRecord]:
    ev = _evaluator(payload)
    with _LOCK:  # one solver per process: chunks on threads of one worker take turns
        return ev.run_many(indices)


# ---- executors -----------------------------------------------------------------------------


def _on_pool(workers: int, payload: bytes, chunks: list[list[int]]) -> Iterator[list[RunRecord]]:
    # not a plain fork: the parent may hold locks (Rich's refresh thread) a fork would copy. A
    # fork server is a fresh single-threaded process that has imported the solver stack once,
    # so each worker starts in a fraction of a second; elsewhere (no fork) spawn.
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["corridors.sweeps.evaluate"])
        context = server
    else:
        context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_pool_worker,
        initargs=(payload,),
    ) as pool:
        futures: dict[Future[list[RunRecord]], list[int]] = {
            pool.submit(_run_pool_chunk, chunk): chunk for chunk in chunks
        }
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as exc:  # a dead worker: record its draws as failed
                yield _failed_chunk(futures[fut], exc)


def _on_dask(
    scheduler: str, payload: bytes, chunks: list[list[int]], cluster: dict[str, int]
) -> Iterator[list[RunRecord]]:
    try:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - dask[distributed] is a declared dependency
        raise InvalidInput(
            "--scheduler needs dask.distributed, which this installation lacks",
            field="scheduler",
        ) from None
    try:
        client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise InvalidInput(
            f"cannot reach the Dask scheduler at {scheduler!r}: {exc}",
            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`",
            field="scheduler",
        ) from None
    try:
        cluster["workers"] = len(client.scheduler_info().get("workers", {}))
        shared = client.scatter(payload, broadcast=True)  # type: ignore[no-untyped-call]
        tag = hashlib.sha256(payload).hexdigest()[:12]
        futures = {
            client.submit(_run_dask_chunk, shared, chunk, key=f"sweep-{tag}-{i}", pure=False): chunk
            for i, chunk in enumerate(chunks)
        }
        for fut in dask_completed(list(futures)):  # type: ignore[no-untyped-call]
            try:
                yield fut.result()
            except Exception as exc:
                yield _failed_chunk(futures[fut], exc)
    finally:
        client.close()  # type: ignore[no-untyped-call]
