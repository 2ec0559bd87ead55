"""``corridors assign NET TRIPS``: user-equilibrium assignment on a TNTP network."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import Annotated, cast

import numpy as np
import typer
from numpy.typing import NDArray
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from corridors.assignment import ALGORITHMS, Algorithm, AssignmentResult, Iteration, assign
from corridors.assignment.tntp import read_net, read_trips
from corridors.cli import app
from corridors.cli._common import console, err_console, print_json
from corridors.errors import InvalidInput


@app.command("assign")
def assign_command(
    net: Annotated[Path, typer.Argument(help="TNTP network file (..._net.tntp).")],
    trips: Annotated[Path, typer.Argument(help="TNTP demand file (..._trips.tntp).")],
    algorithm: Annotated[
        str, typer.Option(help=f"Equilibrium algorithm: {', '.join(ALGORITHMS)}.")
    ] = "bfw",
    gap: Annotated[float, typer.Option(help="Stop at this relative gap.")] = 1e-4,
    max_iter: Annotated[int, typer.Option(help="Stop after this many iterations.")] = 1000,
    toll_factor: Annotated[
        float, typer.Option(help="Time units per toll unit added to each link's cost.")
    ] = 0.0,
    distance_factor: Annotated[
        float, typer.Option(help="Time units per length unit added to each link's cost.")
    ] = 0.0,
    flows_out: Annotated[
        Path | None, typer.Option(help="Write link flows, times and costs to this CSV file.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Solve the user equilibrium of a TNTP network and report the Beckmann objective and gap."""
    if algorithm not in ALGORITHMS:
        raise InvalidInput(
            f"--algorithm {algorithm!r} is not known; accepted: {', '.join(ALGORITHMS)}",
            field="algorithm",
        )
    tntp = read_net(net)
    demand = read_trips(trips)
    network = tntp.to_assignment(toll_factor=toll_factor, distance_factor=distance_factor)

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=json_output,
    ) as progress:
        task = progress.add_task(f"{algorithm} on {tntp.name}", total=1.0, status="")
        first_gap: list[float] = []

        def show(it: Iteration) -> None:
            # Progress is measured on a log scale from the first gap to the target.
            if not first_gap:
                first_gap.append(it.relative_gap)
            done = _log_progress(first_gap[0], it.relative_gap, gap)
            status = f"iteration {it.iteration}, gap {it.relative_gap:.2e}"
            progress.update(task, completed=done, status=status)

        result = assign(
            network,
            demand,
            algorithm=cast(Algorithm, algorithm),  # checked against ALGORITHMS above
            gap=gap,
            max_iter=max_iter,
            on_iteration=show,
        )

    if flows_out is not None:
        _write_flows(flows_out, tntp.init_node, tntp.term_node, result)

    if json_output:
        out = {"network": tntp.name, "n_links": tntp.n_links, "n_zones": tntp.n_zones}
        out.update(result.to_dict())
        if flows_out is not None:
            out["flows_out"] = str(flows_out)
        print_json(out)
        return

    table = Table(show_header=False, box=None)
    table.add_row("network", f"{tntp.name} ({tntp.n_nodes} nodes, {tntp.n_links} links)")
    table.add_row("algorithm", result.algorithm)
    table.add_row("objective (Beckmann)", f"{result.objective:,.6f}")
    table.add_row("relative gap", f"{result.relative_gap:.3e}")
    table.add_row("iterations", str(result.iterations))
    table.add_row("time", f"{result.seconds:.3f} s")
    if flows_out is not None:
        table.add_row("flows", str(flows_out))
    console.print(table)
    if not result.converged:
        err_console.print(
            f"[yellow]warning:[/] the gap {result.relative_gap:.3e} did not reach {gap:g} "
            f"within {result.iterations} iterations; raise --max-iter or try --algorithm bfw"
        )


def _log_progress(first: float, current: float, target: float) -> float:
    if current <= target or first <= target or target <= 0:
        return 1.0 if current <= target else 0.0
    return min(max(math.log(first / current) / math.log(first / target), 0.0), 1.0)


def _write_flows(
    path: Path, init_node: NDArray[np.int64], term_node: NDArray[np.int64], result: AssignmentResult
) -> None:
    """Write the link table beside ``path`` first, then move it in place (never half-written)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["init_node", "term_node", "flow", "time", "cost"])
            for i in range(init_node.size):
                w.writerow(
                    [
                        int(init_node[i]),
                        int(term_node[i]),
                        repr(float(result.flows[i])),
                        repr(float(result.times[i])),
                        repr(float(result.costs[i])),
                    ]
                )
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(
            f"--flows-out {path}: cannot write ({exc.strerror})", field="flows_out"
        ) from None
