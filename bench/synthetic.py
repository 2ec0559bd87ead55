"""A generated corridor-like network for scale benchmarks (not shipped data; numbers are invented).

A ``rows x cols`` grid (default 250 x 400 = 100,000 nodes) spanning 20 deg latitude and 80 deg
longitude, cut into 16 "countries" of 125 x 50 nodes. Three modes with the correlated criteria real
corridors have:

- road on 90 % of grid edges: fast (60 km/h), dear (US$1.6 per TEU-km), dirty (0.095 kg/tkm);
- rail on every 10th row and column: slower (45 km/h), cheap (US$0.55 per TEU-km, times a national
  tariff factor 0.8-1.2), clean (0.012 kg/tkm where the country is electrified, 0.028 diesel);
  1435 mm gauge in the western half, 1520 mm in the eastern, with transshipment stations where
  rail lines cross the gauge border;
- inland water on every 50th row: slowest (18 km/h), cheapest (US$0.30), 0.02 kg/tkm.

Running speed gets +-10 % noise per link (gradients, curves, congestion); price and CO2e stay
proportional to distance within a mode and country, as tariffs and energy use are. Terminals on rail
and water lines handle boxes in 4 h for US$60 per TEU; links crossing a country border carry a
border crossing (median dwell 6 h rail, 3 h road; P90 three times that). About 400,000 directed
links.
"""

from __future__ import annotations

import numpy as np

from corridors.network.model import BorderCrossing, Link, Mode, Network, Node

__all__ = ["synthetic_network"]

_COUNTRIES = ["CN", "KZ", "RU", "BY", "PL", "DE", "UZ", "TM", "AZ", "GE", "TR", "IR", "MN", "KG",
              "RO", "HU"]  # fmt: skip


def synthetic_network(rows: int = 250, cols: int = 400, seed: int = 1) -> Network:
    rng = np.random.default_rng(seed)
    block_r, block_c = max(rows // 2, 1), max(cols // 8, 1)

    def nid(r: int, c: int) -> str:
        return f"n{r}_{c}"

    def country(r: int, c: int) -> str:
        return _COUNTRIES[(min(r // block_r, 1) * 8 + min(c // block_c, 7)) % len(_COUNTRIES)]

    tariff = {c: float(rng.uniform(0.8, 1.2)) for c in _COUNTRIES}
    electric = {c: bool(rng.random() < 0.5) for c in _COUNTRIES}
    gauge_border = cols // 2
    nodes: dict[str, Node] = {}
    for r in range(rows):
        for c in range(cols):
            on_line = r % 10 == 0 or c % 10 == 0 or r % 50 == 0
            gauges: tuple[int, ...] = ()
            if r % 10 == 0 or c % 10 == 0:
                gauges = (1435,) if c < gauge_border else (1520,)
                if c == gauge_border and r % 10 == 0:
                    gauges = (1435, 1520)
            nodes[nid(r, c)] = Node(
                id=nid(r, c),
                name=f"Node {r}/{c}",
                country=country(r, c),
                lat=35.0 + 20.0 * r / rows,
                lon=20.0 + 80.0 * c / cols,
                kind="terminal" if on_line else "junction",
                gauges=gauges,
                handling_h=4.0 if on_line else 1.0,
                handling_usd_teu=60.0 if on_line else 30.0,
                gauge_change="transshipment" if len(gauges) == 2 else "none",
                gauge_change_h=6.0,
                gauge_change_usd_teu=120.0,
            )
    links: dict[str, Link] = {}
    borders: dict[str, BorderCrossing] = {}
    km_r = 20.0 / rows * 111.0
    km_c = 80.0 / cols * 111.0 * 0.75

    def add(a: tuple[int, int], b: tuple[int, int], mode: Mode, km: float) -> None:
        ca, cb = country(*a), country(*b)
        noise = rng.uniform(0.9, 1.1)
        if mode == "road":
            speed, usd, wtw, gauge = 60.0, 1.6, 0.095, None
        elif mode == "rail":
            speed, usd, gauge = 45.0, 0.55 * tariff[ca], 1435 if a[1] < gauge_border else 1520
            wtw = 0.012 if electric[ca] else 0.028
            if a[1] == gauge_border or b[1] == gauge_border:
                gauge = 1520 if max(a[1], b[1]) > gauge_border else 1435
        else:
            speed, usd, wtw, gauge = 18.0, 0.30, 0.02, None
        for x, y in ((a, b), (b, a)):
            lid = f"{mode[0]}{len(links)}"
            links[lid] = Link(
                id=lid,
                from_id=nid(*x),
                to_id=nid(*y),
                mode=mode,
                length_km=km,
                speed_kmh=speed * noise,
                price_usd_teu=km * usd,
                emission_factor_id=mode,
                wtw_kg_tkm=wtw,
                gauge=gauge,
            )
            if ca != cb:
                dwell = 6.0 if mode == "rail" else 3.0
                borders[lid] = BorderCrossing(
                    id=f"b{lid}",
                    link_id=lid,
                    name=f"{ca}-{cb}",
                    dwell_p50_h=dwell,
                    dwell_p90_h=3 * dwell,
                )

    for r in range(rows):
        for c in range(cols):
            for dr, dc, km in ((0, 1, km_c), (1, 0, km_r)):
                r2, c2 = r + dr, c + dc
                if r2 >= rows or c2 >= cols:
                    continue
                if rng.random() < 0.9:
                    add((r, c), (r2, c2), "road", km)
                if (dr == 0 and r % 10 == 0) or (dc == 0 and c % 10 == 0):
                    add((r, c), (r2, c2), "rail", km)
                if dr == 0 and r % 50 == 0:
                    add((r, c), (r2, c2), "inland_water", km)
    return Network(
        nodes=nodes, links=links, borders=borders, services={}, emission_factors={}, sources={}
    )
