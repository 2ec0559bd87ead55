"""Write a scenario comparison as a report folder (the file output of the scenarios package).

Files: ``index.html`` (summary), ``summary.json`` (the whole comparison, same names as the
Python API), CSV tables (``kpis``, ``corridors``, ``bottlenecks``, ``links``, ``borders``,
``ports``, ``services``, ``od``), ``flows.geojson`` and PNG charts (``throughput_by_corridor``,
``bottlenecks``, ``utilisation_map``). Each file is written to a temporary name and renamed, so
a file is either the old one or the new one, never half-written.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, PackageLoader, select_autoescape
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from corridors.capacity.geojson import flows_geojson
from corridors.errors import InvalidInput
from corridors.network.model import Network
from corridors.scenarios.compare import Comparison

__all__ = ["REPORT_FILES", "write_report"]

REPORT_FILES = (
    "index.html",
    "summary.json",
    "kpis.csv",
    "corridors.csv",
    "bottlenecks.csv",
    "links.csv",
    "borders.csv",
    "ports.csv",
    "services.csv",
    "od.csv",
    "flows.geojson",
    "throughput_by_corridor.png",
    "bottlenecks.png",
    "utilisation_map.png",
)


def write_report(comparison: Comparison, network: Network, directory: str | Path) -> list[Path]:
    """Write every report file into ``directory`` (created if needed); returns their paths."""
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"cannot create report folder {str(out)!r}: {exc}", field="out"
        ) from None
    c = comparison
    files: dict[str, bytes] = {
        "summary.json": c.model_dump_json(indent=2).encode(),
        "kpis.csv": _csv(
            ["name", "unit", "baseline", "scenario", "delta", "delta_pct"],
            ([k.name, k.unit, k.baseline, k.scenario, k.delta, k.delta_pct] for k in c.kpis),
        ),
        "corridors.csv": _csv(
            ["corridor", "baseline_teu_yr", "scenario_teu_yr", "delta_teu_yr"],
            (
                [d.corridor, d.baseline_teu_yr, d.scenario_teu_yr, d.delta_teu_yr]
                for d in c.throughput_by_corridor
            ),
        ),
        "bottlenecks.csv": _bottleneck_csv(c),
        "links.csv": _element_csv(
            c, "links", "id", ["name", "from_id", "to_id", "mode", "corridors"], "flow_teu_yr"
        ),
        "borders.csv": _element_csv(c, "borders", "id", ["link_id", "name"], "flow_teu_yr"),
        "ports.csv": _element_csv(
            c, "ports", "node_id", ["name", "country", "kind"], "throughput_teu_yr"
        ),
        "services.csv": _element_csv(c, "services", "id", ["link_id", "name"], "flow_teu_yr"),
        "od.csv": _od_csv(c),
        "flows.geojson": json.dumps(
            flows_geojson(network, c.scenario, c.baseline), ensure_ascii=False
        ).encode(),
        "throughput_by_corridor.png": _corridor_chart(c),
        "bottlenecks.png": _bottleneck_chart(c),
        "utilisation_map.png": _map(c, network),
    }
    files["index.html"] = _html(c).encode()
    written = []
    for name in REPORT_FILES:
        path = out / name
        tmp = out / f".{name}.tmp"
        tmp.write_bytes(files[name])
        tmp.replace(path)
        written.append(path)
    return written


# ---- tables ----------------------------------------------------------------------------------
def _cell(v: Any) -> Any:
    if isinstance(v, float):
        return "" if not math.isfinite(v) else format(v, ".10g")
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    return "" if v is None else v


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue().encode()


def _bottleneck_csv(c: Comparison) -> bytes:
    base = {(b.kind, b.id): b.shadow_price_usd_teu_yr for b in c.baseline.bottlenecks}
    header = ["rank", "kind", "id", "name", "capacity_teu_yr", "flow_teu_yr", "utilisation"]
    header += ["shadow_price_usd_teu_yr", "shadow_price_usd_teu_day"]
    header += ["baseline_shadow_price_usd_teu_yr"]
    rows = [
        [
            b.rank,
            b.kind,
            b.id,
            b.name,
            b.capacity_teu_yr,
            b.flow_teu_yr,
            b.utilisation,
            b.shadow_price_usd_teu_yr,
            b.shadow_price_usd_teu_day,
            base.get((b.kind, b.id), 0.0),
        ]
        for b in c.scenario.bottlenecks
    ]
    return _csv(header, rows)


def _element_csv(c: Comparison, attr: str, key: str, info: list[str], flow: str) -> bytes:
    """Baseline and scenario side by side for links, borders, ports or services."""
    base = {getattr(x, key): x for x in getattr(c.baseline, attr)}
    scen = {getattr(x, key): x for x in getattr(c.scenario, attr)}
    header = [key, *info]
    header += [f"baseline_{flow}", f"scenario_{flow}", "delta_teu_yr"]
    header += ["baseline_capacity_teu_yr", "scenario_capacity_teu_yr"]
    header += ["baseline_utilisation", "scenario_utilisation"]
    header += ["baseline_shadow_price_usd_teu_yr", "scenario_shadow_price_usd_teu_yr"]
    rows = []
    for k in sorted(set(base) | set(scen)):
        a, b = base.get(k), scen.get(k)
        ref = b or a
        fa = getattr(a, flow) if a else 0.0
        fb = getattr(b, flow) if b else 0.0
        row = [k, *(getattr(ref, f) for f in info), fa, fb, fb - fa]
        for field in ("capacity_teu_yr", "utilisation"):
            row += [getattr(a, field) if a else None, getattr(b, field) if b else None]
        row += [a.shadow_price_usd_teu_yr if a else 0.0, b.shadow_price_usd_teu_yr if b else 0.0]
        rows.append(row)
    return _csv(header, rows)


def _od_csv(c: Comparison) -> bytes:
    base = {(o.origin, o.destination, tuple(o.avoid)): o for o in c.baseline.od}
    header = ["origin", "destination", "avoid", "demand_teu_yr"]
    header += ["baseline_served_teu_yr", "scenario_served_teu_yr"]
    header += ["baseline_unserved_teu_yr", "scenario_unserved_teu_yr", "unserved_reason"]
    header += ["scenario_deferred_teu_yr", "baseline_cost_usd_teu", "scenario_cost_usd_teu"]
    header += ["baseline_time_h", "scenario_time_h", "scenario_corridor"]
    rows = []
    for o in c.scenario.od:
        a = base.get((o.origin, o.destination, tuple(o.avoid)))
        row: list[Any] = [o.origin, o.destination, o.avoid, o.demand_teu_yr]
        row += [a.served_teu_yr if a else None, o.served_teu_yr]
        row += [a.unserved_teu_yr if a else None, o.unserved_teu_yr, o.unserved_reason]
        row += [o.deferred_teu_yr, a.cost_usd_teu if a else None, o.cost_usd_teu]
        row += [a.time_h if a else None, o.time_h, o.corridor]
        rows.append(row)
    return _csv(header, rows)


# ---- charts ----------------------------------------------------------------------------------
def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def _corridor_chart(c: Comparison) -> bytes:
    fig = Figure(figsize=(8, 4.2))
    ax = fig.add_subplot()
    rows = c.throughput_by_corridor
    x = np.arange(len(rows))
    ax.bar(x - 0.2, [r.baseline_teu_yr / 1e3 for r in rows], 0.4, label="baseline", color="#9aa5b1")
    ax.bar(x + 0.2, [r.scenario_teu_yr / 1e3 for r in rows], 0.4, label="scenario", color="#1f6feb")
    ax.set_xticks(x, [r.corridor for r in rows])
    ax.set_ylabel("thousand TEU per year")
    ax.set_title("Throughput by corridor (routes by their main corridor)")
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def _bottleneck_chart(c: Comparison) -> bytes:
    fig = Figure(figsize=(8, 0.5 + 0.38 * max(len(c.bottlenecks), 3)))
    ax = fig.add_subplot()
    rows = list(reversed(c.bottlenecks))
    y = np.arange(len(rows))
    ax.barh(y, [b.shadow_price_usd_teu_yr for b in rows], color="#d1242f", label="scenario")
    ax.scatter(
        [b.baseline_shadow_price_usd_teu_yr for b in rows],
        y,
        marker="|",
        s=200,
        color="black",
        label="baseline",
    )
    ax.set_yticks(y, [f"{b.name[:34]} ({b.kind} {b.id})" for b in rows])
    ax.set_xlabel("USD saved per year per extra TEU/yr of capacity")
    ax.set_title("Bottlenecks: shadow prices of binding capacities")
    if not rows:
        ax.text(0.5, 0.5, "no capacity binds", ha="center", va="center", transform=ax.transAxes)
    else:
        ax.legend(loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def _outlines() -> list[list[tuple[float, float]]]:
    """Country outlines shipped with the network data (Natural Earth, public domain)."""
    try:
        text = (
            resources.files("corridors.network")
            .joinpath("data", "countries.geojson")
            .read_text("utf-8")
        )
    except (FileNotFoundError, ModuleNotFoundError):
        return []
    rings: list[list[tuple[float, float]]] = []
    for feat in json.loads(text).get("features", []):
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys if geom.get("type") in ("Polygon", "MultiPolygon") else []:
            for ring in poly:
                rings.append([(float(p[0]), float(p[1])) for p in ring])
    return rings


def _map(c: Comparison, network: Network) -> bytes:
    """Links coloured by the utilisation of their link or ferry capacity (grey: none in the
    data) and drawn as wide as their flow; border crossings (triangles) and ports (circles)
    coloured by their utilisation."""
    fig = Figure(figsize=(11, 7.2))
    ax = fig.add_subplot()
    scen = c.scenario
    links = scen.links
    lons = [network.nodes[n].lon for lf in links for n in (lf.from_id, lf.to_id)]
    lats = [network.nodes[n].lat for lf in links for n in (lf.from_id, lf.to_id)]
    if lons:
        x0, x1, y0, y1 = min(lons) - 2, max(lons) + 2, min(lats) - 2, max(lats) + 2
    else:
        x0, x1, y0, y1 = 0.0, 1.0, 0.0, 1.0
    outlines = _outlines()
    if outlines:
        ax.add_collection(LineCollection(outlines, colors="#c8ccd1", linewidths=0.5, zorder=0))
    service_use: dict[str, float] = {}
    for sv in scen.services:
        if sv.utilisation is not None:
            service_use[sv.link_id] = max(service_use.get(sv.link_id, 0.0), sv.utilisation)
    top = max((lf.flow_teu_yr for lf in links), default=0.0) or 1.0
    norm = Normalize(0.0, 1.0)
    cmap = _utilisation_cmap()
    segs: dict[bool, list[list[tuple[float, float]]]] = {True: [], False: []}
    widths: dict[bool, list[float]] = {True: [], False: []}
    use: list[float] = []
    for lf in links:
        u = max(
            (x for x in (lf.utilisation, service_use.get(lf.id)) if x is not None), default=None
        )
        known = u is not None
        segs[known].append(network.line(network.links[lf.id]))
        widths[known].append(0.3 + 5.0 * math.sqrt(max(lf.flow_teu_yr, 0.0) / top))
        if u is not None:
            use.append(min(u, 1.0))
    ax.add_collection(
        LineCollection(segs[False], linewidths=widths[False], colors="#6e7781", alpha=0.55)
    )
    coll = LineCollection(segs[True], linewidths=widths[True], cmap=cmap, norm=norm, zorder=2)
    coll.set_array(np.array(use))
    ax.add_collection(coll)
    by_link = {lf.id: lf for lf in links}
    pts: list[tuple[float, float, float, str]] = []
    for bc in scen.borders:
        on = by_link.get(bc.link_id)
        if bc.utilisation is not None and on is not None:
            a, b = network.nodes[on.from_id], network.nodes[on.to_id]
            pts.append(((a.lon + b.lon) / 2, (a.lat + b.lat) / 2, bc.utilisation, "^"))
    for p in scen.ports:
        if p.utilisation is not None:
            n = network.nodes[p.node_id]
            pts.append((n.lon, n.lat, p.utilisation, "o"))
    pts.sort(key=lambda q: q[2])  # the busier direction of a crossing is drawn on top
    for marker in ("^", "o"):
        chosen = [q for q in pts if q[3] == marker]
        if chosen:
            ax.scatter(
                [q[0] for q in chosen],
                [q[1] for q in chosen],
                c=[min(q[2], 1.0) for q in chosen],
                cmap=cmap,
                norm=norm,
                marker=marker,
                s=36,
                edgecolors="black",
                linewidths=0.5,
                zorder=3,
            )
    for bn in c.bottlenecks[:6]:
        place = _bottleneck_place(bn.kind, bn.id, c, network)
        if place is not None:
            ax.annotate(
                bn.name[:34],
                place,
                fontsize=7,
                xytext=(5, -9),
                textcoords="offset points",
                zorder=4,
            )
    fig.colorbar(
        coll, ax=ax, label="utilisation of capacity", orientation="horizontal", shrink=0.5, pad=0.08
    )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1.0 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(
        f"{c.name}\nwidth: flow; colour: utilisation (grey: no capacity in the data); "
        "▲ border crossings, ● ports",
        fontsize=10,
    )
    return _png(fig)


def _utilisation_cmap() -> Any:
    from matplotlib import colormaps

    return colormaps["RdYlGn_r"]


def _bottleneck_place(
    kind: str, rid: str, c: Comparison, network: Network
) -> tuple[float, float] | None:
    if kind == "port" and rid in network.nodes:
        n = network.nodes[rid]
        return n.lon, n.lat
    link_id: str | None = None
    if kind == "link":
        link_id = rid
    elif kind == "border":
        link_id = next((b.link_id for b in c.scenario.borders if b.id == rid), None)
    elif kind == "service":
        link_id = next((s.link_id for s in c.scenario.services if s.id == rid), None)
    lf = next((x for x in c.scenario.links if x.id == link_id), None)
    if lf is None:
        return None
    a, b = network.nodes[lf.from_id], network.nodes[lf.to_id]
    return (a.lon + b.lon) / 2, (a.lat + b.lat) / 2


# ---- HTML ------------------------------------------------------------------------------------
def _num(v: float | None, digits: int = 0) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{v:,.{digits}f}"


def _signed(v: float | None, digits: int = 0) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{v:+,.{digits}f}"


def _html(c: Comparison) -> str:
    env = Environment(
        loader=PackageLoader("corridors.scenarios", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., str]] = {"num": _num, "signed": _signed}
    env.filters.update(filters)
    unserved = sorted(
        (o for o in c.scenario.od if o.unserved_teu_yr > 0.5),
        key=lambda o: -o.unserved_teu_yr,
    )[:20]
    return env.get_template("report.html").render(c=c, unserved=unserved, files=REPORT_FILES)
