"""Find the network elements a change names: by id, by name (dashes and case ignored) or, for
links, as ``FROM-TO`` node ids; optionally every link of a corridor."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corridors.capacity.demand import suggestion
from corridors.errors import InvalidInput
from corridors.messages import N_, Message, Param, items
from corridors.network.model import Link, Network

__all__ = ["Selection", "listed", "norm", "select", "select_links"]

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def listed(ids: list[str]) -> Param:
    """Ids joined by commas for a hint, or the word "none"."""
    return items(ids, "comma") if ids else Message.of(N_("none"))


def norm(text: str) -> str:
    """Case, dash and space insensitive form of a name ("Rasht–Astara" == "rasht-astara")."""
    return _SPACES.sub(" ", _DASHES.sub("-", text)).strip().casefold()


@dataclass
class Selection:
    links: set[str] = field(default_factory=set)  # link ids
    borders: set[str] = field(default_factory=set)  # link ids that carry a border crossing
    nodes: set[str] = field(default_factory=set)
    services: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.links or self.borders or self.nodes or self.services)


def _reverse(network: Network, link: Link) -> list[str]:
    return [
        lk.id
        for lk in network.links.values()
        if lk.from_id == link.to_id and lk.to_id == link.from_id and lk.mode == link.mode
    ]


def select_links(
    network: Network, names: Iterable[str], path: str, both_directions: bool = True
) -> set[str]:
    """Link ids for ids, names or ``FROM-TO`` node pairs; error naming ``path[i]`` if unknown."""
    by_name: dict[str, list[str]] = {}
    for lk in network.links.values():
        if lk.name:
            by_name.setdefault(norm(lk.name), []).append(lk.id)
    out: set[str] = set()
    for i, entry in enumerate(names):
        if entry in network.links:
            found = [entry]
        elif norm(entry) in by_name:
            found = by_name[norm(entry)]
        else:
            a, _, b = entry.partition("-")
            found = [lk.id for lk in network.links.values() if lk.from_id == a and lk.to_id == b]
        if not found:
            choices = list(network.links) + [lk.name for lk in network.links.values() if lk.name]
            raise InvalidInput(
                Message.of(
                    N_("{path}: no link with id or name {entry}"),
                    path=f"{path}[{i}]",
                    entry=repr(entry),
                ),
                hint=suggestion(entry, choices, Message.of(N_("link ids and names"))),
                field=f"{path}[{i}]",
            )
        out.update(found)
    if both_directions:
        for lid in list(out):
            out.update(_reverse(network, network.links[lid]))
    return out


def select(network: Network, change: object, path: str) -> Selection:
    """Resolve the targets of a close/capacity/tariff/dwell change (see schema._Targets)."""
    sel = Selection()
    both = bool(getattr(change, "both_directions", True))
    sel.links = select_links(network, getattr(change, "links", []), f"{path}.links", both)
    border_by: dict[str, str] = {}
    for link_id, bc in network.borders.items():
        border_by[bc.id] = link_id
        border_by[norm(bc.name)] = link_id
        border_by[link_id] = link_id
    for i, entry in enumerate(getattr(change, "borders", [])):
        matches = {v for k, v in border_by.items() if k == entry or k == norm(entry)}
        if not matches:
            names = [bc.name for bc in network.borders.values()]
            choices = [bc.id for bc in network.borders.values()] + names
            raise InvalidInput(
                Message.of(
                    N_("{path}: no border crossing with id or name {entry}"),
                    path=f"{path}.borders[{i}]",
                    entry=repr(entry),
                ),
                hint=suggestion(entry, choices, Message.of(N_("border crossings"))),
                field=f"{path}.borders[{i}]",
            )
        sel.borders.update(matches)
    if both:
        for link_id in list(sel.borders):
            sel.borders.update(
                r for r in _reverse(network, network.links[link_id]) if r in network.borders
            )
    node_by = {norm(n.name): n.id for n in network.nodes.values()}
    node_by.update({n.unlocode.casefold(): n.id for n in network.nodes.values() if n.unlocode})
    for i, entry in enumerate(getattr(change, "nodes", [])):
        nid = entry if entry in network.nodes else node_by.get(norm(entry))
        if nid is None:
            raise InvalidInput(
                Message.of(
                    N_("{path}: no node with id, name or UN/LOCODE {entry}"),
                    path=f"{path}.nodes[{i}]",
                    entry=repr(entry),
                ),
                hint=suggestion(
                    entry, list(network.nodes) + list(node_by), Message.of(N_("nodes"))
                ),
                field=f"{path}.nodes[{i}]",
            )
        sel.nodes.add(nid)
    svc_by: dict[str, set[str]] = {}
    for svcs in network.services.values():
        for s in svcs:
            svc_by.setdefault(s.id, set()).add(s.id)
            svc_by.setdefault(norm(s.name), set()).add(s.id)
    for i, entry in enumerate(getattr(change, "services", [])):
        found = svc_by.get(entry) or svc_by.get(norm(entry))
        if not found:
            raise InvalidInput(
                Message.of(
                    N_("{path}: no ferry service with id or name {entry}"),
                    path=f"{path}.services[{i}]",
                    entry=repr(entry),
                ),
                hint=suggestion(entry, list(svc_by), Message.of(N_("services"))),
                field=f"{path}.services[{i}]",
            )
        sel.services.update(found)
    corridor = getattr(change, "corridor", None)
    if corridor:
        excluded = set(getattr(change, "exclude_corridors", []))
        tagged = {
            lk.id
            for lk in network.links.values()
            if corridor in lk.corridors and not excluded.intersection(lk.corridors)
        }
        if not tagged:
            tags = sorted({t for lk in network.links.values() for t in lk.corridors})
            where, tag = f"{path}.corridor", repr(corridor)
            message = (
                Message.of(
                    N_("{path}: no link is tagged {tag} without {excluded}"),
                    path=where,
                    tag=tag,
                    excluded=items(sorted(excluded), "comma"),
                )
                if excluded
                else Message.of(N_("{path}: no link is tagged {tag}"), path=where, tag=tag)
            )
            raise InvalidInput(
                message,
                hint=Message.of(
                    N_("corridor tags in the network: {tags}"),
                    tags=listed(tags),
                ),
                field=where,
            )
        sel.links.update(tagged)
        sel.borders.update(t for t in tagged if t in network.borders)
    return sel
