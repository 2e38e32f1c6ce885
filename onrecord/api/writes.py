"""Create-or-update by the case system's own ids (PUT): the first call makes the record and
remembers the id (ExternalRef); a retry, or a later change, finds it and updates it in place,
so a retry never duplicates. Each call is one transaction: a body that fails validation (422,
naming the field) changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Status

from onrecord.api import scopes, views_out
from onrecord.api.access import (
    ApiNotFound,
    acting,
    audit_call,
    find,
    in_authority,
    need,
    ref,
    remember,
)
from onrecord.api.models import ApiClient, ExternalRef
from onrecord.api.routes import router
from onrecord.api.schemas import (
    CaseIn,
    CaseOut,
    ChildIn,
    ChildOut,
    Error,
    ExternalId,
    MeetingIn,
    MeetingOut,
    ParentalResponsibilityIn,
    ParentalResponsibilityOut,
    PersonIn,
    PersonOut,
    ValidationErrors,
)
from onrecord.cases.models import (
    AgendaItem,
    Attendee,
    Case,
    Child,
    Meeting,
    ParentalResponsibility,
    Person,
)

TAGS = ["Case record (write)"]
M = TypeVar("M", bound=Model)
WRITE_ERRORS: dict[int, Any] = {
    400: Error,  # a body that is not JSON at all
    401: Error,
    403: Error,
    404: Error,
    409: Error,
    422: ValidationErrors,
}
Kind = ExternalRef.Kind


def _choice(value: Any) -> str:
    """A choice field's value: an Enum member from the body, or the plain default."""
    return str(getattr(value, "value", value))


class FieldProblem(Exception):
    """A body that is well-formed but wrong for the record: answered 422, naming the field."""

    def __init__(self, errors: list[tuple[list[str | int], str]]) -> None:
        super().__init__("; ".join(message for _, message in errors))
        self.errors = errors


