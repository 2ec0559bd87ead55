"""Validate a corridor network's CSV files: the bundled ones or a user's own in the same format.

Every problem names the file, the row (line number, header = 1), the column, the value and what
was expected. Errors make the files unusable (``load_network`` refuses them); warnings point at
figures that are probably wrong but do not break a route search, e.g. a length shorter than the
great-circle distance between two nodes whose coordinates are themselves estimates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from corridors.network._defaults import (
    default_traction,
    ef_key,
    pick_emission_factor,
    pick_speed,
    pick_tariff,
)
from corridors.network._tables import TABLES, Problem, Row, Severity, by_key, read_tables
from corridors.network.geo import great_circle_km, line_km, parse_linestring

__all__ = ["DATA_DIR", "Problem", "check_network", "check_tables", "distance_bounds"]

DATA_DIR = Path(__file__).parent / "data"

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")


def check_network(path: Path | None = None) -> list[Problem]:
    """All problems of the network in ``path`` (a directory of CSV files); None = bundled data."""
    directory = DATA_DIR if path is None else Path(path)
    tables, problems, _ = read_tables(directory, fallback=DATA_DIR)
    if tables:
        problems += check_tables(tables)
    return problems


def distance_bounds(gc_km: float) -> tuple[float, float]:
    """Shortest and longest plausible rail/road length for a great-circle distance.

    Node coordinates are town centroids or station positions good to about a kilometre or two,
    so a length may undercut the great circle by 1 % (at least 5 km); the upper bound is twice
    the great circle plus 10 km, which keeps very short border links (a few km) checkable.
    """
    return gc_km - max(5.0, 0.01 * gc_km), 2.0 * gc_km + 10.0


def check_tables(tables: dict[str, list[Row]]) -> list[Problem]:
    """Cross-row and cross-file checks on parsed tables (cell-level problems come from parsing)."""
    out: list[Problem] = []
    _duplicates(tables, out)
    sources = {r.text("source_id") for r in tables["source.csv"]}
    for name, rows in tables.items():
        for r in rows:
            _sources_and_estimates(name, r, sources, out)
    nodes = by_key(tables["node.csv"], "node_id")
    for r in tables["node.csv"]:
        _node(r, out)
    links = by_key(tables["link.csv"], "link_id")
    directed = set(links) | {lid + "R" for lid, r in links.items() if r.integer("dir_flag") == 0}
    for r in tables["link.csv"]:
        _link(r, nodes, tables, out)
    _gauges(tables["link.csv"], nodes, out)
    bordered = _borders(tables["border.csv"], links, directed, nodes, out)
    _services(tables["service.csv"], links, directed, out)
    for r in tables["link.csv"]:
        a, b = nodes.get(r.text("from_node_id")), nodes.get(r.text("to_node_id"))
        if (
            a is not None
            and b is not None
            and r.text("mode") in ("rail", "road")
            and a.text("country") != b.text("country")
            and r.text("link_id") not in bordered
        ):
            out.append(
                r.problem(
                    "link_id",
                    f"a border.csv row for this link ({a.text('country')}→{b.text('country')})",
                    "warning",
                )
            )
    _defaults(tables, out)
    return out


def _duplicates(tables: dict[str, list[Row]], out: list[Problem]) -> None:
    for name, rows in tables.items():
        key = TABLES[name].key
        seen: dict[str, int] = {}
        for r in rows:
            k = r.text(key)
            if not k:
                continue
            if k in seen:
                out.append(r.problem(key, f"a unique id (already used on line {seen[k]})"))
            else:
                seen[k] = r.line
    # Directed ids made at load (L1 -> L1R) must not collide with ids written in the file.
    ids = {r.text("link_id") for r in tables["link.csv"]}
    for r in tables["link.csv"]:
        if r.integer("dir_flag") == 0 and r.text("link_id") + "R" in ids:
            out.append(r.problem("link_id", "an id whose reverse (id + 'R') is not also an id"))


def _sources_and_estimates(name: str, r: Row, sources: set[str], out: list[Problem]) -> None:
    if name == "source.csv":
        return
    for s in r.items("source"):
        if s not in sources:
            out.append(r.problem("source", f"source ids listed in source.csv (unknown: {s})"))
    columns = {c.name for c in TABLES[name].columns}
    for col in r.items("estimated"):
        if col not in columns or col in ("source", "estimated", "note"):
            out.append(r.problem("estimated", f"names of columns of {name} (unknown: {col})"))


def _node(r: Row, out: list[Problem]) -> None:
    if r.text("country") and not _COUNTRY.match(r.text("country")):
        out.append(r.problem("country", "an ISO 3166-1 alpha-2 code such as KZ"))
    code = r.text("unlocode")
    if code:
        if not _LOCODE.match(code):
            out.append(r.problem("unlocode", "a UN/LOCODE: 2-letter country + 3 letters/digits"))
        elif r.text("country") and code[:2] != r.text("country"):
            out.append(
                r.problem("unlocode", f"a code starting with the country {r.text('country')}")
            )
    if r.text("gauge_change") not in ("", "none") and len(set(r.ints("gauges"))) < 2:
        out.append(r.problem("gauges", "two or more gauges where gauge_change is set"))


def _link(
    r: Row, nodes: Mapping[str, Row], tables: dict[str, list[Row]], out: list[Problem]
) -> None:
    a, b = nodes.get(r.text("from_node_id")), nodes.get(r.text("to_node_id"))
    for col, n in (("from_node_id", a), ("to_node_id", b)):
        if n is None and r.text(col):
            out.append(r.problem(col, "a node_id of node.csv"))
    if r.text("from_node_id") and r.text("from_node_id") == r.text("to_node_id"):
        out.append(r.problem("to_node_id", "a node other than from_node_id"))
    mode = r.text("mode")
    if mode == "rail":
        if r.integer("gauge") is None:
            out.append(r.problem("gauge", "a track gauge in mm for a rail link"))
        if r.text("traction") not in ("electric", "diesel", "mixed"):
            out.append(r.problem("traction", "electric, diesel or mixed for a rail link"))
    elif mode and r.integer("gauge") is not None:
        out.append(r.problem("gauge", f"no gauge for a {mode} link"))
    status = r.text("status")
    if status == "planned" and r.integer("opening_year") is None:
        out.append(r.problem("opening_year", "the year a planned link opens"))
    ef = r.text("emission_factor_id")
    if ef and ef not in {e.text("ef_id") for e in tables["emission_factor.csv"]}:
        out.append(r.problem("emission_factor_id", "an ef_id of emission_factor.csv"))
    length = r.number("length")
    if a is None or b is None or length is None:
        return
    lat1, lon1, lat2, lon2 = (
        a.number("y_coord"),
        a.number("x_coord"),
        b.number("y_coord"),
        b.number("x_coord"),
    )
    if lat1 is None or lon1 is None or lat2 is None or lon2 is None:
        return
    _geometry(r, (lon1, lat1), (lon2, lat2), length, out)
    gc = great_circle_km(lat1, lon1, lat2, lon2)
    low, high = distance_bounds(gc)
    rough = any(c in n.items("estimated") for n in (a, b) for c in ("x_coord", "y_coord"))
    severity: Severity = "warning" if rough else "error"
    why = " (coordinates of an end node are estimates)" if rough else ""
    if length < low:
        out.append(
            r.problem("length", f"at least the great-circle distance {gc:.0f} km{why}", severity)
        )
    elif mode in ("rail", "road") and length > high:
        out.append(
            r.problem(
                "length", f"at most twice the great-circle distance {gc:.0f} km{why}", severity
            )
        )


# How far the ends of a drawn shape may lie from its nodes: a port's node is often the town, and
# the shape starts at the quay or the fairway.
SHAPE_END_KM = 50.0


def _geometry(
    r: Row, start: tuple[float, float], end: tuple[float, float], length: float, out: list[Problem]
) -> None:
    """The optional drawn shape: valid WKT, ends at its nodes, not much longer than the link."""
    text = r.text("geometry")
    if not text:
        return
    try:
        points = parse_linestring(text)
    except ValueError as e:
        out.append(r.problem("geometry", str(e)))
        return
    for (x, y), (lon, lat), which in ((points[0], start, "from"), (points[-1], end, "to")):
        km = great_circle_km(y, x, lat, lon)
        if km > SHAPE_END_KM:
            out.append(
                r.problem(
                    "geometry",
                    f"a line that {'starts' if which == 'from' else 'ends'} within "
                    f"{SHAPE_END_KM:g} km of its {which} node ({lon:g} {lat:g}); "
                    f"this end is {km:.0f} km away",
                )
            )
    drawn = line_km(points)
    if drawn > 1.25 * length:
        out.append(
            r.problem(
                "geometry",
                f"a line no longer than 1.25 × the length {length:g} km (drawn: {drawn:.0f} km)",
                "warning",
            )
        )


def _gauges(links: list[Row], nodes: Mapping[str, Row], out: list[Problem]) -> None:
    """Each rail link's gauge exists at both ends; differing gauges meet only where transshipped."""
    at_node: dict[str, set[int]] = defaultdict(set)
    for r in links:
        g = r.integer("gauge")
        if r.text("mode") != "rail" or g is None or r.text("status") == "closed":
            continue
        for col in ("from_node_id", "to_node_id"):
            n = nodes.get(r.text(col))
            if n is None:
                continue
            at_node[r.text(col)].add(g)
            if n.ints("gauges") and g not in n.ints("gauges"):
                out.append(
                    r.problem("gauge", f"a gauge present at {r.text(col)} ({_gauge_list(n)})")
                )
    for node_id, gauges in at_node.items():
        n = nodes[node_id]
        if len(gauges) > 1 and n.text("gauge_change") in ("", "none"):
            out.append(
                n.problem(
                    "gauge_change",
                    "transshipment or bogie_exchange: rail links of gauges "
                    + "/".join(str(g) for g in sorted(gauges))
                    + " meet here",
                )
            )


