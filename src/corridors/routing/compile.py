"""Compile a :class:`Network` into flat arrays once, so every query is array work.

An *arc* is one way to traverse one link: a link without services is one arc; a ferry or sea link
with services gives one arc per service and way of carrying the box (each service has its own
crossing time, port queue, price and timetable; ``carries`` says whether the box is lifted aboard
as a container, rolls aboard on its rail wagon, or on a truck).

Each arc has a *vehicle class mode* (``cmode``): what the box sits on while on the arc. It is the
link's mode, except aboard a rail ferry (rail: the wagon rolls on and off, no transshipment) and a
Ro-Ro (``TRUCK``: the box boards and leaves on a truck).
Arrays are kept both as NumPy (vectorised masks, costs, scipy) and as Python lists (the
label-setting inner loop reads scalars, where list indexing is several times faster than NumPy's).

A compiled network is cached on its ``Network`` object (which is immutable).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from corridors.network.model import MODES, Network
from corridors.routing.timing import utc_offset_h

__all__ = ["MODE_CODE", "RAIL", "ROAD", "TRUCK", "CompiledNetwork", "compile_network"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MODE_CODE = {m: i for i, m in enumerate(MODES)}
RAIL = MODE_CODE["rail"]
ROAD = MODE_CODE["road"]
# Vehicle class of a box on a truck aboard a Ro-Ro vessel: it boards and leaves by road.
TRUCK = len(MODES)

WAIT_NONE, WAIT_FREQUENCY, WAIT_FIXED = 0, 1, 2
STATUS_CODE = {"operational": 0, "planned": 1, "closed": 2}
GAUGE_CHANGE_CODE = {"none": 0, "transshipment": 1, "bogie_exchange": 2}
WEEK_H = 168.0
_COLUMNS = [
    "from", "to", "link", "service", "mode", "cmode", "gin", "gout", "run_h", "price_teu", "co2_t",
    "len", "dwell50", "dwell90", "queue50", "queue90", "border", "gc_border", "gc_usd",
    "wait_kind", "headway_h", "status", "reefer_ok", "dg_ok",
]  # fmt: skip


@dataclass(eq=False)
class CompiledNetwork:
    """Flat, index-based view of a network. Node and arc order is fixed at compile time."""

    network: Network
    node_ids: list[str]
    node_index: dict[str, int]
    countries: list[str]  # distinct ISO codes, index = country code
    node_country: IntArray
    node_handling_h: list[float]
    node_handling_usd: list[float]
    node_reefer: list[bool]
    node_gc_kind: list[int]  # break of gauge possible at the node (0 = no)
    node_gc_h: list[float]
    node_gc_usd: list[float]
    link_ids: list[str]
    border_ids: list[str]  # index = border code; link id of the border link
    # arcs (NumPy)
    a_from: IntArray
    a_to: IntArray
    a_link: IntArray
    a_service: IntArray  # index into ``services`` or -1
    a_mode: IntArray
    a_cmode: IntArray  # vehicle class mode (see module doc)
    a_gin: IntArray  # gauge entering the arc: >0 mm, 0 unknown (any), -1 border break of gauge
    a_gout: IntArray  # gauge after the arc: >0 mm, 0 unknown
    a_run_h: FloatArray
    a_price_teu: FloatArray
    a_co2_t: FloatArray  # kg CO2e per tonne over the whole arc (wtw x km)
    a_len: FloatArray
    a_dwell50: FloatArray
    a_dwell90: FloatArray
    a_queue50: FloatArray  # port queue of the arc's service (median), 0 without one
    a_queue90: FloatArray
    a_border: IntArray  # border code or -1
    a_gc_border: BoolArray  # the border includes a break of gauge (a transshipment)
    a_gc_usd: FloatArray  # price per TEU of that transshipment
    a_wait_kind: IntArray
    a_headway_h: FloatArray
    a_status: IntArray
    a_reefer_ok: BoolArray
    a_dg_ok: BoolArray
    a_touch_country: BoolArray  # (n_arcs, n_countries): the arc touches the country
    services: list[Any]
    a_deps: list[tuple[float, ...]]  # fixed sailings: departure positions in the UTC week (h)
    lists: dict[str, list[Any]] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict)
    bounds_keys: deque[Any] = field(default_factory=deque)  # cached bounds, oldest first

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_arcs(self) -> int:
        return int(self.a_from.shape[0])

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its caches: a sweep ships a network that routing already compiled
        (this object rides in its ``__dict__``) to worker processes, which rebuild what they use."""
        return {**self.__dict__, "lists": {}, "cache": {}, "bounds_keys": deque()}

    def base_h(self) -> FloatArray:
        """Deterministic hours of taking each arc, what every engine and bound adds: running,
        median border dwell, median port queue and the mean wait of frequency-based services
        (fixed-weekday waits and transfers depend on the arrival and are added by the search)."""
        got = self.cache.get("base_h")
        if got is None:
            got = self.cache["base_h"] = (
                self.a_run_h
                + self.a_dwell50
                + self.a_queue50
                + np.where(self.a_wait_kind == WAIT_FREQUENCY, self.a_headway_h / 2.0, 0.0)
            )
        assert isinstance(got, np.ndarray)
        return got

    def lst(self, name: str) -> list[Any]:
        """The arc array ``a_<name>`` as a Python list (cached), for scalar-heavy loops."""
        got = self.lists.get(name)
        if got is None:
            got = getattr(self, f"a_{name}").tolist()
            self.lists[name] = got
        return got


