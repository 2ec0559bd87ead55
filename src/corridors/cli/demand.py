"""``corridors demand ...``: show, export and import origin–destination demand."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from corridors.capacity import (
    Demand,
    load_bundled_demand,
    read_demand_csv,
    read_omx,
    write_demand_csv,
    write_omx,
)
from corridors.cli import app
from corridors.cli._common import console, print_json
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