def _clean(obj: Model, prefix: list[str | int], fields: dict[str, str] | None = None) -> None:
    """full_clean, its errors as 422 field errors at `prefix` (+ the body's name for the field)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        errors: list[tuple[list[str | int], str]] = []
        for field, messages in exc.message_dict.items():
            name = (fields or {}).get(field, field)
            where = [*prefix] if field == "__all__" else [*prefix, name]
            errors += [(where, message) for message in messages]
        raise FieldProblem(errors) from exc


def _store(client: ApiClient, kind: str, external_id: str, obj: Model, *, created: bool) -> None:
    """Check and save a record a case system sent; a new one is remembered by its own id, so a
    retry finds it instead of creating another."""
    _clean(obj, ["body"])
    obj.save()
    if created:
        remember(client, kind, external_id, obj)


def _upsert(
    client: ApiClient,
    kind: str,
    external_id: str,
    queryset: QuerySet[M],
    make: Callable[[], M],
) -> tuple[M, bool]:
    found = ref(client, kind, external_id)
    if found is None:
        return make(), True
    obj = in_authority(queryset, client).filter(pk=found.object_id).first()
    if obj is None:
        raise ApiNotFound(kind, external_id)
    return obj, False


def _case(client: ApiClient, external_id: str) -> Case:
    return find(client, Case.objects.all(), Kind.CASE, external_id)


def _body_ref(
    client: ApiClient, queryset: QuerySet[M], kind: str, external_id: str, where: list[str | int]
) -> M:
    """A record the body names by the case system's id: unknown is the body's fault (422)."""
    try:
        return find(client, queryset, kind, external_id)
    except ApiNotFound:
        raise FieldProblem([(where, f"No {kind} with this id on this case.")]) from None


@router.put(
    "/cases/{external_id}",
    tags=TAGS,
    response={200: CaseOut, 201: CaseOut, **WRITE_ERRORS},
    operation_id="put_case",
    summary="Create or update a case",
)
def put_case(request: HttpRequest, external_id: Path[ExternalId], body: CaseIn) -> Status[CaseOut]:
    need(request, scopes.CASES_WRITE)
    with acting(request) as client, transaction.atomic():
        case, created = _upsert(
            client, Kind.CASE, external_id, Case.objects.all(),
            lambda: Case(authority_id=client.authority_id),
        )  # fmt: skip
        case.reference = body.reference
        case.family_name = body.family_name
        case.opened_on = body.opened_on or case.opened_on or timezone.localdate()
        _store(client, Kind.CASE, external_id, case, created=created)
        audit_call(request, "api_write", case, created=created)
        return Status(201 if created else 200, views_out.case_out(case, external_id))


@router.put(
    "/cases/{case_id}/people/{external_id}",
    tags=TAGS,
    response={200: PersonOut, 201: PersonOut, **WRITE_ERRORS},
    operation_id="put_person",
    summary="Create or update a person on a case (family, friend, professional)",
)
def put_person(
    request: HttpRequest, case_id: Path[ExternalId], external_id: Path[ExternalId], body: PersonIn
) -> Status[PersonOut]:
    need(request, scopes.CASES_WRITE)
    with acting(request) as client, transaction.atomic():
        case = _case(client, case_id)
        person, created = _upsert(
            client, Kind.PERSON, external_id, Person.objects.filter(case=case),
            lambda: Person(case=case),
        )  # fmt: skip
        for field in ("full_name", "relationship", "agency", "job_title", "email"):
            setattr(person, field, getattr(body, field))
        person.kind = _choice(body.kind)
        _store(client, Kind.PERSON, external_id, person, created=created)
        audit_call(request, "api_write", person, created=created)
        return Status(201 if created else 200, views_out.person_out(person, external_id))


@router.put(
    "/cases/{case_id}/children/{external_id}",
    tags=TAGS,
    response={200: ChildOut, 201: ChildOut, **WRITE_ERRORS},
    operation_id="put_child",
    summary="Create or update a subject child of a case",
)
def put_child(
    request: HttpRequest, case_id: Path[ExternalId], external_id: Path[ExternalId], body: ChildIn
) -> Status[ChildOut]:
    need(request, scopes.CASES_WRITE)
    with acting(request) as client, transaction.atomic():
        case = _case(client, case_id)
        child, created = _upsert(
            client, Kind.CHILD, external_id,
            Child.objects.filter(case=case).select_related("person"),
            lambda: Child(case=case, person=Person(case=case, kind=Person.Kind.CHILD)),
        )  # fmt: skip
        person = child.person
        person.full_name = body.full_name
        _clean(person, ["body"])
        person.save()
        child.person = person
        child.date_of_birth = body.date_of_birth
        child.looked_after = body.looked_after
        child.court_order = _choice(body.court_order)
        child.gillick_competent = body.gillick_competent
        child.gillick_assessed_on = body.gillick_assessed_on
        child.gillick_assessed_by = body.gillick_assessed_by
        _store(client, Kind.CHILD, external_id, child, created=created)
        audit_call(request, "api_write", child, created=created)
        return Status(201 if created else 200, views_out.child_out(child, external_id))


@router.put(
    "/cases/{case_id}/parental-responsibilities/{external_id}",
    tags=TAGS,
    response={200: ParentalResponsibilityOut, 201: ParentalResponsibilityOut, **WRITE_ERRORS},
    operation_id="put_parental_responsibility",
    summary="Record who holds parental responsibility for which child",
)
def put_parental_responsibility(
    request: HttpRequest,
    case_id: Path[ExternalId],
    external_id: Path[ExternalId],
    body: ParentalResponsibilityIn,
) -> Status[ParentalResponsibilityOut]:
    need(request, scopes.CASES_WRITE)
    with acting(request) as client, transaction.atomic():
        case = _case(client, case_id)
        person = _body_ref(
            client, Person.objects.filter(case=case), Kind.PERSON, body.person, ["body", "person"]
        )
        child = _body_ref(
            client, Child.objects.filter(case=case), Kind.CHILD, body.child, ["body", "child"]
        )
        pr, created = _upsert(
            client, Kind.PARENTAL_RESPONSIBILITY, external_id,
            ParentalResponsibility.objects.filter(child__case=case),
            lambda: ParentalResponsibility(),
        )  # fmt: skip
        pr.person, pr.child = person, child
        pr.basis = _choice(body.basis)
        pr.starts_on, pr.ends_on = body.starts_on, body.ends_on
        _store(client, Kind.PARENTAL_RESPONSIBILITY, external_id, pr, created=created)
        audit_call(request, "api_write", pr, created=created)
        return Status(201 if created else 200, views_out.pr_out(pr, external_id))


@router.put(
    "/cases/{case_id}/meetings/{external_id}",
    tags=TAGS,
    response={200: MeetingOut, 201: MeetingOut, **WRITE_ERRORS},
    operation_id="put_meeting",
    summary="Create or update a meeting with its attendees and agenda",
    description="Attendees and agenda items are matched by their own external_id: those named "
    "are created or updated; those not named are left as they are.",
)
def put_meeting(
    request: HttpRequest, case_id: Path[ExternalId], external_id: Path[ExternalId], body: MeetingIn
) -> Status[MeetingOut]:
    need(request, scopes.CASES_WRITE)
    with acting(request) as client, transaction.atomic():
        case = _case(client, case_id)
        meeting, created = _upsert(
            client, Kind.MEETING, external_id, Meeting.objects.filter(case=case),
            lambda: Meeting(case=case),
        )  # fmt: skip
        meeting.kind = _choice(body.kind)
        meeting.title = body.title
        meeting.mode = _choice(body.mode)
        meeting.place = body.place
        meeting.scheduled_start = body.scheduled_start
        _store(client, Kind.MEETING, external_id, meeting, created=created)
        _attendees(client, meeting, body)
        _agenda(client, meeting, body)
        audit_call(request, "api_write", meeting, created=created)
        return Status(201 if created else 200, views_out.meeting_out(client, meeting, external_id))


def _distinct(values: list[Any], where: str, what: str) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise FieldProblem([(["body", where, index, what], f"{what} appears twice.")])
        seen.add(value)


def _attendees(client: ApiClient, meeting: Meeting, body: MeetingIn) -> None:
    _distinct([a.external_id for a in body.attendees], "attendees", "external_id")
    _distinct([a.person for a in body.attendees], "attendees", "person")
    people = Person.objects.filter(case=meeting.case)
    for index, given in enumerate(body.attendees):
        where: list[str | int] = ["body", "attendees", index]
        person = _body_ref(client, people, Kind.PERSON, given.person, [*where, "person"])
        attendee, created = _upsert(
            client, Kind.ATTENDEE, given.external_id, Attendee.objects.filter(meeting=meeting),
            lambda: Attendee(meeting=meeting),
        )  # fmt: skip
        attendee.person = person
        attendee.role = given.role
        _clean(attendee, where)
        attendee.save()
        if created:
            remember(client, Kind.ATTENDEE, given.external_id, attendee)


def _agenda(client: ApiClient, meeting: Meeting, body: MeetingIn) -> None:
    _distinct([a.external_id for a in body.agenda], "agenda", "external_id")
    _distinct([a.position for a in body.agenda], "agenda", "position")
    children = Child.objects.filter(case=meeting.case)
    items = []
    for index, given in enumerate(body.agenda):
        where: list[str | int] = ["body", "agenda", index]
        named = [
            _body_ref(client, children, Kind.CHILD, child, [*where, "children", n])
            for n, child in enumerate(given.children)
        ]
        item, created = _upsert(
            client, Kind.AGENDA_ITEM, given.external_id, AgendaItem.objects.filter(meeting=meeting),
            lambda: AgendaItem(meeting=meeting),
        )  # fmt: skip
        items.append((where, given, item, created, named))
    # Items that swap places: out of the way first, so no two share a position mid-update.
    moving = [
        item.pk for _, given, item, created, _ in items
        if not created and item.position != given.position
    ]  # fmt: skip
    for offset, pk in enumerate(moving):
        AgendaItem.objects.filter(pk=pk).update(position=1000 + offset)
    for where, given, item, created, named in items:
        item.position = given.position
        item.title = given.title
        kinds = list(dict.fromkeys(str(getattr(k, "value", k)) for k in given.sensitive_kinds))
        item.sensitive = given.sensitive or bool(kinds)
        item.sensitive_kinds = kinds
        item.sensitive_reason = given.sensitive_reason
        _clean(item, where)
        item.save()
        item.children.set(named)
        if created:
            remember(client, Kind.AGENDA_ITEM, given.external_id, item)