def _gauge_list(n: Row) -> str:
    return "/".join(str(g) for g in n.ints("gauges")) + " mm"


def _resolve_link(link_id: str, links: Mapping[str, Row], directed: set[str]) -> Row | None:
    if link_id not in directed:
        return None
    return links.get(link_id[:-1] if link_id not in links else link_id)


def _borders(
    rows: list[Row],
    links: Mapping[str, Row],
    directed: set[str],
    nodes: Mapping[str, Row],
    out: list[Problem],
) -> set[str]:
    bordered: set[str] = set()
    for r in rows:
        link = _resolve_link(r.text("link_id"), links, directed)
        if link is None:
            if r.text("link_id"):
                out.append(r.problem("link_id", "a link_id of link.csv (or its reverse id + 'R')"))
            continue
        bordered.add(link.text("link_id"))
        p50, p90 = r.number("dwell_p50_h"), r.number("dwell_p90_h")
        if p50 is not None and p90 is not None and p90 < p50:
            out.append(r.problem("dwell_p90_h", f"at least the median dwell_p50_h ({p50:g} h)"))
        a, b = nodes.get(link.text("from_node_id")), nodes.get(link.text("to_node_id"))
        if a is None or b is None:
            continue
        if a.text("country") == b.text("country"):
            out.append(r.problem("link_id", "a link between two countries", "warning"))
        if r.text("gauge_change") not in ("", "none") and all(
            n.text("gauge_change") in ("", "none") for n in (a, b)
        ):
            out.append(
                r.problem(
                    "gauge_change",
                    f"a transshipment node at {a.text('node_id')} or {b.text('node_id')} "
                    "(node.csv gauge_change)",
                )
            )
    return bordered


