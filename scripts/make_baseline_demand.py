"""Build the bundled baseline demand (src/corridors/capacity/data/baseline_demand.csv).

Each published corridor volume (TEU per year, corridor-facts.md §6 and §10) is split over origin
and destination nodes with shares. A share is ``derived`` when computed from a published figure
and ``estimate`` otherwise; a row is ``derived`` only when every input is, and its note shows
the arithmetic. docs/capacity.md explains the method.

Run: ``python scripts/make_baseline_demand.py``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/corridors/capacity/data/baseline_demand.csv"
TONNES_PER_TEU = 11.0  # same as corridors.capacity.demand.TONNES_PER_TEU
COLUMNS = ("origin", "destination", "teu_per_year", "commodity")
COLUMNS += ("source", "kind", "corridor", "note", "avoid")


@dataclass(frozen=True)
class Share:
    node: str
    share: float
    kind: str  # derived | estimate
    why: str = ""


@dataclass(frozen=True)
class Series:
    name: str  # corridor column
    teu: float
    kind: str  # official | derived | estimate
    source: str
    why: str


def shares(kind: str, why: str, **nodes: float) -> list[Share]:
    total = sum(nodes.values())
    assert abs(total - 1.0) < 1e-9, (why, total)
    return [Share(n, v, kind, why) for n, v in nodes.items()]


def rest(total: float, part: list[Share]) -> list[Share]:
    """Scale shares that sum to 1 so they fill ``total`` (the part left by a derived share)."""
    return [Share(x.node, x.share * total, x.kind, x.why) for x in part]


# ---- origin shares of Chinese rail hubs -----------------------------------------------------
# Xi'an: 6,037 of 20,022 China–Europe Railway Express trains in 2025 = 30% (seanews.com.tr
# Feb 2026); the other hubs have no published split in corridor-facts: estimate.
CER_HUBS = [
    Share("CN_XIY", 0.30, "derived", "Xi'an 6,037 of 20,022 CER trains 2025"),
    *rest(
        0.70,
        shares(
            "estimate",
            "other CER hubs, estimate",
            CN_CKG=0.22,
            CN_CTU=0.17,
            CN_CGO=0.14,
            CN_YIW=0.14,
            CN_WUH=0.09,
            CN_URC=0.09,
            CN_TAO=0.07,
            CN_LYG=0.08,
        ),
    ),
]

# China -> Central Asia: Xi'an ran 1,146 Central Asia trains in Jan–Oct 2025 (~1,375 a year) of
# ~14,600 a year to Central Asia (8,526 in Jan–Jul 2025): 9.4% (theprintlines; mil-osi/Xinhua).
CA_HUBS = [
    Share("CN_XIY", 0.094, "derived", "Xi'an 1,375 of ~14,600 China–Central Asia trains 2025"),
    *rest(
        0.906,
        shares(
            "estimate",
            "other hubs to Central Asia, estimate (Xinjiang hub largest)",
            CN_URC=0.30,
            CN_CKG=0.12,
            CN_CTU=0.10,
            CN_CGO=0.10,
            CN_YIW=0.14,
            CN_LYG=0.10,
            CN_TAO=0.08,
            CN_WUH=0.06,
        ),
    ),
]

# ---- European terminals ---------------------------------------------------------------------
EU_TERMINALS = [
    Share("DE_DUI", 0.30, "derived", "~30% of China–EU rail trade via Duisburg (railfreight 2020)"),
    *rest(
        0.70,
        shares(
            "estimate",
            "other EU terminals, estimate",
            DE_HAM=0.18,
            PL_LCJ=0.14,
            PL_MAL=0.11,
            PL_WAW=0.09,
            PL_SLK=0.06,
            DE_NUE=0.06,
            CZ_PRG=0.07,
            HU_BUD=0.08,
            AT_VIE=0.04,
            IT_MIL=0.07,
            ES_MAD=0.03,
            NL_RTM=0.07,
        ),
    ),
]

# ---- Central Asia destinations: country shares of China's 2024 trade (Chinese customs, US$ bn:
# KZ 43.82, KG 22.71, UZ 13.78, TM 10.65, TJ 3.86; astanatimes 2025-01) x city split (estimate)
_CA_TRADE = {"KZ": 43.82, "KG": 22.71, "UZ": 13.78, "TM": 10.65, "TJ": 3.86}
_CA_CITIES = {
    "KZ": {
        "KZ_ALA": 0.45,
        "KZ_NQZ": 0.20,
        "KZ_CIT": 0.10,
        "KZ_KGF": 0.10,
        "KZ_AKX": 0.05,
        "KZ_SCO": 0.05,
        "KZ_KZO": 0.05,
    },
    "KG": {"KG_FRU": 1.0},
    "UZ": {"UZ_TAS": 0.70, "UZ_SKD": 0.15, "UZ_AZN": 0.15},
    "TM": {"TM_ASB": 0.60, "TM_CRZ": 0.20, "TM_MYP": 0.20},
    "TJ": {"TJ_DYU": 1.0},
}
CA_CITIES = [
    Share(
        node,
        _CA_TRADE[c] / sum(_CA_TRADE.values()) * s,
        "derived" if s == 1.0 else "estimate",
        f"{c} {_CA_TRADE[c]} of {sum(_CA_TRADE.values()):.2f} US$ bn China–CA trade 2024"
        + ("" if s == 1.0 else f" x city share {s} (estimate)"),
    )
    for c, cities in _CA_CITIES.items()
    for node, s in cities.items()
]

RU_CITIES = shares(
    "estimate",
    "Russian/Belarusian destinations, estimate",
    RU_MOW=0.50,
    RU_NSK=0.10,
    RU_LED=0.08,
    RU_SVX=0.08,
    BY_MSQ=0.06,
    RU_KZN=0.05,
    RU_OMS=0.05,
    RU_KUF=0.04,
    RU_CEK=0.04,
)

# ---- the published series -------------------------------------------------------------------
ERAI = "seanews.com.tr Feb 2026 (ERAI / Trasporta Europa, 2025)"
CN_EU_W = Series("CN-EU", 272_157, "official", ERAI, "China->EU rail 2025")
CN_EU_E = Series("CN-EU", 38_422, "official", ERAI, "EU->China rail 2025")
CA_TOTAL = 1_130_000
CN_CA_W = Series(
    "CN-CA",
    CA_TOTAL * 0.8,
    "estimate",
    "seanews.com.tr Feb 2026 (China–Central Asia 1.13 M TEU 2025)",
    "1.13 M TEU x 80% westbound (estimate)",
)
CN_CA_E = Series(
    "CN-CA",
    CA_TOTAL * 0.2,
    "estimate",
    CN_CA_W.source,
    "1.13 M TEU x 20% eastbound (estimate)",
)
# China–Russia/Belarus: all CER (2.05 M TEU) minus Central Asia (1.13 M) minus China–EU (310,579)
CN_RU_TEU = 2_050_000 - 1_130_000 - 310_579
CN_RU_W = Series(
    "CN-RU",
    CN_RU_TEU * 0.65,
    "estimate",
    "seanews.com.tr Feb 2026 (CER 2.05 M TEU, Central Asia 1.13 M, ERAI China–EU 310,579)",
    f"CER 2.05 M - 1.13 M - 310,579 = {CN_RU_TEU:,} TEU x 65% westbound (estimate)",
)
CN_RU_E = Series(
    "CN-RU",
    CN_RU_TEU * 0.35,
    "estimate",
    CN_RU_W.source,
    f"{CN_RU_TEU:,} TEU x 35% eastbound (estimate)",
)
# TITR containers 2025 ~77,000 TEU; China->Georgia 9,849 TEU in H1 2025 -> ~19,700 a year.
TITR_TEU = 77_000
TITR_SRC = "report.az 2026-03-10; sea-news.az 2025-05-08; caliber.az 2025-07-26"
CN_GE_TEU = 9_849 * 2
TITR_REST = TITR_TEU - CN_GE_TEU
TITR_AVOID = "IR;RU"
# INSTC containers: 17.6 Mt (2023, trend 3762035) x 8% containerised (estimate: Vinokurov et al.
# put containers at 39–48% of the 2030 potential; today the corridor carries mostly bulk) / 11 t.
INSTC_TEU = 17_600_000 * 0.08 / TONNES_PER_TEU
INSTC_SRC = "trend 3762035 (INSTC 17.6 Mt 2023); Vinokurov et al. 2022 (container share)"


@dataclass(frozen=True)
class Row:
    origin: str
    destination: str
    teu: float
    source: str
    kind: str
    corridor: str
    note: str
    avoid: str = ""


def _kind(*kinds: str) -> str:
    return "estimate" if "estimate" in kinds else "derived"


def gravity(
    series: Series, origins: list[Share], dests: list[Share], *, reverse: bool = False
) -> list[Row]:
    """Split a series by origin share x destination share (independent choice)."""
    rows = []
    for o in origins:
        for d in dests:
            teu = series.teu * o.share * d.share
            a, b = (d.node, o.node) if reverse else (o.node, d.node)
            note = (
                f"{series.why}: {series.teu:,.0f} TEU x {o.share:.4f} ({o.why}) "
                f"x {d.share:.4f} ({d.why})"
            )
            rows.append(
                Row(a, b, teu, series.source, _kind(series.kind, o.kind, d.kind), series.name, note)
            )
    return rows


def fixed(series: Series, parts: list[tuple[str, str, float, str]]) -> list[Row]:
    """Split a series into explicit OD pairs with estimated shares (each part's why given)."""
    assert abs(sum(p[2] for p in parts) - 1.0) < 1e-9, series.why
    return [
        Row(
            o,
            d,
            series.teu * s,
            series.source,
            _kind(series.kind, "estimate"),
            series.name,
            f"{series.why}: {series.teu:,.0f} TEU x {s:.4f} ({why}, estimate)",
        )
        for o, d, s, why in parts
    ]


def titr_rows() -> list[Row]:
    ge = Series("TITR", CN_GE_TEU, "derived", TITR_SRC, "China->Georgia 9,849 TEU in H1 2025 x 2")
    rows = gravity(
        ge,
        shares(
            "estimate",
            "Xi'an-led TITR origins, estimate",
            CN_XIY=0.5,
            CN_URC=0.1,
            CN_CKG=0.1,
            CN_CTU=0.1,
            CN_YIW=0.1,
            CN_LYG=0.1,
        ),
        shares("estimate", "Georgian terminals, estimate", GE_PTI=0.6, GE_BUS=0.2, GE_TBS=0.2),
    )
    rest = Series(
        "TITR",
        TITR_REST,
        "estimate",
        TITR_SRC,
        f"TITR ~77,000 TEU 2025 minus China->Georgia {CN_GE_TEU:,}",
    )
    parts = [
        ("CN_XIY", "TR_IST", 0.14, "China->Turkiye"),
        ("CN_XIY", "TR_ANK", 0.04, "China->Turkiye"),
        ("CN_XIY", "TR_MER", 0.04, "China->Turkiye"),
        ("CN_URC", "TR_IST", 0.04, "China->Turkiye"),
        ("CN_CKG", "TR_IST", 0.04, "China->Turkiye"),
        ("CN_XIY", "AZ_GYD", 0.12, "China->Azerbaijan"),
        ("CN_URC", "AZ_GYD", 0.04, "China->Azerbaijan"),
        ("CN_YIW", "AZ_GYD", 0.04, "China->Azerbaijan"),
        ("KZ_ALA", "AZ_GYD", 0.06, "Kazakh exports west (72% of TITR tonnage is Kazakh)"),
        ("KZ_ALA", "GE_PTI", 0.06, "Kazakh exports west"),
        ("KZ_ALA", "TR_IST", 0.05, "Kazakh exports west"),
        ("KZ_NQZ", "GE_PTI", 0.05, "Kazakh exports west"),
        ("KZ_NQZ", "TR_IST", 0.04, "Kazakh exports west"),
        ("KZ_KGF", "GE_PTI", 0.04, "Kazakh exports west"),
        ("TR_IST", "CN_XIY", 0.06, "eastbound"),
        ("TR_IST", "KZ_ALA", 0.04, "eastbound"),
        ("GE_PTI", "CN_XIY", 0.04, "eastbound"),
        ("GE_PTI", "KZ_ALA", 0.03, "eastbound"),
        ("AZ_GYD", "KZ_ALA", 0.03, "eastbound"),
    ]
    # The TITR series counts containers that cross the Caspian; without a constraint the model
    # would send them overland round it (via Russia, or via Turkmenistan and Iran).
    return [replace(r, avoid=TITR_AVOID) for r in rows + fixed(rest, parts)]


def instc_rows() -> list[Row]:
    s = Series(
        "INSTC",
        INSTC_TEU,
        "estimate",
        INSTC_SRC,
        "INSTC 17.6 Mt x 8% containers / 11 t per TEU",
    )
    parts = [
        ("RU_MOW", "IR_THR", 0.14, "Russia->Iran"),
        ("RU_MOW", "IR_BND", 0.05, "Russia->Iran"),
        ("RU_LED", "IR_THR", 0.04, "Russia->Iran"),
        ("RU_KUF", "IR_THR", 0.03, "Russia->Iran"),
        ("RU_VOG", "IR_THR", 0.03, "Russia->Iran"),
        ("RU_ASF", "IR_THR", 0.03, "Russia->Iran"),
        ("RU_ASF", "IR_MHD", 0.03, "Russia->Iran"),
        ("IR_THR", "RU_MOW", 0.07, "Iran->Russia"),
        ("IR_BND", "RU_MOW", 0.04, "Iran->Russia"),
        ("IR_THR", "RU_ASF", 0.04, "Iran->Russia"),
        ("RU_MOW", "IN_NSA", 0.12, "Russia->India"),
        ("RU_LED", "IN_NSA", 0.05, "Russia->India"),
        ("RU_MOW", "IN_MUN", 0.03, "Russia->India"),
        ("IN_NSA", "RU_MOW", 0.10, "India->Russia"),
        ("IN_NSA", "RU_LED", 0.03, "India->Russia"),
        ("IN_MUN", "RU_MOW", 0.02, "India->Russia"),
        ("KZ_NQZ", "IR_THR", 0.03, "Central Asia->Iran (eastern route 650 kt 2023)"),
        ("KZ_ALA", "IR_BND", 0.02, "Central Asia->Iran"),
        ("UZ_TAS", "IR_BND", 0.03, "Central Asia->Iran"),
        ("TM_ASB", "IR_THR", 0.02, "Central Asia->Iran"),
        ("IR_BND", "KZ_ALA", 0.02, "Iran->Central Asia"),
        ("IR_THR", "UZ_TAS", 0.02, "Iran->Central Asia"),
        ("IR_BND", "KZ_NQZ", 0.01, "Iran->Central Asia"),
    ]
    return fixed(s, parts)


def build() -> list[Row]:
    rows = [
        *gravity(CN_EU_W, CER_HUBS, EU_TERMINALS),
        *gravity(CN_EU_E, CER_HUBS, EU_TERMINALS, reverse=True),
        *gravity(CN_CA_W, CA_HUBS, CA_CITIES),
        *gravity(CN_CA_E, CA_HUBS, CA_CITIES, reverse=True),
        *gravity(CN_RU_W, CER_HUBS, RU_CITIES),
        *gravity(CN_RU_E, CER_HUBS, RU_CITIES, reverse=True),
        *titr_rows(),
        *instc_rows(),
    ]
    merged: dict[tuple[str, str], Row] = {}
    for r in rows:
        key = (r.origin, r.destination)
        if key in merged:  # the same pair from two series: keep one row, both notes
            m = merged[key]
            merged[key] = Row(
                m.origin,
                m.destination,
                m.teu + r.teu,
                f"{m.source} + {r.source}",
                _kind(m.kind, r.kind),
                f"{m.corridor}+{r.corridor}",
                f"{m.note} | {r.note}",
                m.avoid,
            )
        else:
            merged[key] = r
    return list(merged.values())


def main() -> None:
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            row = [r.origin, r.destination, f"{r.teu:.1f}", "containers", r.source, r.kind]
            w.writerow([*row, r.corridor, r.note, r.avoid])
    print(f"{len(rows)} OD pairs, {sum(r.teu for r in rows):,.0f} TEU/yr -> {OUT}")


if __name__ == "__main__":
    main()
