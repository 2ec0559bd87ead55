"""From sea level to Caspian shipping capacity, and a network with that capacity applied.

The capacity factor of a sailing is the share of its full load it can still carry:

    factor = units_per_sailing(vessel, T) / units_per_sailing(vessel, T_full)

where ``T`` is the draft allowed by the shallower of the two ports (for the service's vessel
class, at the given sea level and dredging) and ``T_full`` the vessel's design draft (or the
service's ``max_draft_m`` when that is lower). A factor of 0 means the vessel cannot sail loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from corridors.climate.load import bundled_model
from corridors.climate.model import CaspianModel
from corridors.climate.ports import Port, allowed_draft, dredge_for_full_load
from corridors.climate.sealevel import check_level
from corridors.climate.vessels import Vessel, loaded_draft, payload, units_per_sailing
from corridors.network.model import Link, Network, Node, Service

__all__ = [
    "DEFAULT_CLASS_BY_MODE",
    "CapacityRow",
    "ServiceEffect",
    "apply_sea_level",
    "capacity_factor",
    "capacity_table",
    "port_factor",
    "service_effects",
    "weekly_teu",
]

# Links of these modes touching a Caspian port are Caspian crossings; the class is the one assumed
# when a service names none the model knows (reported as class_assumed). Volga river links
# (inland_water) are left alone: their depth follows the river's discharge, not the sea.
DEFAULT_CLASS_BY_MODE = {"ferry": "ropax_rail", "sea": "container_feeder"}


@dataclass(frozen=True, slots=True)
class ServiceEffect:
    """What the sea level does to one Caspian service."""

    service_id: str
    link_id: str
    vessel_class: str
    class_assumed: bool  # the service's vessel_class was unknown; the mode's default was used
    limiting_port: str  # node id of the shallower end
    allowed_draft_m: float
    loaded_draft_m: float
    units_full: float
    units_per_sailing: float
    unit: str
    factor: float
    sailings_per_week: float  # nominal
    effective_sailings_per_week: float  # full-load sailings per week: nominal x factor
    teu_per_week: float | None  # nominal weekly capacity (None when TEU per sailing is unknown)
    effective_teu_per_week: float | None


@dataclass(frozen=True, slots=True)
class CapacityRow:
    """One port and vessel class at one sea level: the ``corridors caspian capacity`` table."""

    node_id: str
    port: str
    vessel_class: str
    unit: str
    level_m: float
    dredge_m: float
    depth_m: float
    allowed_draft_m: float
    design_draft_m: float
    loaded_draft_m: float
    payload_t: float
    max_payload_t: float
    units_per_sailing: float
    units_full: float
    factor: float
    dredge_for_full_m: float  # extra depth that would restore a full load


def _factor(
    vessel: Vessel,
    ports: Iterable[Port],
    level: float,
    dredge: Mapping[str, float],
    cap_draft: float | None = None,
) -> tuple[float, float, str, float, float]:
    """(factor, allowed draft, limiting port, units, full units) for a vessel between ports."""
    full_draft = vessel.design_draft_m if cap_draft is None else cap_draft
    allowed, limiting = min(
        (allowed_draft(p, level, dredge.get(p.node_id, 0.0), vessel), p.node_id) for p in ports
    )
    full = units_per_sailing(vessel, full_draft)
    units = units_per_sailing(vessel, min(allowed, full_draft))
    return (units / full if full > 0 else 0.0), allowed, limiting, units, full


def port_factor(port: Port, vessel: Vessel, level: float, dredge_m: float = 0.0) -> float:
    """Share of a full load ``vessel`` can carry at ``port`` alone (the other end ignored)."""
    return _factor(vessel, (port,), level, {port.node_id: dredge_m})[0]


def _vessel_for(model: CaspianModel, service: Service | None, link: Link) -> tuple[Vessel, bool]:
    known = model.find_vessel(service.vessel_class) if service else None
    if known is not None:
        return known, False
    return model.vessels[DEFAULT_CLASS_BY_MODE[link.mode]], True


def _caspian_ports(model: CaspianModel, link: Link) -> tuple[Port, ...]:
    if link.mode not in DEFAULT_CLASS_BY_MODE:
        return ()
    return tuple(model.ports[n] for n in (link.from_id, link.to_id) if n in model.ports)


def _effect(
    model: CaspianModel, service: Service, link: Link, level: float, dredge: Mapping[str, float]
) -> ServiceEffect | None:
    ports = _caspian_ports(model, link)
    if not ports:
        return None
    vessel, assumed = _vessel_for(model, service, link)
    factor, allowed, limiting, units, full = _factor(
        vessel, ports, level, dredge, service.max_draft_m
    )
    teu = None if service.capacity_teu is None else service.sailings_per_week * service.capacity_teu
    return ServiceEffect(
        service_id=service.id,
        link_id=link.id,
        vessel_class=vessel.id,
        class_assumed=assumed,
        limiting_port=limiting,
        allowed_draft_m=allowed,
        loaded_draft_m=loaded_draft(vessel, min(allowed, service.max_draft_m or allowed)),
        units_full=full,
        units_per_sailing=units,
        unit=vessel.unit,
        factor=factor,
        sailings_per_week=service.sailings_per_week,
        effective_sailings_per_week=service.sailings_per_week * factor,
        teu_per_week=teu,
        effective_teu_per_week=None if teu is None else teu * factor,
    )


def capacity_factor(
    service: Service,
    link: Link,
    level: float,
    dredge: Mapping[str, float] | None = None,
    *,
    model: CaspianModel | None = None,
) -> float:
    """Share (0–1) of a full load one sailing of ``service`` on ``link`` carries at ``level``.

    ``dredge`` maps port names or node ids (any case) to extra dredged metres. Services on
    links that touch no Caspian port, or that are not ferry or sea links, get 1.0.
    """
    model = model or bundled_model()
    effect = _effect(model, service, link, check_level(level), model.resolve_dredge(dredge))
    return 1.0 if effect is None else effect.factor


def service_effects(
    network: Network,
    level: float,
    dredge: Mapping[str, float] | None = None,
    *,
    model: CaspianModel | None = None,
) -> tuple[ServiceEffect, ...]:
    """The effect of ``level`` on every Caspian service of ``network``, in link order."""
    model = model or bundled_model()
    level = check_level(level)
    dredge_ids = model.resolve_dredge(dredge)
    out: list[ServiceEffect] = []
    for link_id, services in network.services.items():
        link = network.links[link_id]
        for service in services:
            effect = _effect(model, service, link, level, dredge_ids)
            if effect is not None:
                out.append(effect)
    return tuple(out)


def weekly_teu(effects: Iterable[ServiceEffect]) -> tuple[float, float]:
    """(nominal, kept) weekly TEU capacity of the services whose TEU per sailing is known."""
    known = [e for e in effects if e.teu_per_week is not None]
    return (
        sum(e.teu_per_week or 0.0 for e in known),
        sum(e.effective_teu_per_week or 0.0 for e in known),
    )


def _weighted(pairs: list[tuple[float, float]]) -> float:
    total = sum(w for _, w in pairs)
    return sum(f * w for f, w in pairs) / total if total > 0 else 1.0


def _weight(service: Service) -> float:
    """Nominal weekly capacity of a service (sailings when its TEU per sailing is unknown)."""
    return service.sailings_per_week * (service.capacity_teu or 1.0)


def apply_sea_level(
    network: Network,
    level: float,
    dredge: Mapping[str, float] | None = None,
    *,
    model: CaspianModel | None = None,
) -> Network:
    """A copy of ``network`` with Caspian shipping capacity cut to what ``level`` allows.

    ``level`` is the Caspian level in m BS (e.g. -30.5); ``dredge`` maps port names or node ids
    (any case, e.g. ``{"aktau": 1.0}``) to extra dredged metres. For each service on a ferry
    or sea link touching a Caspian port, with factor ``f`` (see ``capacity_factor``):

    - ``0 < f < 1``: ``sailings_per_week`` becomes ``f`` times nominal: the effective number of
      full-load sailings. ``capacity_teu`` stays the capacity of one full sailing, so weekly
      capacity (sailings x TEU per sailing) falls by ``f`` and the wait for a departure grows by
      ``1/f``. Fixed ``weekdays`` are dropped (departures are spread evenly).
    - ``f == 0``: the service is removed; a link left with no service is closed.
    - link and port ``capacity_teu_day`` are scaled by the capacity-weighted factor of the
      services using them (a port by the factor its own depth imposes).

    The bundled network's capacities are nominal (full draft). Compare scenarios with the
    network at today's level, ``apply_sea_level(network, present_level())``.
    """
    model = model or bundled_model()
    level = check_level(level)
    dredge_ids = model.resolve_dredge(dredge)

    services: dict[str, tuple[Service, ...]] = {}
    link_pairs: dict[str, list[tuple[float, float]]] = {}
    port_pairs: dict[str, list[tuple[float, float]]] = {}
    for link_id, link_services in network.services.items():
        link = network.links[link_id]
        kept: list[Service] = []
        for service in link_services:
            effect = _effect(model, service, link, level, dredge_ids)
            if effect is None:
                kept.append(service)
                continue
            if effect.factor >= 1:
                kept.append(service)
            elif effect.factor > 0:
                kept.append(
                    replace(
                        service, sailings_per_week=effect.effective_sailings_per_week, weekdays=()
                    )
                )
            link_pairs.setdefault(link_id, []).append((effect.factor, _weight(service)))
            vessel = model.vessels[effect.vessel_class]
            for port in _caspian_ports(model, link):
                at_port = _factor(vessel, (port,), level, dredge_ids, service.max_draft_m)[0]
                port_pairs.setdefault(port.node_id, []).append((at_port, _weight(service)))
        services[link_id] = tuple(kept)

    links = {
        link_id: _scaled_link(model, link, level, dredge_ids, link_pairs, services)
        for link_id, link in network.links.items()
    }
    nodes = {
        node_id: _scaled_port(model, node, level, dredge_ids, port_pairs)
        for node_id, node in network.nodes.items()
    }
    return replace(network, nodes=nodes, links=links, services=services)


def _scaled_link(
    model: CaspianModel,
    link: Link,
    level: float,
    dredge: Mapping[str, float],
    pairs: Mapping[str, list[tuple[float, float]]],
    services: Mapping[str, tuple[Service, ...]],
) -> Link:
    """The link with its capacity scaled, or closed when no sailing can use it any more."""
    ports = _caspian_ports(model, link)
    if not ports:
        return link
    if link.id in pairs:
        factor = _weighted(pairs[link.id])
        closed = not services.get(link.id)
    else:  # a Caspian link without services: judged by the mode's default vessel
        vessel, _ = _vessel_for(model, None, link)
        factor = _factor(vessel, ports, level, dredge)[0]
        closed = factor == 0
    if factor >= 1 and not closed:
        return link
    factor = 0.0 if closed else factor
    capacity = None if link.capacity_teu_day is None else link.capacity_teu_day * factor
    return replace(link, capacity_teu_day=capacity, status="closed" if closed else link.status)


def _scaled_port(
    model: CaspianModel,
    node: Node,
    level: float,
    dredge: Mapping[str, float],
    pairs: Mapping[str, list[tuple[float, float]]],
) -> Node:
    """The port node with its throughput scaled by the factor its own depth imposes."""
    port = model.ports.get(node.id)
    if port is None or node.capacity_teu_day is None:
        return node
    if node.id in pairs:
        factor = _weighted(pairs[node.id])
    else:  # no service calls: judged by a container feeder
        feeder = model.vessels[DEFAULT_CLASS_BY_MODE["sea"]]
        factor = _factor(feeder, (port,), level, dredge)[0]
    return node if factor >= 1 else replace(node, capacity_teu_day=node.capacity_teu_day * factor)


def capacity_table(
    level: float,
    dredge: Mapping[str, float] | None = None,
    *,
    model: CaspianModel | None = None,
    ports: Iterable[str] | None = None,
    vessels: Iterable[str] | None = None,
) -> tuple[CapacityRow, ...]:
    """Per port and calling vessel class: allowed draft, payload, units per sailing, factor.

    ``ports`` restricts the ports (names, ids or aliases); ``vessels`` replaces the classes that
    call at each port by the given ones. By default: every port with every class calling there.
    """
    model = model or bundled_model()
    level = check_level(level)
    dredge_ids = model.resolve_dredge(dredge)
    port_list = [model.port(p) for p in ports] if ports else list(model.ports.values())
    wanted = [model.vessel(v).id for v in vessels] if vessels else None
    rows: list[CapacityRow] = []
    for port in port_list:
        for vessel_id in wanted or port.calls:
            vessel = model.vessels[vessel_id]
            extra = dredge_ids.get(port.node_id, 0.0)
            factor, allowed, _, units, full = _factor(vessel, (port,), level, dredge_ids)
            rows.append(
                CapacityRow(
                    node_id=port.node_id,
                    port=port.name,
                    vessel_class=vessel.id,
                    unit=vessel.unit,
                    level_m=level,
                    dredge_m=extra,
                    depth_m=max(0.0, port.depth_for(vessel.id).depth_at(level, extra)),
                    allowed_draft_m=allowed,
                    design_draft_m=vessel.design_draft_m,
                    loaded_draft_m=loaded_draft(vessel, allowed),
                    payload_t=payload(vessel, allowed),
                    max_payload_t=vessel.max_payload_t,
                    units_per_sailing=units,
                    units_full=full,
                    factor=factor,
                    dredge_for_full_m=max(0.0, dredge_for_full_load(port, vessel, level) - extra),
                )
            )
    return tuple(rows)
