"""``corridors scenario ...``: run and validate what-if scenarios (docs/scenarios.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corridors.cli import app
from corridors.cli._common import console, err_console, print_json
from corridors.scenarios import build_slices, load_scenario, run_scenario
from corridors.scenarios.compare import Comparison
from corridors.scenarios.load import load_inputs
from corridors.scenarios.report import write_report

scenario_app = typer.Typer(
    help="Run what-if scenarios against the baseline (capacity, bottlenecks).",
    no_args_is_help=True,
)
app.add_typer(scenario_app, name="scenario")

FileArg = Annotated[Path, typer.Argument(help="scenario YAML file", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable output")]


@scenario_app.command("run")
def run(
    file: FileArg,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="write a report folder here")
    ] = None,
    top: Annotated[int, typer.Option(help="bottlenecks and link changes to print")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Solve the baseline and the scenario, print the comparison, optionally write a report."""
    scenario = load_scenario(file)
    network, demand = load_inputs(scenario)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("starting", total=1.0)

        def step(text: str, done: float) -> None:
            progress.update(task, description=text, completed=done)

        comparison = run_scenario(scenario, network=network, demand=demand, progress=step)
        if out is not None:
            step("writing the report", 1.0)
            files = write_report(comparison, network, out)
    if as_json:
        print_json(comparison.model_dump(mode="json"))
        return
    _print(comparison, top)
    if out is not None:
        console.print(f"\nReport: {out / 'index.html'} ({len(files)} files)")


@scenario_app.command("validate")
def validate(file: FileArg, as_json: JsonOpt = False) -> None:
    """Check a scenario file and that everything it names exists in its network."""
    scenario = load_scenario(file)
    network, demand = load_inputs(scenario)
    slices, applied, notes = build_slices(scenario, network, demand)
    if as_json:
        print_json(
            {
                "ok": True,
                "name": scenario.name,
                "year": scenario.year,
                "applied": [a.model_dump() for a in applied],
                "notes": [n.text for n in notes],
                "slices": [{"start": s.start, "end": s.end, "days": s.days} for s in slices],
            }
        )
        return
    console.print(f"OK: {scenario.name!r}, {len(applied)} change(s), {len(slices)} slice(s)")
    for a in applied:
        console.print(f"  [{a.index}] {a.type} {a.start}..{a.end} ({a.days} d): {a.effect}")
    for n in notes:
        console.print(f"  {n}")


def _fmt(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


def _delta(v: float | None, digits: int = 0) -> str:
    if v is None:
        return "–"
    colour = "green" if v > 0 else "red" if v < 0 else "dim"
    return f"[{colour}]{v:+,.{digits}f}[/]"


def _print(c: Comparison, top: int) -> None:
    console.print(f"[bold]{c.name}[/] ({c.year})")
    if c.description:
        console.print(c.description)
    for a in c.applied:
        console.print(f"  [{a.index}] {a.type} {a.start}..{a.end} ({a.days} d): {a.effect}")
    for n in c.notes:
        console.print(f"  {n}")
    t = Table(title="Baseline vs scenario")
    for col in ("figure", "unit", "baseline", "scenario", "change", "%"):
        t.add_column(col, justify="left" if col in ("figure", "unit") else "right")
    for k in c.kpis:
        t.add_row(
            k.name,
            k.unit,
            _fmt(k.baseline),
            _fmt(k.scenario),
            _delta(k.delta),
            _delta(k.delta_pct, 1),
        )
    console.print(t)
    t = Table(title="Throughput by corridor (TEU/yr)")
    for col in ("corridor", "baseline", "scenario", "change"):
        t.add_column(col, justify="left" if col == "corridor" else "right")
    for d in c.throughput_by_corridor:
        t.add_row(
            d.corridor, _fmt(d.baseline_teu_yr), _fmt(d.scenario_teu_yr), _delta(d.delta_teu_yr)
        )
    console.print(t)
    t = Table(title="Top bottlenecks (USD saved per year per extra TEU/yr of capacity)")
    for col in ("#", "element", "kind", "capacity TEU/yr", "use", "shadow price", "baseline"):
        t.add_column(col, justify="left" if col in ("element", "kind") else "right")
    for b in c.bottlenecks[:top]:
        t.add_row(
            str(b.rank),
            b.name,
            b.kind,
            _fmt(b.capacity_teu_yr),
            f"{b.utilisation:.0%}",
            _fmt(b.shadow_price_usd_teu_yr, 1),
            _fmt(b.baseline_shadow_price_usd_teu_yr, 1),
        )
    console.print(t)
    if c.link_changes:
        t = Table(title="Largest flow changes (TEU/yr)")
        for col in ("link", "corridors", "baseline", "scenario", "change"):
            t.add_column(col, justify="left" if col in ("link", "corridors") else "right")
        for lk in c.link_changes[:top]:
            t.add_row(
                f"{lk.name} ({lk.id})",
                ",".join(lk.corridors),
                _fmt(lk.baseline_teu_yr),
                _fmt(lk.scenario_teu_yr),
                _delta(lk.delta_teu_yr),
            )
        console.print(t)
    for w in c.warnings:
        console.print(f"[yellow]warning:[/] {w}")
