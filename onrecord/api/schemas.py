"""The API's request and response bodies (pydantic, through Django Ninja): the OpenAPI 3.1
document is generated from these. Choices are the models' own, so the document lists every
value a field accepts."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from enum import Enum
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict, StringConstraints, field_validator

from onrecord.cases.models import Child, Meeting, ParentalResponsibility, Person, SensitiveKind

ExternalId = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:-]+$")
]


def _choices(name: str, values: list[str]) -> type[Enum]:
    return Enum(name, {value.upper(): value for value in values}, type=str)  # type: ignore[return-value]


PersonKind = _choices("PersonKind", [k for k in Person.Kind.values if k != Person.Kind.CHILD])
CourtOrder = _choices("CourtOrder", list(Child.CourtOrder.values))
PrBasis = _choices("PrBasis", list(ParentalResponsibility.Basis.values))
MeetingKind = _choices("MeetingKind", list(Meeting.Kind.values))
MeetingMode = _choices("MeetingMode", list(Meeting.Mode.values))
SensitiveKindValue = _choices("SensitiveKind", list(SensitiveKind.values))


# Control characters other than tab and line breaks: never in a name or a title, and NUL
# cannot even be stored by PostgreSQL (found by the schemathesis run: a 500, now a 422).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Body(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and _CONTROL.search(value):
            raise ValueError("must not contain control characters")
        return value


class Error(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[FieldError]


class CaseIn(Body):
    reference: str = Field(min_length=1, max_length=50)
    family_name: str = Field(min_length=1, max_length=200)
    opened_on: dt.date | None = None


class CaseOut(Schema):
    id: uuid.UUID
    external_id: str
    reference: str
    family_name: str
    opened_on: dt.date


class PersonIn(Body):
    full_name: str = Field(min_length=1, max_length=200)
    kind: PersonKind  # type: ignore[valid-type]
    relationship: str = Field(default="", max_length=100)
    agency: str = Field(default="", max_length=200)
    job_title: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)


class PersonOut(Schema):
    id: uuid.UUID
    external_id: str
    full_name: str
    kind: str
    relationship: str
    agency: str
    job_title: str
    email: str


class ChildIn(Body):
    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: dt.date
    looked_after: bool = False
    court_order: CourtOrder = Child.CourtOrder.NONE.value  # type: ignore[valid-type]
    gillick_competent: bool | None = None
    gillick_assessed_on: dt.date | None = None
    gillick_assessed_by: str = Field(default="", max_length=200)


class ChildOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    external_id: str
    full_name: str
    date_of_birth: dt.date
    looked_after: bool
    court_order: str


class ParentalResponsibilityIn(Body):
    person: ExternalId = Field(description="The case system's id of the person.")
    child: ExternalId = Field(description="The case system's id of the child.")
    basis: PrBasis  # type: ignore[valid-type]
    starts_on: dt.date
    ends_on: dt.date | None = None


class ParentalResponsibilityOut(Schema):
    id: int
    external_id: str
    person_id: uuid.UUID
    child_id: uuid.UUID
    basis: str
    starts_on: dt.date
    ends_on: dt.date | None


class AttendeeIn(Body):
    external_id: ExternalId
    person: ExternalId = Field(description="The case system's id of the person attending.")
    role: str = Field(min_length=1, max_length=200)


class AgendaItemIn(Body):
    external_id: ExternalId
    position: int = Field(ge=1, le=999)
    title: str = Field(min_length=1, max_length=300)
    children: list[ExternalId] = Field(default_factory=list, max_length=50)
    sensitive: bool = False
    sensitive_reason: str = Field(default="", max_length=300)
    sensitive_kinds: list[SensitiveKindValue] = Field(  # type: ignore[valid-type]
        default_factory=list,
        max_length=3,
        description="What the sensitive information is (Leeds d; Hertfordshire 1.4); naming "
        "one marks the item sensitive.",
    )


class MeetingIn(Body):
    kind: MeetingKind  # type: ignore[valid-type]
    title: str = Field(default="", max_length=200)
    mode: MeetingMode = Meeting.Mode.IN_PERSON.value  # type: ignore[valid-type]
    place: str = Field(default="", max_length=300)
    scheduled_start: AwareDatetime
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=100)
    agenda: list[AgendaItemIn] = Field(default_factory=list, max_length=100)


class AttendeeOut(Schema):
    id: int
    external_id: str | None
    person_id: uuid.UUID
    role: str


class AgendaItemOut(Schema):
    id: int
    external_id: str | None
    position: int
    title: str
    children: list[uuid.UUID]
    sensitive: bool
    sensitive_kinds: list[str]


class MeetingOut(Schema):
    id: uuid.UUID
    external_id: str
    case_id: uuid.UUID
    kind: str
    title: str
    mode: str
    place: str
    scheduled_start: dt.datetime
    attendees: list[AttendeeOut]
    agenda: list[AgendaItemOut]


class CitedReason(Schema):
    code: str
    effect: str
    text: str
    cites: dict[str, Any]


class DecisionOut(Schema):
    outcome: str
    decided_at: dt.datetime
    decided_by_role: str
    reason: str
    disagreements: str
    policy_outcome: str
    reasons: list[CitedReason]
    conditions: list[CitedReason]


class RequestOut(Schema):
    id: uuid.UUID
    meeting_id: uuid.UUID
    requester_id: uuid.UUID
    made_at: dt.datetime
    medium: str
    purposes: list[str]
    timing: str
    status: str
    decision: DecisionOut | None


class DeclarationOut(Schema):
    id: uuid.UUID
    request_id: uuid.UUID | None
    family_member_id: uuid.UUID
    worker_signed_at: dt.datetime
    family_signed_at: dt.datetime | None
    choice: str
    withdrawn_at: dt.datetime | None


class MinutesOut(Schema):
    meeting_id: uuid.UUID
    version: int
    approved_at: dt.datetime
    content: dict[str, Any]


class RecordingOut(Schema):
    id: uuid.UUID
    meeting_id: uuid.UUID
    kind: str
    sha256: str
    size: int
    duration_seconds: float
    created_at: dt.datetime
    disposed_at: dt.datetime | None
