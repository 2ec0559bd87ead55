"""``corridors sweep ...``: run and validate scenario sweeps (docs/sweeps.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from corridors.cli import app
from corridors.cli._common import console, err_console, print_json
from corridors.scenarios.load import load_inputs
from corridors.sweeps import SweepSummary, check_sweep, load_sweep, run_sweep, write_report

sweep_app = typer.Typer(
    help="Draw uncertain parameters, run many scenarios, and summarise the distributions.",
    no_args_is_help=True,
)
app.add_typer(sweep_app, name="sweep")

FileArg = Annotated[Path, typer.Argument(help="sweep YAML file", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable output")]


@sweep_app.command("run")
def run(
    file: FileArg,
    workers: Annotated[
        int, typer.Option("--workers", "-w", min=1, help="local worker processes")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786) to run on"),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="write a report folder here")
    ] = None,
    runs: Annotated[
        int | None, typer.Option("--runs", "-n", min=1, help="override the file's number of runs")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run every draw of the sweep, print percentiles, optionally write a report folder."""
    sweep = load_sweep(file)
    if runs is not None:
        sweep = sweep.model_copy(update={"runs": runs})
    network, demand = load_inputs(sweep.base)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    where = scheduler or (f"{workers} worker(s)" if workers > 1 else "this process")
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(f"preparing ({where})", total=sweep.runs)

        def step(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total, description=f"runs ({where})")

        result = run_sweep(
            sweep,
            network=network,
            demand=demand,
            workers=workers,
            scheduler=scheduler,
            progress=step,
        )
        if out is not None:
            progress.update(task, description="writing the report")
            files = write_report(result, out)
    if as_json:
        print_json(result.summary.model_dump(mode="json"))
        return
    _print(result.summary)
    if out is not None:
        console.print(f"\nReport: {out / 'index.html'} ({len(files)} files)")


@sweep_app.command("validate")
def validate(file: FileArg, as_json: JsonOpt = False) -> None:
    """Check a sweep file and that everything it names exists in its network."""
    sweep = load_sweep(file)
    network, demand = load_inputs(sweep.base)
    warnings = check_sweep(sweep, network, demand)
    if as_json:
        print_json(
            {
                "ok": True,
                "name": sweep.name,
                "runs": sweep.runs,
                "seed": sweep.seed,
                "base": sweep.base.name,
                "parameters": sweep.names(),
                "warnings": warnings,
            }
        )
        return
    console.print(
        f"OK: {sweep.name!r}, {sweep.runs} runs, seed {sweep.seed}, base {sweep.base.name!r}"
    )
    console.print("  draws: " + (", ".join(sweep.names()) or "nothing (every run is the base)"))
    for w in warnings:
        console.print(f"  [yellow]warning:[/] {w}", highlight=False)


def _fmt(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


def _share(v: float) -> str:
    return "<1%" if 0 < v < 0.005 else f"{v:.0%}"


def _print(s: SweepSummary) -> None:
    console.print(
        f"[bold]{s.name}[/]: {s.ok} of {s.runs} runs solved, {s.failed} failed "
        f"({s.workers} worker(s) on {s.where}, {s.elapsed_s:.1f} s)"
    )
    t = Table(title="Figures over the runs (mean and more: --json or -o)")
    t.add_column("figure", min_width=16)
    for col in ("P5", "P50", "P95", "base"):
        t.add_column(col, justify="right", no_wrap=True)
    for k in s.kpis:
        scale, unit = (1e6, "M USD/yr") if k.unit == "USD/yr" else (1.0, k.unit)
        d = 1 if k.unit == "h" else 0
        cells = [None if v is None else v / scale for v in (k.p5, k.p50, k.p95, k.base)]
        t.add_row(f"{k.label}, {unit}", *(_fmt(v, d) for v in cells))
    console.print(t)
    t = Table(title="Throughput by corridor (TEU/yr)")
    for col in ("corridor", "P5", "P50", "P95", "base"):
        t.add_column(col, justify="left" if col == "corridor" else "right", no_wrap=True)
    for k in s.throughput_by_corridor:
        t.add_row(k.label, _fmt(k.p5), _fmt(k.p50), _fmt(k.p95), _fmt(k.base))
    console.print(t)
    t = Table(title="Bottlenecks: full (flow at 99.9% of capacity), binding (shadow price > 0)")
    t.add_column("capacity", min_width=24)
    for col in ("full in", "binds in", "USD per TEU/yr", "in base"):
        t.add_column(col, justify="right")
    for b in s.bottlenecks[:10]:
        base = ", ".join(
            w for w, on in (("full", b.full_in_base), ("binds", b.binds_in_base)) if on
        )
        t.add_row(
            f"{b.name}, {b.kind} {b.id}", _share(b.share_full), _share(b.share_binding),
            _fmt(b.mean_shadow_usd_teu_yr, 1), base,
        )  # fmt: skip
    console.print(t)
    for note in s.notes:
        console.print(f"[yellow]warning:[/] {note}", highlight=False)
    for f in s.failures[:10]:
        console.print(f"[red]failed[/] {f.error}", highlight=False)
    if len(s.failures) > 10:
        console.print(f"... and {len(s.failures) - 10} more failed runs")
