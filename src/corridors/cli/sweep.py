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


def _print(s: SweepSummary) -> None:
    console.print(
        f"[bold]{s.name}[/]: {s.ok} of {s.runs} runs solved, {s.failed} failed "
        f"({s.workers} worker(s) on {s.where}, {s.elapsed_s:.1f} s)"
    )
    t = Table(title="Figures over the runs")
    for col in ("figure", "unit", "P5", "P50", "P95", "mean", "base"):
        text = col in ("figure", "unit")
        t.add_column(col, justify="left" if text else "right", no_wrap=not text)
    for k in s.kpis:
        d = 1 if k.unit == "h" else 0
        t.add_row(
            k.label, k.unit, _fmt(k.p5, d), _fmt(k.p50, d), _fmt(k.p95, d), _fmt(k.mean, d),
            _fmt(k.base, d),
        )  # fmt: skip
    console.print(t)
    t = Table(title="Throughput by corridor (TEU/yr)")
    for col in ("corridor", "P5", "P50", "P95", "base"):
        t.add_column(col, justify="left" if col == "corridor" else "right", no_wrap=True)
    for k in s.throughput_by_corridor:
        t.add_row(k.label, _fmt(k.p5), _fmt(k.p50), _fmt(k.p95), _fmt(k.base))
    console.print(t)
    t = Table(title="Bottlenecks: full (flow at 99.9% of capacity) and binding (shadow price > 0)")
    for col in ("capacity", "kind", "full in", "binds in", "mean USD per TEU/yr", "in base"):
        text = col in ("capacity", "kind")
        t.add_column(col, justify="left" if text else "right", no_wrap=not text)
    for b in s.bottlenecks[:10]:
        base = ", ".join(
            w for w, on in (("full", b.full_in_base), ("binds", b.binds_in_base)) if on
        )
        t.add_row(
            f"{b.name} ({b.id})", b.kind, f"{b.share_full:.0%}", f"{b.share_binding:.0%}",
            _fmt(b.mean_shadow_usd_teu_yr, 1), base,
        )  # fmt: skip
    console.print(t)
    for note in s.notes:
        console.print(f"[yellow]warning:[/] {note}", highlight=False)
    for f in s.failures[:10]:
        console.print(f"[red]failed[/] {f.error}", highlight=False)
    if len(s.failures) > 10:
        console.print(f"... and {len(s.failures) - 10} more failed runs")
