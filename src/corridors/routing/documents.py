"""Documents typically required along a route: a small, explicit rule table.

Rail carriage is governed by one of two legal regimes: CIM (COTIF, the OTIF member states) and SMGS
(the OSJD agreement). Traffic that stays in one regime travels on that regime's consignment note;
through traffic across both uses the common CIM/SMGS note, which avoids re-consigning at the break
of regime. Road legs travel on a CMR consignment note, and a road leg that crosses a border
under customs seal on a TIR carnet (or eTIR). Sea and ferry legs travel on a bill of lading or sea
waybill.
Border crossings add the documents recorded for them in the network data.

The country lists are general knowledge, simplified (several states are in both organisations; they
are listed here under the regime their corridor traffic with the neighbours uses) and should be
read as "typically", not as legal advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["CIM_COUNTRIES", "SMGS_COUNTRIES", "DocLeg", "documents_for"]

# OSJD / SMGS: the 1520 mm states, plus China, Mongolia and Iran for their traffic with them.
SMGS_COUNTRIES = frozenset(
    ["AF", "AZ", "BY", "CN", "GE", "IR", "KG", "KZ", "MN", "RU", "TJ", "TM", "UZ"]
)
# OTIF / COTIF (CIM): the EU member states on the corridors' western ends, Türkiye, the Balkans.
CIM_COUNTRIES = frozenset([
    "AT", "BE", "BG", "CH", "CZ", "DE", "ES", "FR", "GR", "HR", "HU", "IT", "LT", "LV", "NL", "PL",
    "PT", "RO", "RS", "SI", "SK", "TR",
])  # fmt: skip

DocLeg = tuple[str, Sequence[str], bool]  # (mode, countries in travel order, crosses a border)

RULES: dict[str, str] = {
    "SMGS": "SMGS consignment note",
    "CIM": "CIM consignment note",
    "CIM/SMGS": "CIM/SMGS common consignment note",
    "CMR": "CMR consignment note (e-CMR where accepted)",
    "TIR": "TIR carnet (or eTIR) for road transit under customs seal",
    "BL": "Bill of lading or sea waybill",
}


def documents_for(legs: Iterable[DocLeg], border_documents: Iterable[str]) -> list[str]:
    """The documents a route typically needs, in a stable order without repeats."""
    rail_regimes: set[str] = set()
    road = road_border = sea = False
    for mode, countries, crosses in legs:
        if mode == "rail":
            for c in countries:
                if c in SMGS_COUNTRIES:
                    rail_regimes.add("SMGS")
                elif c in CIM_COUNTRIES:
                    rail_regimes.add("CIM")
        elif mode == "road":
            road = True
            road_border |= crosses
        elif mode in ("ferry", "sea", "inland_water"):
            sea = True
    out: list[str] = []
    if rail_regimes == {"SMGS", "CIM"}:
        out.append(RULES["CIM/SMGS"])
    elif rail_regimes:
        out.append(RULES[rail_regimes.pop()])
    if road:
        out.append(RULES["CMR"])
    if road_border:
        out.append(RULES["TIR"])
    if sea:
        out.append(RULES["BL"])
    for doc in border_documents:
        if doc and doc not in out:
            out.append(doc)
    return out
