"""``corridors network ...``: inspect and validate corridor network data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridors.cli import app
from corridors.cli._common import console, print_json
from corridors.network.check import check_network
from corridors.network.geojson import network_geojson
from corridors.network.load import load_network
from corridors.network.stats import network_stats

network_app = typer.Typer(
    help="Inspect, validate and export corridor network data.", no_args_is_help=True
)
app.add_typer(network_app, name="network")

PathArg = Annotated[
    Path | None,
    typer.Argument(help="directory of network CSV files; default: the bundled network"),
]


@network_app.command("check")
def check(
    path: PathArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Validate network files; exit 1 when any error is found."""
    problems = check_network(path)
    errors = [p for p in problems if p.severity == "error"]
    if as_json:
        print_json({"ok": not errors, "problems": [_problem(p) for p in problems]})
    else:
        if problems:
            table = Table(title=f"{len(errors)} errors, {len(problems) - len(errors)} warnings")
            for col in ("severity", "file", "row", "id", "column", "value", "expected"):
                table.add_column(col, overflow="fold")
            for p in problems:
                style = "red" if p.severity == "error" else "yellow"
                row = str(p.row) if p.row else "-"
                table.add_row(
                    f"[{style}]{p.severity}[/]",
                    p.file,
                    row,
                    p.record,
                    p.column,
                    p.value,
                    p.expected,
                )
            console.print(table)
        if not errors:
            net = load_network(path)
            console.print(f"OK: {len(net.nodes)} nodes, {len(net.links)} links")
    if errors:
        raise typer.Exit(1)


@network_app.command("stats")
def stats(
    path: PathArg = None,
    as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False,
) -> None:
    """Counts by mode, country, corridor and status, and the share of estimated figures."""
    data = network_stats(load_network(path))
    if as_json:
        print_json(data)
        return
    head = Table(title="Corridor network", show_header=False)
    for key in ("nodes", "links", "link_rows", "borders", "services", "sources", "figures"):
        head.add_row(key.replace("_", " "), str(data[key]))
    head.add_row(
        "estimated figures", f"{data['estimated_figures']} ({data['estimated_share']:.0%})"
    )
    console.print(head)
    for key in (
        "links_by_mode",
        "km_by_mode",
        "links_by_status",
        "links_by_corridor",
        "nodes_by_kind",
        "nodes_by_country",
        "estimated_share_by_figure",
    ):
        table = Table(title=key.replace("_", " "))
        table.add_column(key.split("_by_")[-1])
        table.add_column("value", justify="right")
        for k, v in data[key].items():
            table.add_row(k, f"{v:.0%}" if key.startswith("estimated") else str(v))
        console.print(table)


@network_app.command("export")
def export(
    path: PathArg = None,
    geojson: Annotated[bool, typer.Option("--geojson", help="GeoJSON FeatureCollection")] = True,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write; default stdout")
    ] = None,
    both_directions: Annotated[
        bool, typer.Option("--both-directions", help="one feature per directed link")
    ] = False,
) -> None:
    """Export the network (GeoJSON: nodes as points, links as lines, with their sources)."""
    data = network_geojson(load_network(path), one_per_pair=not both_directions)
    text = json.dumps(data, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {len(data['features'])} features to {output}")


def _problem(p: object) -> dict[str, object]:
    fields = ("severity", "file", "row", "record", "column", "value", "expected")
    return {f: getattr(p, f) for f in fields}
