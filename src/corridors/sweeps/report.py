"""Write a sweep as a report folder (the file output of the sweeps package).

Files: ``index.html`` (summary with the charts), ``summary.json`` (the
:class:`~corridors.sweeps.summary.SweepSummary`, as ``corridors sweep run --json`` prints it),
``runs.csv`` (every run: parameters, figures, full and binding capacities, error), ``kpis.csv``,
``corridors.csv``, ``bottlenecks.csv``, ``sensitivity.csv``, ``failures.csv`` and PNG charts
(``kpis.png`` histograms, ``corridors.png`` box plots, ``bottlenecks.png`` full and binding shares,
``drivers.png`` the parameters against the figures they move most). ``runs.csv`` depends on
the sweep only, never on how it ran. Each file is written to a temporary name and renamed,
so a file is the old one or the new one, never half-written.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from corridors.errors import InvalidInput
from corridors.sweeps.executor import SweepResult
from corridors.sweeps.kpis import KPIS, THROUGHPUT
from corridors.sweeps.summary import Stat

__all__ = ["REPORT_FILES", "runs_csv", "write_report"]

REPORT_FILES = (
    "index.html",
    "summary.json",
    "runs.csv",
    "kpis.csv",
    "corridors.csv",
    "bottlenecks.csv",
    "sensitivity.csv",
    "failures.csv",
    "kpis.png",
    "corridors.png",
    "bottlenecks.png",
    "drivers.png",
)

# the figures the histogram chart shows, in its order
_CHART_KPIS = (
    "served_teu_yr",
    "unserved_teu_yr",
    "objective_usd",
    "co2e_t",
    "avg_time_h",
    "caspian_crossing_teu_yr",
)


def write_report(result: SweepResult, directory: str | Path) -> list[Path]:
    """Write every report file into ``directory`` (created if needed); returns their paths."""
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"cannot create report folder {str(out)!r}: {exc}", field="out"
        ) from None
    s = result.summary
    stat_header = ["name", "label", "unit", "n", "mean", "sd", "min", "p5", "p50", "p95", "max"]
    stat_header.append("base")
    files: dict[str, bytes] = {
        "summary.json": s.model_dump_json(indent=2).encode(),
        "runs.csv": runs_csv(result),
        "kpis.csv": _csv(stat_header, (_stat_row(k) for k in s.kpis)),
        "corridors.csv": _csv(stat_header, (_stat_row(k) for k in s.throughput_by_corridor)),
        "bottlenecks.csv": _bottleneck_csv(result),
        "sensitivity.csv": _csv(
            ["parameter", "kpi", "spearman"],
            ([x.parameter, x.kpi, x.spearman] for x in s.sensitivity),
        ),
        "failures.csv": _csv(
            ["index", "field", "error"], ([f.index, f.field, f.error] for f in s.failures)
        ),
        "kpis.png": _kpi_chart(result),
        "corridors.png": _corridor_chart(result),
        "bottlenecks.png": _bottleneck_chart(result),
        "drivers.png": _driver_chart(result),
    }
    files["index.html"] = _html(result).encode()
    written = []
    for name in REPORT_FILES:
        path = out / name
        tmp = out / f".{name}.tmp"
        tmp.write_bytes(files[name])
        tmp.replace(path)
        written.append(path)
    return written


# ---- tables --------------------------------------------------------------------------------


def _cell(v: Any) -> Any:
    if isinstance(v, float):
        return "" if not math.isfinite(v) else format(v, ".10g")
    return "" if v is None else v


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue().encode()


_BOTTLENECK_FIELDS = (
    "kind",
    "id",
    "name",
    "runs_full",
    "share_full",
    "runs_binding",
    "share_binding",
    "mean_shadow_usd_teu_yr",
    "p95_shadow_usd_teu_yr",
    "full_in_base",
    "binds_in_base",
)


def _bottleneck_csv(result: SweepResult) -> bytes:
    rows = ([getattr(b, f) for f in _BOTTLENECK_FIELDS] for b in result.summary.bottlenecks)
    return _csv(_BOTTLENECK_FIELDS, rows)


def _stat_row(k: Stat) -> list[Any]:
    return [k.name, k.label, k.unit, k.n, k.mean, k.sd, k.min, k.p5, k.p50, k.p95, k.max, k.base]


def runs_csv(result: SweepResult) -> bytes:
    """One row per run: index, status, drawn parameters, figures, full and binding
    capacities, error."""
    params = result.sweep.names()
    corridors = sorted({k for r in result.records for k in r.kpis if k.startswith(THROUGHPUT)})
    kpis = [k for k, _, _ in KPIS] + corridors
    header = ["index", "ok", "slices", *params, *kpis, "full", "binding", "error"]
    rows = (
        [r.index, r.ok, r.slices]
        + [r.params.get(p) for p in params]
        + [r.kpis.get(k, 0.0 if k in corridors and r.ok else None) for k in kpis]
        + [";".join(r.full), ";".join(r.binding), r.error]
        for r in result.records
    )
    return _csv(header, rows)


# ---- charts --------------------------------------------------------------------------------


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight")
    return buf.getvalue()


def _scale(unit: str, values: np.ndarray) -> tuple[float, str]:
    """Thousands or millions for big numbers, so axis labels stay short."""
    top = float(np.nanmax(np.abs(values))) if values.size else 0.0
    if top >= 5e8:
        return 1e9, f"bn {unit}"
    if top >= 5e5:
        return 1e6, f"million {unit}"
    if top >= 5e3:
        return 1e3, f"thousand {unit}"
    return 1.0, unit


def _values(result: SweepResult, key: str) -> np.ndarray:
    vals = [r.kpis.get(key) for r in result.records if r.ok]
    return np.asarray([v for v in vals if v is not None], dtype=np.float64)


def _kpi_chart(result: SweepResult) -> bytes:
    stats = {k.name: k for k in result.summary.kpis}
    fig = Figure(figsize=(12, 6.5))
    for i, key in enumerate(_CHART_KPIS):
        ax = fig.add_subplot(2, 3, i + 1)
        st = stats[key]
        vals = _values(result, key)
        factor, unit = _scale(st.unit, vals)
        ax.set_title(st.label, fontsize=10)
        ax.set_xlabel(unit, fontsize=9)
        if vals.size:
            x = vals / factor
            span = float(x.max() - x.min())
            if span > 1e-9 * max(1.0, float(np.abs(x).max())):
                ax.hist(x, bins=30, color="#4c78a8", alpha=0.85)
            else:  # (nearly) the same in every run: one bar
                mid = float(x.mean())
                ax.hist(x, bins=1, range=(mid - 0.5, mid + 0.5), color="#4c78a8", alpha=0.85)
            for q, style in ((st.p5, ":"), (st.p50, "--"), (st.p95, ":")):
                if q is not None:
                    ax.axvline(q / factor, color="#1f2328", linestyle=style, linewidth=1)
        else:
            ax.text(0.5, 0.5, "no values", ha="center", va="center", transform=ax.transAxes)
        if st.base is not None:
            ax.axvline(st.base / factor, color="#cf222e", linewidth=1.5, label="base scenario")
        ax.tick_params(labelsize=8)
        if i == 0:
            ax.legend(fontsize=8, loc="upper left")
    n = result.summary.ok
    fig.suptitle(f"{result.sweep.name}: {n} runs (dashed P50, dotted P5 and P95)", fontsize=11)
    fig.tight_layout()
    return _png(fig)


def _corridor_chart(result: SweepResult) -> bytes:
    stats = result.summary.throughput_by_corridor
    fig = Figure(figsize=(9, 0.5 * max(len(stats), 3) + 1.2))
    ax = fig.add_subplot()
    data = [
        np.asarray([r.kpis.get(k.name, 0.0) or 0.0 for r in result.records if r.ok]) / 1e3
        for k in stats
    ]
    if any(d.size for d in data):
        ax.boxplot(
            data, vert=False, whis=(5, 95), showfliers=False, tick_labels=[k.label for k in stats]
        )
        ax.scatter(
            [(k.base or 0.0) / 1e3 for k in stats],
            np.arange(1, len(stats) + 1),
            color="#cf222e",
            zorder=3,
            label="base scenario",
        )
        ax.legend(fontsize=8, loc="lower right")
    ax.set_xlabel("thousand TEU per year (box: P25–P75, whiskers: P5–P95)")
    ax.set_title("Throughput by corridor")
    fig.tight_layout()
    return _png(fig)


def _bottleneck_chart(result: SweepResult) -> bytes:
    rows = result.summary.bottlenecks[:15]
    fig = Figure(figsize=(9, 0.42 * max(len(rows), 3) + 1.2))
    ax = fig.add_subplot()
    if rows:
        y = np.arange(len(rows))[::-1]
        ax.barh(y + 0.2, [100 * b.share_full for b in rows], 0.4, color="#e45756", label="full")
        ax.barh(y - 0.2, [100 * b.share_binding for b in rows], 0.4, color="#f2a541", label="binds")
        ax.set_yticks(y, [f"{b.name} ({b.kind} {b.id})" for b in rows], fontsize=8)
        ax.set_xlim(0, 100)
        ax.legend(fontsize=8, loc="lower right")
    else:
        ax.text(0.5, 0.5, "no capacity is full in any run", ha="center", va="center")
    ax.set_xlabel("% of runs: full (flow at 99.9% of capacity), binds (shadow price > 0)")
    ax.set_title("How often each bottleneck is full and binds")
    fig.tight_layout()
    return _png(fig)


def _driver_chart(result: SweepResult) -> bytes:
    """Each drawn parameter against the figure it moves most (largest |Spearman|)."""
    best: dict[str, tuple[float, str]] = {}
    for x in result.summary.sensitivity:
        if x.parameter not in best or abs(x.spearman) > abs(best[x.parameter][0]):
            best[x.parameter] = (x.spearman, x.kpi)
    chosen = sorted(best.items(), key=lambda kv: -abs(kv[1][0]))[:6]
    labels = {k: (label, unit) for k, label, unit in KPIS}
    cols = 3
    nrows = max(1, math.ceil(len(chosen) / cols))
    fig = Figure(figsize=(12, 3.4 * nrows))
    ok = [r for r in result.records if r.ok]
    if not chosen:
        ax = fig.add_subplot()
        ax.text(0.5, 0.5, "no drawn parameter varies", ha="center", va="center")
        ax.set_axis_off()
    for i, (param, (rho, kpi)) in enumerate(chosen):
        ax = fig.add_subplot(nrows, cols, i + 1)
        pts = [
            (float(r.params[param]), float(v))
            for r in ok
            if isinstance(r.params.get(param), float | int) and (v := r.kpis.get(kpi)) is not None
        ]
        arr = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
        label, unit = labels[kpi]
        factor, unit_text = _scale(unit, arr[:, 1])
        ax.scatter(arr[:, 0], arr[:, 1] / factor, s=6, alpha=0.5, color="#4c78a8")
        ax.set_xlabel(param, fontsize=9)
        ax.set_ylabel(f"{label} ({unit_text})", fontsize=8)
        ax.set_title(f"Spearman {rho:+.2f}", fontsize=9)
        ax.tick_params(labelsize=8)
    fig.suptitle("What moves the figures most", fontsize=11)
    fig.tight_layout()
    return _png(fig)


# ---- html ----------------------------------------------------------------------------------


def _num(v: float | None, digits: int = 0) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{v:,.{digits}f}"


def _html(result: SweepResult) -> str:
    env = Environment(
        loader=PackageLoader("corridors.sweeps", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.filters["num"] = _num
    env.filters["pct"] = lambda v: "–" if v is None else f"{100 * v:.0f}%"
    strongest = sorted(result.summary.sensitivity, key=lambda x: -abs(x.spearman))[:12]
    return env.get_template("report.html").render(
        s=result.summary, sweep=result.sweep, strongest=strongest
    )
