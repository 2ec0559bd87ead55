"""Turn what a user types ("Dostyk", "KZDOS", "Караганда", "Xian", "43.25,76.9") into a node.

Lookup order: ``lat,lon``; node id; UN/LOCODE; exact name (English, Russian, local or alias,
ignoring case, diacritics and punctuation); ``geonames:<id>``; a city of the bundled GeoNames
table; finally a typo-tolerant match (rapidfuzz). A city or a coordinate that is not a node is
connected by road to the nearest terminal: the great-circle distance times the road detour
factor (1.26, derived from two sourced road lengths; an estimate). Nothing matching raises
:class:`NotFound` with "did you mean ...?" suggestions.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from corridors.errors import NotFound
from corridors.messages import N_, Message, Place, items
from corridors.network.cities import City, load_cities
from corridors.network.geo import great_circle_km
from corridors.network.model import Network, Node

__all__ = [
    "ROAD_DETOUR",
    "PlaceMatch",
    "ResolvedPlace",
    "normalize",
    "resolve_place",
    "search_places",
]

ROAD_DETOUR = 1.26  # road km per great-circle km; source DETOUR_ROAD in source.csv
TYPO_SCORE = 80.0  # rapidfuzz ratio at or above which a node name is taken as meant
CITY_TYPO_SCORE = 90.0  # cities are many, so a near-miss must be closer
ENDPOINT_KINDS = frozenset({"terminal", "dry_port", "seaport", "hub"})
# Countries whose cities can be connected to the network by road besides the network's own.
NEIGHBOURS = frozenset(
    {
        *("AM", "AF", "PK", "LT", "LV", "EE", "FI", "SK", "SI", "HR", "FR", "CH"),
        *("BE", "LU", "GR", "MD", "BA", "ME", "MK", "AL", "DK", "SE", "NO"),
    }
)
# Words that say what kind of place it is, not which: "Dostyk station" is Dostyk.
_GENERIC = frozenset(
    {
        *("station", "railway", "rail", "terminal", "port", "seaport", "city", "town"),
        *("dry", "inland", "hub", "станция", "вокзал", "порт", "город", "терминал"),
    }
)

_COORD = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,; ]\s*(-?\d+(?:\.\d+)?)\s*$")
_GEONAMES = re.compile(r"^\s*geonames:(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    query: str
    node_id: str  # network node to route from/to
    name: str  # display name of the place the user meant
    lat: float
    lon: float  # of the place itself (may differ from the node's)
    access_km: float = 0.0  # road distance place -> node (0 when the place IS the node)
    message: Message | None = None  # what the user should know about how the place was read

    @property
    def note(self) -> str:
        return self.message.text if self.message else ""


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """One autocomplete suggestion; pass ``query`` back to :func:`resolve_place`."""

    query: str
    label: str
    kind: Literal["node", "city"]
    name: str
    country: str
    lat: float
    lon: float
    node_id: str | None = None
    score: float = 100.0


# Letters that Unicode does not decompose into a base letter plus a diacritic.
_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ə": "e", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def normalize(text: str) -> str:
    """Casefold, drop diacritics and punctuation, collapse spaces: 'Kuźnica-B.' -> 'kuznica b'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    kept = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(kept.split())


