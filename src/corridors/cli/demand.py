"""``corridors demand ...``: show, export and import origin–destination demand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corridors.assignment.equilibrium import Algorithm, Iteration
from corridors.capacity import (
    Demand,
    load_bundled_demand,
    read_demand_csv,
    read_omx,
    write_demand_csv,
    write_omx,
)
from corridors.capacity.congestion import solve_congested
from corridors.cli import app
from corridors.cli._common import console, err_console, print_json
from corridors.errors import InvalidInput
from corridors.network.load import load_network

demand_app = typer.Typer(
    help="Origin–destination demand (TEU per year): show, export to OMX, import from OMX.",
    no_args_is_help=True,
)
app.add_typer(demand_app, name="demand")

FileOpt = Annotated[
    Path | None,
    typer.Option("--file", "-f", help="demand CSV or OMX file; default: the bundled baseline"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable output")]
GROUPS = ("corridor", "origin", "destination", "kind", "commodity")


def _load(file: Path | None) -> Demand:
    network = load_network()
    if file is None:
        return load_bundled_demand(network)
    if file.suffix.lower() == ".omx":
        return read_omx(file, network)
    return read_demand_csv(file, network)


@demand_app.command("show")
def show(
    file: FileOpt = None,
    by: Annotated[str, typer.Option(help=f"group by: {', '.join(GROUPS)}")] = "corridor",
    as_json: JsonOpt = False,
) -> None:
    """Totals of a demand file, grouped (by the published series by default)."""
    if by not in GROUPS:
        raise InvalidInput(f"--by must be one of {', '.join(GROUPS)}, got {by!r}", field="by")
    demand = _load(file)
    groups = demand.by(lambda r: str(getattr(r, by)))
    kinds = demand.by(lambda r: r.kind)
    if as_json:
        print_json(
            {
                "rows": len(demand.rows),
                "od_pairs": len(demand.pairs()),
                "total_teu_yr": demand.total_teu,
                "by": by,
                "groups": groups,
                "by_kind": kinds,
            }
        )
        return
    t = Table(title=f"Demand: {len(demand.pairs())} OD pairs, {demand.total_teu:,.0f} TEU/yr")
    t.add_column(by)
    t.add_column("TEU/yr", justify="right")
    t.add_column("share", justify="right")
    for key, teu in sorted(groups.items(), key=lambda kv: -kv[1]):
        t.add_row(key or "–", f"{teu:,.0f}", f"{teu / demand.total_teu:.1%}")
    console.print(t)
    console.print(
        "by kind: " + ", ".join(f"{k} {v / demand.total_teu:.0%}" for k, v in sorted(kinds.items()))
    )


@demand_app.command("export")
def export(
    omx: Annotated[Path, typer.Option("--omx", help="OMX file to write", show_default=False)],
    file: FileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write demand as an OMX matrix file (zones = node ids in the 'node_id' mapping)."""
    demand = _load(file)
    zones = write_omx(demand, omx)
    if as_json:
        print_json({"file": str(omx), "zones": len(zones), "total_teu_yr": demand.total_teu})
    else:
        console.print(f"Wrote {omx}: {len(zones)} zones, {demand.total_teu:,.0f} TEU/yr")


@demand_app.command("import")
def import_(
    omx: Annotated[Path, typer.Argument(help="OMX file to read", show_default=False)],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="CSV to write")] = None,
    matrix: Annotated[
        list[str] | None, typer.Option("--matrix", help="matrix to read (repeatable)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Read an OMX file (checked against the network) and write it as demand CSV."""
    demand = read_omx(omx, load_network(), matrices=matrix or None)
    text = write_demand_csv(demand, out)
    if as_json:
        print_json(
            {"rows": len(demand.rows), "total_teu_yr": demand.total_teu, "file": str(out or "")}
        )
    elif out is None:
        typer.echo(text, nl=False)
    else:
        console.print(f"Wrote {out}: {len(demand.rows)} rows, {demand.total_teu:,.0f} TEU/yr")


@demand_app.command("equilibrium")
def equilibrium(
    file: FileOpt = None,
    algorithm: Annotated[str, typer.Option(help="fw, cfw or bfw")] = "bfw",
    gap: Annotated[float, typer.Option(help="target relative gap")] = 1e-4,
    max_iter: Annotated[int, typer.Option(help="iteration limit")] = 1000,
    top: Annotated[int, typer.Option(help="most loaded elements to print")] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Congestion mode: demand on the bundled network as a user equilibrium with queueing
    delays at borders, ports and ferries and BPR delays on lines (soft capacities)."""
    if algorithm not in ("fw", "cfw", "bfw"):
        raise InvalidInput(
            f"--algorithm must be fw, cfw or bfw, got {algorithm!r}", field="algorithm"
        )
    demand = _load(file)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("equilibrium", total=max_iter)

        def step(it: Iteration) -> None:
            progress.update(task, completed=it.iteration, description=f"gap {it.relative_gap:.1e}")

        result = solve_congested(
            load_network(),
            demand,
            algorithm=cast(Algorithm, algorithm),
            gap=gap,
            max_iter=max_iter,
            on_iteration=step,
        )
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    console.print(
        f"{result.algorithm}: relative gap {result.relative_gap:.2e} after {result.iterations} "
        f"iterations ({result.seconds:.2f} s)"
    )
    console.print(
        f"average time {result.avg_time_h or 0:,.0f} h per TEU "
        f"(free flow {result.free_flow_time_h or 0:,.0f} h); average cost "
        f"{result.avg_cost_usd_teu or 0:,.0f} USD/TEU; Caspian crossings "
        f"{result.caspian_crossing_teu_yr:,.0f} TEU/yr"
    )
    t = Table(title="Most loaded capacities")
    for col in ("element", "kind", "flow TEU/yr", "capacity TEU/yr", "v/c", "delay h"):
        t.add_column(col, justify="left" if col in ("element", "kind") else "right")
    for e in result.elements[:top]:
        t.add_row(
            f"{e.name} ({e.id})",
            e.kind,
            f"{e.flow_teu_yr:,.0f}",
            f"{e.capacity_teu_yr:,.0f}" if e.capacity_teu_yr is not None else "–",
            f"{e.volume_capacity:.2f}" if e.volume_capacity is not None else "–",
            f"{e.delay_h:,.1f}",
        )
    console.print(t)
    for w in result.warnings:
        console.print(f"[yellow]warning:[/] {w}")
