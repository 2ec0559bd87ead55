"""The event vocabulary: DCSA Track & Trace types and codes, plus our rail, border and customs ones.

Each code also says where it puts the shipment relative to a node of its route, which is all the
ETA needs: ``arrival`` (reached the node), ``departure`` (left it), ``at`` (something happened
while at the node, e.g. a gauge transshipment or a customs release), or ``None`` (a document
event that says nothing about position). ``docs/events.md`` is the user-facing version of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CLASSIFIERS",
    "CODES",
    "EVENT_TYPES",
    "Classifier",
    "CodeInfo",
    "EventType",
    "Phase",
    "code_info",
]

Classifier = Literal["PLN", "EST", "ACT"]
EventType = Literal["TRANSPORT", "EQUIPMENT", "SHIPMENT", "BORDER", "CUSTOMS"]
Phase = Literal["arrival", "departure", "at"]

CLASSIFIERS: tuple[Classifier, ...] = ("PLN", "EST", "ACT")
EVENT_TYPES: tuple[EventType, ...] = ("TRANSPORT", "EQUIPMENT", "SHIPMENT", "BORDER", "CUSTOMS")


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    phase: Phase | None
    dcsa: bool  # True: defined by DCSA Track & Trace; False: our extension
    meaning: str
    delivers: bool = False  # ends the journey (delivered to the consignee)


def _c(
    code: str, phase: Phase | None, dcsa: bool, meaning: str, delivers: bool = False
) -> CodeInfo:
    return CodeInfo(code, phase, dcsa, meaning, delivers)


CODES: dict[EventType, dict[str, CodeInfo]] = {
    "TRANSPORT": {
        c.code: c
        for c in (
            _c("ARRI", "arrival", True, "train, vessel or truck arrived at the location"),
            _c("DEPA", "departure", True, "train, vessel or truck departed from the location"),
        )
    },
    "EQUIPMENT": {
        c.code: c
        for c in (
            _c("LOAD", "at", True, "container loaded onto a wagon, vessel or truck"),
            _c("DISC", "at", True, "container discharged from a wagon, vessel or truck"),
            _c("GTIN", "arrival", True, "container gated in at a terminal"),
            _c("GTOT", "departure", True, "container gated out of a terminal"),
            _c("STUF", "at", True, "container stuffed"),
            _c("STRP", "at", True, "container stripped"),
            _c("PICK", "departure", True, "container picked up from the shipper"),
            _c("DROP", "arrival", True, "container dropped at the consignee", delivers=True),
            _c("INSP", "at", True, "container inspected"),
            _c("RSEA", "at", True, "container resealed"),
            _c("RMVD", "at", True, "seal removed"),
            _c("TRSH", "at", False, "gauge transshipment: lifted between wagons of two gauges"),
            _c("BOGX", "at", False, "bogie exchange: wagon re-bogied for the other gauge"),
            _c("DLVR", "arrival", False, "delivered to the consignee", delivers=True),
        )
    },
    "SHIPMENT": {
        c.code: c
        for c in (
            _c("RECE", None, True, "booking or document received"),
            _c("CONF", None, True, "booking confirmed"),
            _c("ISSU", None, True, "transport document (e.g. CIM/SMGS note) issued"),
            _c("SUBM", None, True, "document submitted"),
            _c("APPR", None, True, "document approved"),
            _c("REJE", None, True, "document rejected"),
            _c("VOID", None, True, "document voided"),
        )
    },
    "BORDER": {
        c.code: c
        for c in (
            _c("BARR", "arrival", False, "arrived at the border station; border formalities start"),
            _c("BHND", "at", False, "handed over to the next country's railway (interchange)"),
            _c("BDEP", "departure", False, "left the border station after formalities"),
        )
    },
    "CUSTOMS": {
        c.code: c
        for c in (
            _c("LODG", "at", False, "customs or transit declaration lodged"),
            _c("TROP", "at", False, "transit procedure opened (e.g. NCTS, TIR, eTIR)"),
            _c("INSP", "at", False, "customs inspection (documentary, X-ray or physical)"),
            _c("HOLD", "at", False, "held by customs"),
            _c("RELS", "at", False, "released by customs"),
            _c("TRCL", "at", False, "transit procedure closed at destination"),
        )
    },
}


def code_info(event_type: str, code: str) -> CodeInfo | None:
    table: dict[str, CodeInfo] = CODES.get(event_type, {})  # type: ignore[call-overload]
    return table.get(code)
