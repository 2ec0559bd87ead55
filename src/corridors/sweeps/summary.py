"""The distribution of each figure over the runs of a sweep: percentiles, mean, how often
each capacity binds, and the runs that failed.

Percentiles are numpy's default (linear interpolation between order statistics) over the runs
that succeeded and have the figure. Runs are taken in index order, so the summary is the same
however the runs were spread over workers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy.stats import rankdata

from corridors.network.model import Network
from corridors.sweeps.evaluate import RunRecord
from corridors.sweeps.kpis import KPIS, THROUGHPUT

__all__ = [
    "BottleneckStat",
    "Failure",
    "Sensitivity",
    "Stat",
    "SweepSummary",
    "describe",
    "element_name",
    "spearman",
    "summarise",
]

PERCENTILES = (5.0, 50.0, 95.0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Stat(_Model):
    """One figure over the runs. ``base`` is its value in the base scenario (no draws)."""

    name: str
    label: str
    unit: str
    n: int
    mean: float | None
    sd: float | None
    min: float | None
    p5: float | None
    p50: float | None
    p95: float | None
    max: float | None
    base: float | None = None


class BottleneckStat(_Model):
    """How often a capacity is full, how often it binds (positive shadow price), and what one
    more TEU/yr of it is worth when it binds."""

    key: str  # "kind:id"
    kind: str
    id: str
    name: str
    runs_full: int
    share_full: float  # of the successful runs
    runs_binding: int
    share_binding: float
    mean_shadow_usd_teu_yr: float  # over the runs where it binds; 0 if it never does
    p95_shadow_usd_teu_yr: float
    full_in_base: bool
    binds_in_base: bool


class Sensitivity(_Model):
    """Spearman rank correlation of a drawn parameter with a figure over the successful runs:
    +1 when the figure always rises with the parameter, -1 when it always falls."""

    parameter: str
    kpi: str
    spearman: float


class Failure(_Model):
    index: int
    params: dict[str, float | str]
    error: str
    field: str


class SweepSummary(_Model):
    name: str
    description: str
    runs: int
    ok: int
    failed: int
    seed: int
    kpis: list[Stat]
    throughput_by_corridor: list[Stat]
    parameters: list[Stat]
    bottlenecks: list[BottleneckStat]
    sensitivity: list[Sensitivity]
    failures: list[Failure]
    elapsed_s: float = 0.0
    workers: int = 1
    where: str = "local"  # "local" or the Dask scheduler address
    notes: list[str] = Field(default_factory=list)


def describe(
    name: str, label: str, unit: str, values: Sequence[float | None], base: float | None = None
) -> Stat:
    """Percentiles, mean and spread of ``values`` (``None`` and NaN are left out)."""
    arr = np.asarray([v for v in values if v is not None], dtype=np.float64)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return Stat(
            name=name, label=label, unit=unit, n=0, mean=None, sd=None, min=None,
            p5=None, p50=None, p95=None, max=None, base=base,
        )  # fmt: skip
    p5, p50, p95 = (float(x) for x in np.percentile(arr, PERCENTILES))
    return Stat(
        name=name,
        label=label,
        unit=unit,
        n=int(arr.size),
        mean=float(arr.mean()),
        sd=float(arr.std(ddof=1)) if arr.size > 1 else 0.0,
        min=float(arr.min()),
        p5=p5,
        p50=p50,
        p95=p95,
        max=float(arr.max()),
        base=base,
    )


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Rank correlation (ties get their average rank); None when either side is constant."""
    if len(x) != len(y) or len(x) < 3:
        return None
    rx, ry = rankdata(x), rankdata(y)
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return None
    return float(((rx - rx.mean()) * (ry - ry.mean())).mean() / (sx * sy))


def element_name(network: Network, key: str) -> str:
    """The name of a capacity ``kind:id`` (link, border, service or port) in ``network``."""
    kind, _, rid = key.partition(":")
    if kind == "link" and rid in network.links:
        lk = network.links[rid]
        return lk.name or f"{lk.from_id}-{lk.to_id}"
    if kind == "port" and rid in network.nodes:
        return network.nodes[rid].name
    if kind == "border":
        for bc in network.borders.values():
            if bc.id == rid:
                return bc.name
    if kind == "service":
        for svcs in network.services.values():
            for sv in svcs:
                if sv.id == rid:
                    return sv.name
    return rid


def summarise(
    name: str,
    description: str,
    seed: int,
    records: Sequence[RunRecord],
    base: RunRecord,
    network: Network,
    parameter_names: Sequence[str],
) -> SweepSummary:
    """The summary of a sweep's runs (``records`` in any order) against its ``base`` run."""
    runs = sorted(records, key=lambda r: r.index)
    ok = [r for r in runs if r.ok]
    kpis = [
        describe(key, label, unit, [r.kpis.get(key) for r in ok], base.kpis.get(key))
        for key, label, unit in KPIS
    ]
    corridors = sorted({k for r in [base, *ok] for k in r.kpis if k.startswith(THROUGHPUT + ".")})
    by_corridor = [
        describe(
            key,
            key.removeprefix(THROUGHPUT + "."),
            "TEU/yr",
            [r.kpis.get(key, 0.0) for r in ok],
            base.kpis.get(key, 0.0),
        )
        for key in corridors
    ]
    params = []
    sensitivity = []
    for p in parameter_names:
        values = [r.params.get(p) for r in runs]
        if not all(isinstance(v, float | int) for v in values):
            continue  # dates of closures
        params.append(describe(p, p, "", [v for v in values if isinstance(v, float | int)]))
        for key, _, _ in KPIS:
            pairs = [
                (float(r.params[p]), r.kpis[key])
                for r in ok
                if isinstance(r.params.get(p), float | int) and r.kpis.get(key) is not None
            ]
            rho = spearman([a for a, _ in pairs], [b for _, b in pairs if b is not None])
            if rho is not None:
                sensitivity.append(Sensitivity(parameter=p, kpi=key, spearman=rho))
    shadows: dict[str, list[float]] = {}
    full: dict[str, int] = {}
    for r in ok:
        for key, v in r.binding.items():
            shadows.setdefault(key, []).append(v)
        for key in r.full:
            full[key] = full.get(key, 0) + 1
    bottlenecks = []
    n_ok = max(len(ok), 1)
    for key in sorted(set(shadows) | set(full)):
        kind, _, rid = key.partition(":")
        vals = shadows.get(key, [])
        bottlenecks.append(
            BottleneckStat(
                key=key,
                kind=kind,
                id=rid,
                name=element_name(network, key),
                runs_full=full.get(key, 0),
                share_full=full.get(key, 0) / n_ok,
                runs_binding=len(vals),
                share_binding=len(vals) / n_ok,
                mean_shadow_usd_teu_yr=float(np.mean(vals)) if vals else 0.0,
                p95_shadow_usd_teu_yr=float(np.percentile(vals, 95.0)) if vals else 0.0,
                full_in_base=key in base.full,
                binds_in_base=key in base.binding,
            )
        )
    bottlenecks.sort(key=lambda b: (-b.runs_full, -b.runs_binding, b.key))
    return SweepSummary(
        name=name,
        description=description,
        runs=len(runs),
        ok=len(ok),
        failed=len(runs) - len(ok),
        seed=seed,
        kpis=kpis,
        throughput_by_corridor=by_corridor,
        parameters=params,
        bottlenecks=bottlenecks,
        sensitivity=sensitivity,
        failures=[
            Failure(index=r.index, params=r.params, error=r.error, field=r.field)
            for r in runs
            if not r.ok
        ],
    )