def resolve_place(network: Network, query: str) -> ResolvedPlace:
    """The node a route should start or end at for ``query``; raises NotFound with suggestions."""
    text = query.strip()
    if not text:
        raise NotFound(
            Message.of(N_("empty place")),
            hint=Message.of(N_("give a node id, UN/LOCODE, name or 'lat,lon'")),
        )
    idx = _index(network)
    coord = _COORD.match(text)
    if coord:
        lat, lon = float(coord.group(1)), float(coord.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise NotFound(
                Message.of(N_("coordinates out of range: {value!r}"), value=text),
                hint=Message.of(
                    N_("latitude -90..90, longitude -180..180, as 'lat,lon' in decimal degrees")
                ),
            )
        return _connect(idx, query, f"{lat:.4f}, {lon:.4f}", lat, lon, None)
    node = idx.by_id.get(text.upper()) or idx.by_locode.get(text.upper())
    if node is None:
        nodes = idx.by_name.get(normalize(text), []) or idx.by_name.get(_specific(text), [])
        node = nodes[0] if nodes else None
    if node is not None:
        return _at_node(query, node)
    gid = _GEONAMES.match(text)
    if gid:
        city = idx.city_by_id().get(int(gid.group(1)))
        if city is None:
            raise NotFound(
                Message.of(
                    N_("no city with GeoNames id {id} in the corridor region"), id=gid.group(1)
                )
            )
        return _connect(idx, query, city.name, city.lat, city.lon, city)
    cities = idx.city_by_name().get(normalize(text), []) or idx.city_by_name().get(
        _specific(text), []
    )
    if cities:
        city = cities[0]  # most populous of that name
        return _connect(idx, query, city.name, city.lat, city.lon, city)
    best = _fuzzy(idx, _specific(text) or text, limit=5)
    if best and best[0].score >= TYPO_SCORE:
        match = best[0]
        meant = resolve_place(network, match.query)
        read = Message.of(
            N_("read {value!r} as {place}"),
            value=query,
            place=Place(name=match.name, node=match.node_id),
        )
        if meant.message:
            read = Message.of(N_("{read}; {note}"), read=read, note=meant.message)
        return ResolvedPlace(
            query, meant.node_id, meant.name, meant.lat, meant.lon, meant.access_km, read
        )
    unknown = Message.of(N_("unknown place {value!r}"), value=query)
    if best:
        suggestions = items(
            [
                Message.of(
                    N_("{place} ({query})"), place=Place(name=m.name, node=m.node_id), query=m.query
                )
                for m in best[:5]
            ],
            "comma",
        )
        unknown = Message.of(
            N_("unknown place {value!r}; did you mean {suggestions}?"),
            value=query,
            suggestions=suggestions,
        )
    raise NotFound(
        unknown,
        hint=Message.of(
            N_(
                "give a node id (KZ_DOS), UN/LOCODE (KZDOS), a name in English or Russian, "
                "a city, or 'lat,lon'"
            )
        ),
        field="place",
    )


def search_places(network: Network, text: str, limit: int = 10) -> list[PlaceMatch]:
    """Autocomplete, best first: nodes whose name starts with the text, then such cities
    (most populous first), then typo-tolerant matches."""
    key = normalize(text)
    if not key or limit <= 0:
        return []
    idx = _index(network)
    out: dict[str, PlaceMatch] = {}
    for node in idx.nodes:
        if node.id.lower().startswith(key.replace(" ", "_")) or any(
            n.startswith(key) for n in idx.names_of[node.id]
        ):
            out.setdefault(node.id, _node_match(node, 100.0))
    prefixed: dict[int, City] = {}
    keys = idx.city_keys()
    i = bisect.bisect_left(keys, key)
    while i < len(keys) and keys[i].startswith(key) and len(prefixed) < 20 * limit:
        for city in idx.city_by_name()[keys[i]]:
            prefixed[city.geonameid] = city
        i += 1
    for city in sorted(prefixed.values(), key=lambda c: -c.population):
        if not any(great_circle_km(city.lat, city.lon, n.lat, n.lon) < 5.0 for n in idx.nodes):
            m = _city_match(city, 90.0 if normalize(city.name).startswith(key) else 80.0)
            out.setdefault(m.query, m)
    ranked = sorted(out.values(), key=lambda m: -m.score)
    if len(ranked) < limit:
        extra = [m for m in _fuzzy(idx, text, limit=limit) if m.query not in out]
        ranked += [m for m in extra if m.score >= 60.0]
    return ranked[:limit]


# --- index -------------------------------------------------------------------------------


@dataclass
class _Index:
    nodes: tuple[Node, ...]
    by_id: dict[str, Node]
    by_locode: dict[str, Node]
    by_name: dict[str, list[Node]]
    names_of: dict[str, tuple[str, ...]]
    endpoints: tuple[Node, ...]
    countries: frozenset[str]
    _city_by_name: dict[str, list[City]] | None = None
    _city_by_id: dict[int, City] | None = None
    _city_keys: list[str] | None = None

    def city_by_name(self) -> dict[str, list[City]]:
        if self._city_by_name is None:
            self._load_cities()
        assert self._city_by_name is not None
        return self._city_by_name

    def city_keys(self) -> list[str]:
        """Sorted city names, for prefix search."""
        if self._city_keys is None:
            self._city_keys = sorted(self.city_by_name())
        return self._city_keys

    def city_by_id(self) -> dict[int, City]:
        if self._city_by_id is None:
            self._load_cities()
        assert self._city_by_id is not None
        return self._city_by_id

    def _load_cities(self) -> None:
        by_name: dict[str, list[City]] = {}
        by_id: dict[int, City] = {}
        for city in load_cities(self.countries | NEIGHBOURS):
            by_id[city.geonameid] = city
            for n in {normalize(x) for x in (city.name, *city.alternate_names)}:
                if n:
                    by_name.setdefault(n, []).append(city)
        self._city_by_name, self._city_by_id = by_name, by_id


_INDEXES: dict[int, tuple[weakref.ref[Network], _Index]] = {}


def _index(network: Network) -> _Index:
    hit = _INDEXES.get(id(network))
    if hit is not None and hit[0]() is network:
        return hit[1]
    nodes = tuple(network.nodes.values())
    by_name: dict[str, list[Node]] = {}
    names_of: dict[str, tuple[str, ...]] = {}
    for node in nodes:
        names = _names(node)
        names_of[node.id] = names
        for n in names:
            by_name.setdefault(n, []).append(node)
    # A name shared by several nodes goes to the one that is a usable endpoint first.
    for lst in by_name.values():
        lst.sort(key=lambda n: n.kind not in ENDPOINT_KINDS)
    endpoints = tuple(
        n for n in nodes if n.kind in ENDPOINT_KINDS and _has_operational_link(network, n.id)
    )
    idx = _Index(
        nodes=nodes,
        by_id={n.id.upper(): n for n in nodes},
        by_locode={n.unlocode.upper(): n for n in nodes if n.unlocode},
        by_name=by_name,
        names_of=names_of,
        endpoints=endpoints or nodes,
        countries=frozenset(n.country for n in nodes),
    )
    _INDEXES[id(network)] = (weakref.ref(network), idx)
    return idx


def _names(node: Node) -> tuple[str, ...]:
    raw: Iterable[str] = (node.name, node.name_ru, node.name_local, *node.aliases)
    out = {normalize(x) for x in raw if x}
    # "Khorgos (China)" is also found as "Khorgos".
    out |= {normalize(x.split("(")[0]) for x in (node.name, node.name_ru) if "(" in x}
    return tuple(sorted(n for n in out if n))


def _has_operational_link(network: Network, node_id: str) -> bool:
    return any(network.links[lid].status == "operational" for lid in network.out_links[node_id])


# --- answers -----------------------------------------------------------------------------


def _specific(text: str) -> str:
    """The query without generic words ("Dostyk station" -> "dostyk")."""
    return " ".join(w for w in normalize(text).split() if w not in _GENERIC)


def _at_node(query: str, node: Node) -> ResolvedPlace:
    return ResolvedPlace(query, node.id, node.name, node.lat, node.lon)


def _connect(
    idx: _Index, query: str, name: str, lat: float, lon: float, city: City | None
) -> ResolvedPlace:
    """Connect a place that is not a node to the nearest endpoint, same country first."""
    pool = idx.endpoints
    if city is not None and any(n.country == city.country for n in pool):
        pool = tuple(n for n in pool if n.country == city.country)
    node = min(pool, key=lambda n: great_circle_km(lat, lon, n.lat, n.lon))
    gc = great_circle_km(lat, lon, node.lat, node.lon)
    if gc < 1.0:  # the place is the node (nodes sit on GeoNames city centroids)
        return ResolvedPlace(query, node.id, name, lat, lon, 0.0)
    km = round(gc * ROAD_DETOUR, 1)
    note = Message.of(
        N_(
            "{place} is not a network node; connected by road to {node} ({node_id}), {km:g} km "
            "(estimate: great circle × {detour})"
        ),
        place=Place(name=name),
        node=Place(name=node.name, node=node.id),
        node_id=node.id,
        km=km,
        detour=ROAD_DETOUR,
    )
    return ResolvedPlace(query, node.id, name, lat, lon, km, note)


def _node_match(node: Node, score: float) -> PlaceMatch:
    label = f"{node.name} ({node.country}) – {node.kind.replace('_', ' ')} {node.id}"
    return PlaceMatch(
        node.id, label, "node", node.name, node.country, node.lat, node.lon, node.id, score
    )


def _city_match(city: City, score: float) -> PlaceMatch:
    label = f"{city.name} ({city.country}) – city"
    return PlaceMatch(
        f"geonames:{city.geonameid}",
        label,
        "city",
        city.name,
        city.country,
        city.lat,
        city.lon,
        None,
        score,
    )


def _fuzzy(idx: _Index, text: str, limit: int) -> list[PlaceMatch]:
    """Typo-tolerant matches: node names first; cities only when no node name is close."""
    key = normalize(text)
    if not key:
        return []
    node_names = {n: nodes[0] for n, nodes in idx.by_name.items()}
    found: dict[str, PlaceMatch] = {}
    for name, score, _ in process.extract(key, list(node_names), scorer=fuzz.ratio, limit=limit):
        node = node_names[name]
        found.setdefault(node.id, _node_match(node, float(score)))
    if max((m.score for m in found.values()), default=0.0) < TYPO_SCORE:
        cities = idx.city_by_name()
        for name, score, _ in process.extract(key, list(cities), scorer=fuzz.ratio, limit=limit):
            # A city must be closer than a node to be taken as meant (see resolve_place).
            m = _city_match(cities[name][0], float(score) - (CITY_TYPO_SCORE - TYPO_SCORE))
            found.setdefault(m.query, m)
    return sorted(found.values(), key=lambda m: -m.score)[:limit]
