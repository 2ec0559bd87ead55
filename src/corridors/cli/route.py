"""``corridors route ORIGIN DEST``: plan routes and print them as a table, JSON or GeoJSON."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal, cast

import typer
from pydantic import ValidationError
from rich.table import Table

from corridors.cli import app
from corridors.cli._common import console, print_json
from corridors.errors import InvalidInput
from corridors.network.load import load_network
from corridors.network.model import MODES, Mode
from corridors.routing import RoutePlan, RouteRequest, plan_routes
from corridors.routing.geojson import plan_geojson

Container = Literal["20ft", "40ft"]


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for raw in values or [] for v in raw.split(",") if v.strip()]


def _modes(raw: str | None) -> list[Mode] | None:
    if raw is None:
        return None
    modes = _split([raw])
    bad = [m for m in modes if m not in MODES]
    if bad or not modes:
        raise InvalidInput(
            f"modes: {', '.join(bad) or raw!r} is not a mode",
            field="modes",
            hint="accepted: " + ", ".join(MODES),
        )
    return cast(list[Mode], modes)


def _weights(raw: str | None) -> dict[str, float] | None:
    if raw is None:
        return None
    out: dict[str, float] = {}
    for part in _split([raw]):
        name, _, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise InvalidInput(
                f"weights: {part!r} is not name=number",
                field="weights",
                hint="e.g. --weights time=1,price=1,co2=0",
            ) from None
    unknown = sorted(set(out) - {"time", "price", "co2"})
    if unknown:
        raise InvalidInput(
            f"weights: unknown criterion {unknown[0]!r}",
            field="weights",
            hint="accepted: time, price, co2",
        )
    return out


def _departure(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f"depart: {raw!r} is not an ISO 8601 date-time",
            field="departure",
            hint="e.g. 2026-12-01T08:00+06:00",
        ) from None


def _request(**kw: object) -> RouteRequest:
    try:
        return RouteRequest.model_validate(kw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise InvalidInput(
            f"{where}: {err.get('input')!r} is not accepted ({err['msg']})", field=where
        ) from None


@app.command("route")
def route(
    origin: Annotated[str, typer.Argument(help="node id, UN/LOCODE, name or 'lat,lon'")],
    destination: Annotated[str, typer.Argument(help="node id, UN/LOCODE, name or 'lat,lon'")],
    avoid: Annotated[
        list[str] | None, typer.Option("--avoid", help="countries to avoid, e.g. RU,BY")
    ] = None,
    avoid_node: Annotated[
        list[str] | None, typer.Option("--avoid-node", help="nodes to avoid (ids or names)")
    ] = None,
    modes: Annotated[
        str | None, typer.Option("--modes", help="allowed modes, e.g. rail,ferry")
    ] = None,
    planned: Annotated[bool, typer.Option("--planned", help="include planned links")] = False,
    max_transshipments: Annotated[
        int | None, typer.Option("--max-transshipments", help="mode or gauge changes")
    ] = None,
    container: Annotated[Container, typer.Option("--container")] = "40ft",
    units: Annotated[int, typer.Option("--units", help="number of containers")] = 1,
    weight: Annotated[
        float, typer.Option("--weight", help="gross weight of one container, tonnes")
    ] = 20.0,
    reefer: Annotated[bool, typer.Option("--reefer")] = False,
    dangerous: Annotated[bool, typer.Option("--dangerous")] = False,
    depart: Annotated[
        str | None, typer.Option("--depart", help="ISO 8601 with zone; default now")
    ] = None,
    weights: Annotated[
        str | None, typer.Option("--weights", help="single best, e.g. time=1,price=1,co2=0")
    ] = None,
    options: Annotated[int, typer.Option("--options", help="at most this many options")] = 5,
    epsilon: Annotated[
        float | None,
        typer.Option(
            "--epsilon",
            help="where the exact Pareto set is too large, cover it within (1 + EPSILON) in "
            "price and CO2e, no slower (default 0.05; 0 = exact only)",
        ),
    ] = None,
    samples: Annotated[int, typer.Option("--samples", help="draws for P50/P90")] = 1000,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    network: Annotated[
        Path | None, typer.Option("--network", help="directory of network CSV files")
    ] = None,
    legs: Annotated[bool, typer.Option("--legs", "-v", help="show every leg")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="RoutePlan as JSON")] = False,
    as_geojson: Annotated[bool, typer.Option("--geojson", help="legs as GeoJSON")] = False,
) -> None:
    """Plan routes from ORIGIN to DEST: Pareto options over time, price and CO2e."""
    request = _request(
        origin=origin,
        destination=destination,
        avoid_countries=_split(avoid),
        avoid_nodes=_split(avoid_node),
        modes=_modes(modes),
        include_planned=planned,
        max_transshipments=max_transshipments,
        cargo={
            "container": container,
            "units": units,
            "gross_weight_t": weight,
            "reefer": reefer,
            "dangerous": dangerous,
        },
        departure=_departure(depart),
        weights=_weights(weights),
        max_options=options,
        epsilon=epsilon,
        samples=samples,
        seed=seed,
    )
    plan = plan_routes(load_network(network), request)
    if as_json:
        print_json(plan.model_dump(mode="json"))
    elif as_geojson:
        print_json(plan_geojson(plan))
    else:
        _print(plan, legs)


def _print(plan: RoutePlan, legs: bool) -> None:
    table = Table(title=f"{plan.origin.name} → {plan.destination.name}")
    for col, just in (
        ("#", "right"),
        ("option", "left"),
        ("P50 d", "right"),
        ("P90 d", "right"),
        ("US$", "right"),
        ("t CO2e", "right"),
        ("km", "right"),
        ("countries", "left"),
        ("borders", "right"),
    ):
        wrap = col in ("option", "countries")
        table.add_column(
            col,
            justify=just,  # type: ignore[arg-type]
            no_wrap=not wrap,
            min_width={"option": 8, "countries": 8}.get(col),
        )
    for o in plan.options:
        table.add_row(
            str(o.rank),
            (o.label or "-").replace(", ", " "),
            f"{o.transit_p50_h / 24:.1f}",
            f"{o.transit_p90_h / 24:.1f}",
            f"{o.price_usd:,.0f}",
            f"{o.co2e_kg / 1000:.2f}",
            f"{o.distance_km:,.0f}",
            " ".join(o.countries),
            str(len(o.border_crossings)),
        )
    console.print(table)
    if not legs:
        console.print("[dim]--legs shows each leg, border and document[/]", highlight=False)
    else:
        for o in plan.options:
            t = Table(title=f"option {o.rank} {o.label}".strip())
            for col, num in (
                ("from", False), ("to", False), ("mode", False), ("km", True),
                ("depart", True), ("wait h", True), ("queue h", True), ("dwell h", True),
                ("US$", True), ("kg CO2e", True),
            ):  # fmt: skip
                t.add_column(col, justify="right" if num else "left", no_wrap=num)
            for leg in o.legs:
                t.add_row(
                    leg.from_name,
                    leg.to_name,
                    leg.mode + (f" ({leg.service_id})" if leg.service_id else ""),
                    f"{leg.distance_km:,.0f}",
                    leg.depart.strftime("%m-%d %H:%M"),
                    f"{leg.wait_h:.1f}",
                    f"{leg.queue_h:.1f}",
                    f"{leg.dwell_h:.1f}",
                    f"{leg.price_usd:,.0f}",
                    f"{leg.co2e_kg:,.0f}",
                )
            console.print(t)
            console.print("borders: " + ("; ".join(o.border_crossings) or "-"), highlight=False)
            console.print("gauge changes: " + ("; ".join(o.gauge_changes) or "-"), highlight=False)
            console.print("documents: " + "; ".join(o.documents), highlight=False)
    for note in plan.notes:
        console.print(f"[dim]note:[/] {note}", highlight=False)