def _services(
    rows: list[Row], links: Mapping[str, Row], directed: set[str], out: list[Problem]
) -> None:
    for r in rows:
        _queue(r, out)
        link = _resolve_link(r.text("link_id"), links, directed)
        if link is None:
            if r.text("link_id"):
                out.append(r.problem("link_id", "a link_id of link.csv (or its reverse id + 'R')"))
            continue
        if link.text("mode") not in ("ferry", "sea", "inland_water"):
            out.append(r.problem("link_id", "a ferry, sea or inland_water link"))
        days = r.ints("weekdays")
        if any(d < 0 or d > 6 for d in days):
            out.append(r.problem("weekdays", "weekday numbers 0 (Monday) to 6 (Sunday)"))
        per_week = r.number("sailings_per_week")
        if days and per_week is not None and len(set(days)) != round(per_week):
            out.append(
                r.problem("sailings_per_week", f"{len(set(days))}, the number of weekdays given")
            )


def _queue(r: Row, out: list[Problem]) -> None:
    """A port queue is a median and a P90 (P90 >= median), given together or not at all."""
    given = {c: r.raw.get(c, "") != "" for c in ("queue_p50_h", "queue_p90_h")}
    for col, other in (("queue_p50_h", "queue_p90_h"), ("queue_p90_h", "queue_p50_h")):
        if given[other] and not given[col]:
            out.append(r.problem(col, f"a value (hours) when {other} is given"))
    q50, q90 = r.number("queue_p50_h"), r.number("queue_p90_h")
    if q50 is not None and q90 is not None and q90 < q50:
        out.append(r.problem("queue_p90_h", f"at least the median queue_p50_h ({q50:g} h)"))


