"""The corridor network: nodes, links, border crossings, services, GeoJSON and place search.

Open by default (``CORRIDORS_OPEN_PLANNING``): it is reference data, the same for everyone.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from corridors.api.deps import CtxDep, OptionalCallerDep
from corridors.api.problems import problem_responses
from corridors.errors import NotFound
from corridors.network.geojson import link_feature, network_geojson, node_feature
from corridors.network.model import (
    BorderCrossing,
    Link,
    LinkStatus,
    Mode,
    Node,
    NodeKind,
    Service,
)
from corridors.network.places import PlaceMatch, ResolvedPlace, resolve_place, search_places
from corridors.network.stats import network_stats

router = APIRouter(prefix="/network", tags=["network"], responses=problem_responses(401, 422, 503))

Country = Annotated[str | None, Query(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
Corridor = Annotated[str | None, Query(max_length=20, description="corridor tag, e.g. M or N")]
GEOJSON = "application/geo+json"


def _geojson(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, media_type=GEOJSON)


@router.get("", summary="Counts by mode, country, corridor and status; share of estimates")
def read_summary(ctx: CtxDep, caller: OptionalCallerDep) -> dict[str, Any]:
    return network_stats(ctx.require_network())


@router.get("/nodes", summary="Nodes (terminals, ports, border stations), filtered")
def list_nodes(
    ctx: CtxDep,
    caller: OptionalCallerDep,
    country: Country = None,
    kind: NodeKind | None = None,
    corridor: Corridor = None,
) -> list[Node]:
    nodes = ctx.require_network().nodes.values()
    return [
        n
        for n in nodes
        if (country is None or n.country == country)
        and (kind is None or n.kind == kind)
        and (corridor is None or corridor in n.corridors)
    ]


@router.get("/nodes/{node_id}", responses=problem_responses(404))
def read_node(
    ctx: CtxDep, caller: OptionalCallerDep, node_id: Annotated[str, Path(max_length=64)]
) -> Node:
    node = ctx.require_network().nodes.get(node_id)
    if node is None:
        raise NotFound(
            f"node {node_id!r} not found",
            hint="search with GET /api/v1/network/places?q=...",
            field="node_id",
        )
    return node


@router.get("/links", summary="Directed links, filtered")
def list_links(
    ctx: CtxDep,
    caller: OptionalCallerDep,
    mode: Mode | None = None,
    status: LinkStatus | None = None,
    country: Country = None,
    corridor: Corridor = None,
    node_id: Annotated[str | None, Query(max_length=64, description="touching this node")] = None,
) -> list[Link]:
    network = ctx.require_network()
    out = []
    for link in network.links.values():
        if mode is not None and link.mode != mode:
            continue
        if status is not None and link.status != status:
            continue
        if country is not None and country not in network.countries_of(link):
            continue
        if corridor is not None and corridor not in link.corridors:
            continue
        if node_id is not None and node_id not in (link.from_id, link.to_id):
            continue
        out.append(link)
    return out


@router.get("/links/{link_id}", responses=problem_responses(404))
def read_link(
    ctx: CtxDep, caller: OptionalCallerDep, link_id: Annotated[str, Path(max_length=64)]
) -> Link:
    link = ctx.require_network().links.get(link_id)
    if link is None:
        raise NotFound(f"link {link_id!r} not found", field="link_id")
    return link


@router.get("/borders", summary="Border crossings with dwell P50/P90, gauge change, documents")
def list_borders(ctx: CtxDep, caller: OptionalCallerDep) -> list[BorderCrossing]:
    return list(ctx.require_network().borders.values())


@router.get("/services", summary="Ferry and sea services (sailings per week, crossing time)")
def list_services(ctx: CtxDep, caller: OptionalCallerDep) -> list[Service]:
    return [s for group in ctx.require_network().services.values() for s in group]


@router.get(
    "/geojson",
    summary="The whole network as a GeoJSON FeatureCollection",
    responses={200: {"content": {GEOJSON: {}}, "description": "FeatureCollection"}},
    response_class=JSONResponse,
)
def read_geojson(
    ctx: CtxDep,
    caller: OptionalCallerDep,
    include_planned: bool = True,
    one_per_pair: Annotated[bool, Query(description="one feature per two-way link")] = True,
) -> JSONResponse:
    return _geojson(
        network_geojson(
            ctx.require_network(), one_per_pair=one_per_pair, include_planned=include_planned
        )
    )


@router.get(
    "/nodes/{node_id}/geojson",
    responses={200: {"content": {GEOJSON: {}}, "description": "Feature"}, **problem_responses(404)},
    response_class=JSONResponse,
)
def read_node_geojson(
    ctx: CtxDep, caller: OptionalCallerDep, node_id: Annotated[str, Path(max_length=64)]
) -> JSONResponse:
    return _geojson(node_feature(read_node(ctx, caller, node_id)))


@router.get(
    "/links/{link_id}/geojson",
    responses={200: {"content": {GEOJSON: {}}, "description": "Feature"}, **problem_responses(404)},
    response_class=JSONResponse,
)
def read_link_geojson(
    ctx: CtxDep, caller: OptionalCallerDep, link_id: Annotated[str, Path(max_length=64)]
) -> JSONResponse:
    network = ctx.require_network()
    return _geojson(link_feature(network, read_link(ctx, caller, link_id)))


@router.get("/places", summary="Place search (autocomplete): nodes and cities, best first")
def search(
    ctx: CtxDep,
    caller: OptionalCallerDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[PlaceMatch]:
    return search_places(ctx.require_network(), q, limit)


@router.get(
    "/places/resolve",
    responses=problem_responses(404),
    summary="The node a place name, UN/LOCODE, id or 'lat,lon' routes from",
)
def resolve(
    ctx: CtxDep, caller: OptionalCallerDep, q: Annotated[str, Query(min_length=1, max_length=100)]
) -> ResolvedPlace:
    return resolve_place(ctx.require_network(), q)
