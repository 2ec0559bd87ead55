"""``corridors caspian ...``: sea level, projections, port/vessel capacity and charts."""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from corridors.cli import app
from corridors.cli._common import console, print_json
from corridors.climate import (
    bundled_model,
    capacity_table,
    fit_trend,
    project,
    service_effects,
    weekly_teu,
)
from corridors.climate.projection import DEFAULT_TREND_WINDOW
from corridors.errors import InvalidInput
from corridors.network.load import load_network

caspian_app = typer.Typer(
    help="Caspian Sea level, projections and what they do to port and ferry capacity.",
    no_args_is_help=True,
)
app.add_typer(caspian_app, name="caspian")

JsonOpt = Annotated[bool, typer.Option("--json", help="Machine output (JSON) instead of a table.")]
DredgeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--dredge",
        "-d",
        help="Extra dredged depth as PORT=METRES, e.g. aktau=1.0 (repeatable).",
    ),
]
WindowOpt = Annotated[
    str,
    typer.Option(help="Years the trend is fitted over, START:END."),
]


def _dredge(values: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for value in values or []:
        name, sep, metres = value.partition("=")
        try:
            out[name.strip()] = float(metres)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            raise InvalidInput(
                f"--dredge {value!r} is not PORT=METRES",
                hint="e.g. --dredge aktau=1.0",
                field="dredge",
            )
    return out


def _window(value: str) -> tuple[int, int]:
    start, _, end = value.partition(":")
    try:
        return int(start), int(end)
    except ValueError:
        raise InvalidInput(
            f"--window {value!r} is not START:END",
            hint=f"e.g. --window {DEFAULT_TREND_WINDOW[0]}:{DEFAULT_TREND_WINDOW[1]}",
            field="window",
        ) from None


@caspian_app.command("series")
def series_cmd(as_json: JsonOpt = False) -> None:
    """The recorded Caspian levels (m, Baltic height system), each row with its kind and sources."""
    model = bundled_model()
    year, level = model.series.latest_annual()
    if as_json:
        print_json(
            {
                "rows": [asdict(r) for r in model.series.rows],
                "best": [{"year": y, "level_m": v, "kind": k} for y, v, k in model.series.best()],
                "latest_annual": {"year": year, "level_m": level},
                "sources": {k: asdict(s) for k, s in model.sources.items()},
            }
        )
        return
    table = Table(title="Caspian Sea level, m BS (kind: annual > derived > point > fill)")
    for name in ("year", "period", "level_m", "kind", "area", "sources"):
        table.add_column(name, justify="right" if name == "level_m" else "left")
    styles = {"fill": "dim", "point": "italic"}
    for r in model.series.rows:
        table.add_row(
            str(r.year),
            r.period,
            f"{r.level_m:.2f}",
            r.kind,
            r.area,
            ", ".join(r.sources),
            style=styles.get(r.kind, ""),
        )
    console.print(table)
    console.print(f"Latest official annual mean: {year}, {level:.2f} m (the projections' present).")


@caspian_app.command("project")
def project_cmd(
    year: Annotated[int, typer.Option(help="Year to project, from the latest annual to 2100.")],
    scenario: Annotated[
        str | None,
        typer.Option(help="trend, ssp245, ssp585 or prange2020 (default: all of them)."),
    ] = None,
    window: WindowOpt = f"{DEFAULT_TREND_WINDOW[0]}:{DEFAULT_TREND_WINDOW[1]}",
    as_json: JsonOpt = False,
) -> None:
    """Projected level for YEAR: central value and band (low = the deeper fall)."""
    model = bundled_model()
    fit_window = _window(window)
    names = ["trend", *(p.id for p in model.published if p.kind == "scenario")]
    base_year, base_level = model.series.latest_annual()
    rows: list[dict[str, Any]] = []
    for name in [scenario] if scenario else names:
        central, low, high = project(year, name, window=fit_window, model=model)
        rows.append(
            {"year": year, "scenario": name.strip().lower(), "central": central, "low": low}
            | {"high": high, "baseline_year": base_year, "baseline_level_m": base_level}
        )
    fit = fit_trend(model.series, fit_window)
    trend: dict[str, Any] = {"window": list(fit.window), "years": list(fit.years)}
    trend |= {"slope_m_per_yr": fit.slope_m_per_yr, "residual_sd_m": fit.residual_sd_m}
    if as_json:
        if not scenario:
            print_json({"projections": rows, "trend": trend})
        else:
            print_json(rows[0] | ({"trend": trend} if rows[0]["scenario"] == "trend" else {}))
        return
    table = Table(title=f"Caspian level in {year}, m BS (present: {base_year}, {base_level:.2f} m)")
    for name in ("scenario", "central", "low", "high"):
        table.add_column(name, justify="left" if name == "scenario" else "right")
    for r in rows:
        table.add_row(r["scenario"], f"{r['central']:.2f}", f"{r['low']:.2f}", f"{r['high']:.2f}")
    console.print(table)
    console.print(
        f"trend: {fit.slope_m_per_yr * 100:+.1f} cm/yr over {fit.window[0]}–{fit.window[1]} "
        f"({len(fit.years)} annual values), 90% prediction band; published ranges are "
        "interpolated linearly from present to 2100."
    )


@caspian_app.command("capacity")
def capacity_cmd(
    level: Annotated[
        float | None,
        typer.Option(help="Sea level in m BS, e.g. -30.5 (default: latest annual mean)."),
    ] = None,
    dredge: DredgeOpt = None,
    port: Annotated[
        list[str] | None, typer.Option(help="Only this port (name or node id; repeatable).")
    ] = None,
    vessel: Annotated[
        list[str] | None, typer.Option(help="Only this vessel class (repeatable).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Per port and vessel class: allowed draft, payload, units per sailing and capacity factor."""
    model = bundled_model()
    at = model.series.latest_annual()[1] if level is None else level
    rows = capacity_table(at, _dredge(dredge), model=model, ports=port, vessels=vessel)
    if as_json:
        print_json({"level_m": at, "dredge": _dredge(dredge), "rows": [asdict(r) for r in rows]})
        return
    extra = ", ".join(f"{k} +{v:g} m" for k, v in model.resolve_dredge(_dredge(dredge)).items())
    table = Table(
        title=f"Caspian capacity at {at:.2f} m BS" + (f", dredged {extra}" if extra else ""),
        caption="depths and drafts in m; dredge: extra depth for a full load",
    )
    columns = ("port", "vessel", "depth", "allowed", "design", "payload t", "per sailing")
    for name in (*columns, "factor", "dredge"):
        table.add_column(name, justify="left" if name in ("port", "vessel") else "right")
    for r in rows:
        table.add_row(
            r.port,
            r.vessel_class,
            f"{r.depth_m:.2f}",
            f"{r.allowed_draft_m:.2f}",
            f"{r.design_draft_m:.2f}",
            f"{r.payload_t:,.0f}",
            f"{r.units_per_sailing:,.0f}/{r.units_full:,.0f} {r.unit}",
            f"{r.factor:.2f}",
            f"{r.dredge_for_full_m:.2f}",
            style="bold red" if r.factor == 0 else ("yellow" if r.factor < 1 else ""),
        )
    console.print(table)


@caspian_app.command("services")
def services_cmd(
    level: Annotated[
        float | None,
        typer.Option(help="Sea level in m BS, e.g. -30.5 (default: latest annual mean)."),
    ] = None,
    dredge: DredgeOpt = None,
    network: Annotated[
        Path | None,
        typer.Option(help="Network directory (default: the bundled corridor network)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Each Caspian sailing of the network at LEVEL: limiting port, factor, effective frequency."""
    model = bundled_model()
    at = model.series.latest_annual()[1] if level is None else level
    effects = service_effects(load_network(network), at, _dredge(dredge), model=model)
    nominal, kept = weekly_teu(effects)
    if as_json:
        print_json(
            {
                "level_m": at,
                "dredge": _dredge(dredge),
                "services": [asdict(e) for e in effects],
                "teu_per_week": nominal,
                "effective_teu_per_week": kept,
            }
        )
        return
    table = Table(title=f"Caspian services at {at:.2f} m BS", caption="* vessel class assumed")
    for name in ("service", "link", "vessel", "limit"):
        table.add_column(name)
    for name in ("allowed m", "factor", "sailings/wk"):
        table.add_column(name, justify="right")
    for e in effects:
        table.add_row(
            e.service_id,
            e.link_id,
            e.vessel_class + ("*" if e.class_assumed else ""),
            e.limiting_port,
            f"{e.allowed_draft_m:.2f}",
            f"{e.factor:.2f}",
            f"{e.effective_sailings_per_week:.2f} / {e.sailings_per_week:g}",
            style="bold red" if e.factor == 0 else ("yellow" if e.factor < 1 else ""),
        )
    console.print(table)
    share = kept / nominal if nominal else 1.0
    console.print(
        f"Weekly TEU capacity of the sailings with a known TEU size: {kept:,.0f} of "
        f"{nominal:,.0f} ({share:.0%})."
    )


@caspian_app.command("chart")
def chart_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="PNG file to write.")],
    kind: Annotated[
        str, typer.Option(help="series (levels and projections) or capacity (factor vs level).")
    ] = "series",
    dredge: DredgeOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write a PNG chart: the level series with projections, or capacity factor vs sea level."""
    # matplotlib loads here, not at import, so other commands start fast.
    from corridors.climate.charts import capacity_chart, series_chart

    model = bundled_model()
    if kind == "series":
        png = series_chart(model)
    elif kind == "capacity":
        png = capacity_chart(model, _dredge(dredge))
    else:
        raise InvalidInput(
            f"--kind {kind!r} is not a chart", hint="accepted: series, capacity", field="kind"
        )
    _write_atomic(output, png)
    if as_json:
        print_json({"output": str(output), "kind": kind, "bytes": len(png)})
    else:
        console.print(f"wrote {output} ({len(png):,} bytes)")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory, so a failure leaves no half file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InvalidInput(
            f"--output {str(path)!r}: directory {str(directory)!r} does not exist",
            field="output",
        )
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