def _defaults(tables: dict[str, list[Row]], out: list[Problem]) -> None:
    """Every link finds its emission factor, tariff and speed; default rows are unambiguous."""
    for name in ("emission_factor.csv", "tariff.csv", "speed.csv"):
        seen: dict[tuple[str, str, str], int] = {}
        for r in tables[name]:
            for region in r.items("region"):
                if region != "*" and not _COUNTRY.match(region):
                    out.append(r.problem("region", "ISO country codes separated by ';', or *"))
                if name == "emission_factor.csv":
                    if not r.text("default_for"):
                        continue
                    key = (r.text("default_for"), "", region)
                elif name == "speed.csv":
                    key = (r.text("mode"), r.text("traction"), region)
                else:
                    key = (r.text("mode"), "", region)
                if key in seen:
                    out.append(
                        r.problem("region", f"a region not already covered on line {seen[key]}")
                    )
                seen.setdefault(key, r.line)
        if name == "emission_factor.csv":
            for r in tables[name]:
                d = r.text("default_for")
                if d and d.split(":")[0] != r.text("mode"):
                    out.append(r.problem("default_for", f"'{r.text('mode')}' or 'mode:traction'"))
    nodes = by_key(tables["node.csv"], "node_id")
    for r in tables["link.csv"]:
        a = nodes.get(r.text("from_node_id"))
        mode = r.text("mode")
        if a is None or not mode:
            continue
        country = a.text("country")
        traction = r.text("traction") or default_traction(mode)
        if not r.text("emission_factor_id") and not pick_emission_factor(
            tables["emission_factor.csv"], mode, traction, country
        ):
            out.append(
                r.problem(
                    "emission_factor_id",
                    f"an ef_id, or a default_for={ef_key(mode, traction)} row "
                    f"covering {country} in emission_factor.csv",
                )
            )
        if r.number("price_usd_teu") is None and not pick_tariff(
            tables["tariff.csv"], mode, country
        ):
            out.append(
                r.problem("price_usd_teu", f"a price, or a tariff.csv row for {mode} in {country}")
            )
        if r.number("free_speed") is None and not pick_speed(
            tables["speed.csv"], mode, traction, country
        ):
            out.append(
                r.problem("free_speed", f"a speed, or a speed.csv row for {mode} in {country}")
            )
    types = {r.text("node_type") for r in tables["handling.csv"]}
    for r in tables["node.csv"]:
        t = r.text("node_type")
        missing = [c for c in ("handling_h", "handling_usd_teu") if r.number(c) is None]
        if t and missing and t not in types:
            out.append(r.problem(missing[0], f"a value, or a handling.csv row for {t}"))
