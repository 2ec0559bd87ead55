"""Documents typically required along a route: a small, explicit rule table.

Rail carriage is governed by one of two legal regimes: CIM (COTIF, the OTIF member states) and SMGS
(the OSJD agreement). Traffic that stays in one regime travels on that regime's consignment note;
through traffic across both uses the common CIM/SMGS note, which avoids re-consigning at the break
of regime; rail carriage inside one country uses the domestic waybill. International road legs
travel on a CMR consignment note and, crossing a border under customs seal, a TIR carnet (or eTIR).
Sea and ferry legs travel on a bill of lading or sea waybill.
Border crossings add the documents recorded for them in the network data (their consignment-note
codes are already decided per carriage; other codes, such as T1, are named in full).

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
# Codes in the border data: consignment notes are decided per carriage above; others are named.
_CARRIAGE_CODES = frozenset({"SMGS", "CIM", "CIM/SMGS", "CMR", "TIR"})
BORDER_CODES: dict[str, str] = {
    "T1": "T1 transit declaration (NCTS, EU/common transit)",
}


def documents_for(legs: Iterable[DocLeg], border_documents: Iterable[str]) -> list[str]:
    """The documents a route typically needs, in a stable order without repeats.

    Consecutive rail legs form one rail carriage; a carriage inside one country travels on that
    country's domestic waybill, an international one on the note of its regime(s).
    """
    out: list[str] = []

    def add(doc: str) -> None:
        if doc and doc not in out:
            out.append(doc)

    carriage: list[str] = []

    def close_rail() -> None:
        if not carriage:
            return
        if len(set(carriage)) == 1:
            add(f"Domestic rail waybill ({carriage[0]})")
        else:
            smgs = any(c in SMGS_COUNTRIES for c in carriage)
            cim = any(c in CIM_COUNTRIES for c in carriage)
            add(RULES["CIM/SMGS" if smgs and cim else "SMGS" if smgs else "CIM"])
        carriage.clear()

    for mode, countries, crosses in legs:
        if mode == "rail":
            carriage.extend(countries)
            continue
        close_rail()
        if mode == "road" and crosses:
            add(RULES["CMR"])
            add(RULES["TIR"])
        elif mode in ("ferry", "sea", "inland_water"):
            add(RULES["BL"])
    close_rail()
    for doc in border_documents:
        if doc not in _CARRIAGE_CODES:
            add(BORDER_CODES.get(doc, doc))
    return out
