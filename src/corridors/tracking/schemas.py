"""Boundary schemas of the tracking services, cut by role: ``...Create`` / ``...Update`` (what a
client sends), ``...Public`` (what it gets back). The REST API and any other face use these, so
names and shapes are the same everywhere.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from corridors.errors import InvalidInput
from corridors.network.model import Mode
from corridors.routing.schemas import RouteOption, RouteRequest
from corridors.tracking.containers import normalise_container
from corridors.tracking.vocabulary import CODES, Classifier, EventType

__all__ = [
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyPublic",
    "BatchResult",
    "ContainerIn",
    "ContainerNumber",
    "DeliveryPublic",
    "EtaPublic",
    "EtaRecordPublic",
    "EventBatch",
    "EventIn",
    "EventPublic",
    "EventResult",
    "LegPublic",
    "MilestonePublic",
    "OrgKind",
    "OrganizationCreate",
    "OrganizationCreated",
    "OrganizationPublic",
    "OrganizationUpdate",
    "Page",
    "PartyIn",
    "PlanBooking",
    "PositionPublic",
    "Role",
    "ShipmentCreate",
    "ShipmentPublic",
    "ShipmentStatus",
    "ShipmentSummary",
    "ShipmentUpdate",
    "SubscriptionCreate",
    "SubscriptionCreated",
    "SubscriptionPublic",
    "SubscriptionUpdate",
]

OrgKind = Literal["shipper", "forwarder", "carrier", "railway", "port", "customs", "ministry"]
Role = Literal["admin", "book", "publish"]
PartyRole = Literal[
    "shipper", "consignee", "forwarder", "carrier", "railway", "port", "notify", "other"
]
ShipmentStatus = Literal["booked", "in_transit", "arrived", "delivered", "cancelled"]
DeliveryStatus = Literal["pending", "delivered", "dead"]
SubscriptionKind = Literal["events", "eta_slip"]

Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{2}$"),
    Field(description="ISO 3166-1 alpha-2, upper case", examples=["KZ"]),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reference = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def _container(value: str) -> str:
    try:
        return normalise_container(value)
    except InvalidInput as exc:
        raise PydanticCustomError("iso6346", "{message}", {"message": exc.message}) from None


ContainerNumber = Annotated[
    str,
    StringConstraints(max_length=20),
    AfterValidator(_container),
    Field(description="ISO 6346 container number with check digit", examples=["CSQU3054383"]),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# --- organizations and keys -------------------------------------------------------------------


class OrganizationCreate(_In):
    name: Name
    kind: OrgKind
    country: Country | None = Field(None, description="required for kind=customs")
    roles: list[Role] | None = Field(
        None, description="default by kind: shipper/forwarder book+publish, others publish"
    )

    @model_validator(mode="after")
    def _customs_has_country(self) -> OrganizationCreate:
        if self.kind == "customs" and self.country is None:
            raise PydanticCustomError(
                "customs_country",
                "a customs authority needs 'country' (ISO 3166-1 alpha-2): it sees the "
                "shipments whose route crosses that country",
            )
        return self


class OrganizationUpdate(_In):
    name: Name | None = None
    country: Country | None = None
    roles: list[Role] | None = None


class OrganizationPublic(_Out):
    id: str
    name: str
    kind: OrgKind
    country: str | None
    roles: list[Role]
    created_at: datetime


class ApiKeyCreate(_In):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = (
        "default"
    )


class ApiKeyPublic(_Out):
    id: str
    org_id: str
    name: str
    prefix: str = Field(description="the first characters of the key, to tell keys apart")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="the secret; shown once, store it now")


class OrganizationCreated(BaseModel):
    organization: OrganizationPublic
    api_key: ApiKeyCreated


# --- shipments --------------------------------------------------------------------------------


class ContainerIn(_In):
    number: ContainerNumber
    iso_type: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{4}$")] | None = Field(
        None, description="ISO 6346 size/type code, e.g. 45G1", examples=["45G1"]
    )
    seal: Annotated[str, StringConstraints(max_length=40)] | None = None


class PartyIn(_In):
    organization_id: Annotated[str, StringConstraints(min_length=1, max_length=36)]
    role: PartyRole


class PlanBooking(_In):
    """Plan on the server and book the option of the given rank."""

    request: RouteRequest
    option_rank: int = Field(1, ge=1, le=50)


class ShipmentCreate(_In):
    reference: Reference | None = Field(None, description="your own reference, unique per org")
    cargo_description: Annotated[str, StringConstraints(max_length=500)] = ""
    containers: list[ContainerIn] = Field(..., min_length=1, max_length=500)
    parties: list[PartyIn] = Field(default_factory=list, max_length=50)
    route_option: RouteOption | None = Field(
        None, description="an option exactly as the route endpoint returned it"
    )
    plan: PlanBooking | None = Field(None, description="or: plan now and book one option")

    @model_validator(mode="after")
    def _one_route_source(self) -> ShipmentCreate:
        if (self.route_option is None) == (self.plan is None):
            raise PydanticCustomError(
                "route_source",
                "give exactly one of 'route_option' (an option from POST /api/v1/routes) "
                "or 'plan' (origin/destination and option_rank)",
            )
        numbers = [c.number for c in self.containers]
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        if dupes:
            raise PydanticCustomError(
                "duplicate_container", "container listed twice: {d}", {"d": ", ".join(dupes)}
            )
        return self


class ShipmentUpdate(_In):
    reference: Reference | None = None
    cargo_description: Annotated[str, StringConstraints(max_length=500)] | None = None
    status: Literal["cancelled"] | None = Field(None, description="only cancelling is manual")
    parties: list[PartyIn] | None = Field(None, max_length=50, description="replaces the list")


class LegPublic(_Out):
    seq: int
    from_id: str
    to_id: str
    mode: Mode
    link_id: str
    service_id: str | None
    depart: datetime
    arrive: datetime
    running_h: float
    wait_h: float
    dwell_h: float
    dwell_p90_h: float
    queue_h: float = 0.0  # median port queue before a sailing (in the planned departure)
    queue_p90_h: float = 0.0
    handling_h: float
    border: str | None
    countries: list[str]


class PositionPublic(BaseModel):
    node_id: str | None
    node_name: str | None
    event_id: str
    event_type: EventType
    event_type_code: str
    event_datetime: datetime
    on_route: bool = Field(description="false when the location is not on the booked route")


class MilestonePublic(BaseModel):
    index: int
    kind: Literal["depart", "arrive"]
    node_id: str
    leg_seq: int
    planned: datetime
    expected: datetime = Field(description="planned time plus the delay so far")
    border: str | None = None


class EtaPublic(BaseModel):
    shipment_id: str
    status: ShipmentStatus
    planned_arrival_p50: datetime
    planned_arrival_p90: datetime
    eta_p50: datetime
    eta_p90: datetime
    delay_h: float = Field(description="ETA P50 minus planned P50, hours (negative = early)")
    milestone_delay_h: float = Field(
        description="delay at the last milestone passed (event time minus planned time)"
    )
    position: PositionPublic | None
    next_milestone: MilestonePublic | None
    arrived_at: datetime | None
    delivered_at: datetime | None


class EtaRecordPublic(_Out):
    as_of: datetime = Field(description="event time of the event that moved the estimate")
    computed_at: datetime
    eta_p50: datetime
    eta_p90: datetime
    delay_h: float
    trigger: str


class PartyPublic(_Out):
    org_id: str
    role: PartyRole


class ContainerPublic(_Out):
    number: str
    iso_type: str | None
    seal: str | None


class ShipmentSummary(_Out):
    id: str
    reference: str | None
    owner_org_id: str
    status: ShipmentStatus
    origin_id: str
    destination_id: str
    depart: datetime
    planned_arrival_p50: datetime
    eta_p50: datetime
    eta_p90: datetime
    delay_h: float = Field(description="ETA P50 minus planned P50, hours")
    containers: list[str]
    created_at: datetime


class ShipmentPublic(ShipmentSummary):
    cargo_description: str
    planned_arrival_p90: datetime
    price_usd: float
    co2e_kg: float
    distance_km: float
    countries: list[str]
    parties: list[PartyPublic]
    container_details: list[ContainerPublic]
    legs: list[LegPublic]
    route: dict[str, Any] = Field(description="the booked route option, as planned")
    eta: EtaPublic
    updated_at: datetime


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null = end")


# --- events -----------------------------------------------------------------------------------

_EVENT_ID = re.compile(r"^[\x21-\x7e]{1,100}$")


class EventIn(_In):
    event_id: Annotated[str, StringConstraints(pattern=_EVENT_ID.pattern)] = Field(
        description="your unique id for this event (printable ASCII, no spaces, <= 100); "
        "resending the same id with the same content is harmless"
    )
    event_classifier: Classifier
    event_type: EventType
    event_type_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{4}$")]
    event_datetime: AwareDatetime = Field(description="when it happened (ISO 8601 with zone)")
    shipment_id: Annotated[str, StringConstraints(min_length=1, max_length=36)] | None = None
    equipment_reference: ContainerNumber | None = Field(
        None, description="container number; finds the shipment if shipment_id is absent"
    )
    location: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = Field(
        None, description="node id or UN/LOCODE; required except for SHIPMENT events"
    )
    mode: Mode | None = None
    transport_reference: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        None, description="train number, vessel name or wagon number"
    )
    remarks: Annotated[str, StringConstraints(max_length=1000)] | None = None

    @model_validator(mode="after")
    def _check(self) -> EventIn:
        codes = CODES[self.event_type]
        if self.event_type_code not in codes:
            raise PydanticCustomError(
                "event_type_code",
                "event_type_code {code!r} is not defined for event_type {etype}; "
                "accepted: {accepted}",
                {
                    "code": self.event_type_code,
                    "etype": self.event_type,
                    "accepted": ", ".join(codes),
                },
            )
        if self.shipment_id is None and self.equipment_reference is None:
            raise PydanticCustomError(
                "event_target", "give shipment_id or equipment_reference (container number)"
            )
        if self.location is None and self.event_type != "SHIPMENT":
            raise PydanticCustomError(
                "event_location",
                "location (node id or UN/LOCODE) is required for {etype} events",
                {"etype": self.event_type},
            )
        return self


class EventBatch(_In):
    events: list[EventIn] = Field(..., min_length=1)


class EventPublic(_Out):
    event_id: str
    publisher_org_id: str
    shipment_id: str
    event_classifier: Classifier
    event_type: EventType
    event_type_code: str
    event_datetime: datetime
    location: str | None = Field(description="node id")
    mode: Mode | None
    transport_reference: str | None
    equipment_reference: str | None
    remarks: str | None
    received_at: datetime


class EventResult(BaseModel):
    index: int
    event_id: str
    status: Literal["created", "duplicate", "conflict", "rejected"]
    shipment_id: str | None = None
    detail: str | None = None


class BatchResult(BaseModel):
    created: int
    duplicates: int
    conflicts: int
    rejected: int
    results: list[EventResult]


# --- subscriptions and deliveries -------------------------------------------------------------

EventFilter = Annotated[
    str,
    StringConstraints(pattern=r"^(TRANSPORT|EQUIPMENT|SHIPMENT|BORDER|CUSTOMS)(\.[A-Z]{4})?$"),
    Field(description="an event type, or TYPE.CODE", examples=["TRANSPORT.DEPA", "BORDER"]),
]


class SubscriptionCreate(_In):
    kind: SubscriptionKind
    url: HttpUrl = Field(description="where deliveries are POSTed (http or https)")
    event_types: list[EventFilter] = Field(
        default_factory=list, max_length=100, description="kind=events: empty = all"
    )
    classifiers: list[Classifier] = Field(
        default_factory=list, description="kind=events: empty = all"
    )
    shipment_id: Annotated[str, StringConstraints(max_length=36)] | None = Field(
        None, description="only this shipment; default: every shipment you can see"
    )
    eta_slip_hours: float | None = Field(
        None, gt=0, le=10_000, description="kind=eta_slip: alert when the ETA slips this much"
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> SubscriptionCreate:
        if self.kind == "eta_slip" and self.eta_slip_hours is None:
            raise PydanticCustomError("eta_slip_hours", "kind=eta_slip needs eta_slip_hours")
        if self.kind == "events" and self.eta_slip_hours is not None:
            raise PydanticCustomError(
                "eta_slip_hours", "eta_slip_hours only applies to kind=eta_slip"
            )
        return self


class SubscriptionUpdate(_In):
    url: HttpUrl | None = None
    active: bool | None = None
    event_types: list[EventFilter] | None = Field(None, max_length=100)
    classifiers: list[Classifier] | None = None
    eta_slip_hours: float | None = Field(None, gt=0, le=10_000)


class SubscriptionPublic(_Out):
    id: str
    org_id: str
    kind: SubscriptionKind
    url: str
    event_types: list[str]
    classifiers: list[Classifier]
    shipment_id: str | None
    eta_slip_hours: float | None
    active: bool
    created_at: datetime


class SubscriptionCreated(SubscriptionPublic):
    secret: str = Field(description="HMAC key for the signature header; shown once")


class DeliveryPublic(_Out):
    id: int
    subscription_id: str
    kind: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