_ATTR = "_routing_compiled"


def compile_network(network: Network) -> CompiledNetwork:
    """The compiled view of ``network``, built on first use and kept on the (immutable) object.

    Stored in the instance ``__dict__`` so it lives and dies with the network; no global cache.
    """
    got = network.__dict__.get(_ATTR)
    if isinstance(got, CompiledNetwork):
        return got
    compiled = _compile(network)
    network.__dict__[_ATTR] = compiled
    return compiled


def _compile(network: Network) -> CompiledNetwork:
    node_ids = list(network.nodes)
    node_index = {n: i for i, n in enumerate(node_ids)}
    nodes = [network.nodes[n] for n in node_ids]
    countries = sorted({n.country for n in nodes})
    country_index = {c: i for i, c in enumerate(countries)}
    node_country = np.array([country_index[n.country] for n in nodes], dtype=np.int64)

    cols: dict[str, list[Any]] = {k: [] for k in _COLUMNS}
    services: list[Any] = []
    deps: list[tuple[float, ...]] = []
    link_ids = list(network.links)
    border_ids: list[str] = []
    for li, link_id in enumerate(link_ids):
        link = network.links[link_id]
        u, v = node_index[link.from_id], node_index[link.to_id]
        border = network.borders.get(link_id)
        b_code = -1
        gc_border = False
        gc_usd = 0.0
        dwell50 = dwell90 = 0.0
        if border is not None:
            b_code = len(border_ids)
            border_ids.append(link_id)
            gc_border = border.gauge_change != "none" and link.mode == "rail"
            dwell50, dwell90 = border.dwell_p50_h, max(border.dwell_p90_h, border.dwell_p50_h)
            if gc_border:
                to_node = network.nodes[link.to_id]
                gc_usd = to_node.gauge_change_usd_teu or to_node.handling_usd_teu
        gauge = link.gauge or 0
        gin = -1 if gc_border else gauge
        gout = 0 if gc_border else gauge
        base = {
            "from": u,
            "to": v,
            "link": li,
            "mode": MODE_CODE[link.mode],
            "gin": gin if link.mode == "rail" else 0,
            "gout": gout if link.mode == "rail" else 0,
            "len": link.length_km,
            "co2_t": link.wtw_kg_tkm * link.length_km,
            "dwell50": dwell50,
            "dwell90": dwell90,
            "queue50": 0.0,
            "queue90": 0.0,
            "border": b_code,
            "gc_border": gc_border,
            "gc_usd": gc_usd,
            "status": STATUS_CODE[link.status],
        }
        link_services = network.services.get(link_id, ())
        mode = MODE_CODE[link.mode]
        if not link_services:
            row = dict(base)
            row.update(
                service=-1,
                cmode=mode,
                run_h=link.running_h,
                price_teu=link.price_usd_teu,
                wait_kind=WAIT_NONE,
                headway_h=0.0,
                reefer_ok=link.reefer_ok,
                dg_ok=link.dg_ok,
            )
            _append(cols, row)
            deps.append(())
            continue
        port = network.nodes[link.from_id]
        offset = utc_offset_h(port.country, port.lon)
        wagon_gauge = _common_gauge(port.gauges, network.nodes[link.to_id].gauges)
        for svc in link_services:
            fixed = bool(svc.weekdays)
            svc_deps = (
                tuple(
                    sorted(
                        (d * 24.0 + svc.departure_hour - offset) % WEEK_H for d in set(svc.weekdays)
                    )
                )
                if fixed
                else ()
            )
            for carry in _carries(svc.carries):
                row = dict(base)
                cmode = {"container": mode, "rail_wagon": RAIL, "truck": TRUCK}[carry]
                gauge = wagon_gauge if cmode == RAIL else 0
                row.update(
                    service=len(services),
                    cmode=cmode,
                    gin=gauge,
                    gout=gauge,
                    run_h=svc.crossing_h,
                    queue50=svc.queue_p50_h,
                    queue90=max(svc.queue_p90_h, svc.queue_p50_h),
                    price_teu=svc.price_usd_teu,
                    wait_kind=WAIT_FIXED if fixed else WAIT_FREQUENCY,
                    headway_h=WEEK_H / svc.sailings_per_week
                    if svc.sailings_per_week > 0
                    else WEEK_H,
                    reefer_ok=link.reefer_ok and svc.reefer_ok,
                    dg_ok=link.dg_ok and svc.dg_ok,
                )
                _append(cols, row)
                deps.append(svc_deps)
            services.append(svc)

    a_from = np.array(cols["from"], dtype=np.int64)
    a_to = np.array(cols["to"], dtype=np.int64)
    touch = np.zeros((len(a_from), max(len(countries), 1)), dtype=np.bool_)
    if len(a_from):
        touch[np.arange(len(a_from)), node_country[a_from]] = True
        touch[np.arange(len(a_from)), node_country[a_to]] = True

    def f(name: str) -> FloatArray:
        return np.array(cols[name], dtype=np.float64)

    def i(name: str) -> IntArray:
        return np.array(cols[name], dtype=np.int64)

    def b(name: str) -> BoolArray:
        return np.array(cols[name], dtype=np.bool_)

    return CompiledNetwork(
        network=network,
        node_ids=node_ids,
        node_index=node_index,
        countries=countries,
        node_country=node_country,
        node_handling_h=[n.handling_h for n in nodes],
        node_handling_usd=[n.handling_usd_teu for n in nodes],
        node_reefer=[n.reefer for n in nodes],
        node_gc_kind=[GAUGE_CHANGE_CODE[n.gauge_change] for n in nodes],
        node_gc_h=[n.gauge_change_h for n in nodes],
        node_gc_usd=[n.gauge_change_usd_teu for n in nodes],
        link_ids=link_ids,
        border_ids=border_ids,
        a_from=a_from,
        a_to=a_to,
        a_link=i("link"),
        a_service=i("service"),
        a_mode=i("mode"),
        a_cmode=i("cmode"),
        a_gin=i("gin"),
        a_gout=i("gout"),
        a_run_h=f("run_h"),
        a_price_teu=f("price_teu"),
        a_co2_t=f("co2_t"),
        a_len=f("len"),
        a_dwell50=f("dwell50"),
        a_dwell90=f("dwell90"),
        a_queue50=f("queue50"),
        a_queue90=f("queue90"),
        a_border=i("border"),
        a_gc_border=b("gc_border"),
        a_gc_usd=f("gc_usd"),
        a_wait_kind=i("wait_kind"),
        a_headway_h=f("headway_h"),
        a_status=i("status"),
        a_reefer_ok=b("reefer_ok"),
        a_dg_ok=b("dg_ok"),
        a_touch_country=touch,
        services=services,
        a_deps=deps,
    )


def _carries(carries: tuple[str, ...]) -> list[str]:
    """Known ways of carrying a box aboard, in a fixed order (an empty list means containers)."""
    known: list[str] = [c for c in ("container", "rail_wagon", "truck") if c in carries]
    return known or ["container"]


def _common_gauge(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """The wagon gauge of a rail ferry: the one gauge both ports have, else 0 (unknown)."""
    common = set(a) & set(b)
    return common.pop() if len(common) == 1 else 0


def _append(cols: dict[str, list[Any]], row: dict[str, Any]) -> None:
    for k, v in row.items():
        cols[k].append(v)
