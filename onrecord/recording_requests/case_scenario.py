"""Builds the policy engine's scenario (docs/schemas/scenario.schema.json) from the case
record: the children and who holds PR for them, the meeting and its agenda, the request, the
views gathered, and the declarations in place. The engine itself is pure (onrecord.policy).

What the meeting's own log and the incident register hold (a covert recording, who would not
stop) is gathered above this layer and passed in as plain facts (record_facts.py).

A fact the record does not hold is left out, so the scenario's documented default applies and a
request made before these facts were recorded decides as it did (docs/POLICY.md "From the app").
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from onrecord.cases.models import Child, Meeting, Person
from onrecord.recording_requests.models import Declaration, RecordingRequest, View
from onrecord.recording_requests.record_facts import RecordFacts

NO_FACTS = RecordFacts()

_PERSON_KIND = {
    Person.Kind.PARENT: "parent",
    Person.Kind.FAMILY_MEMBER: "family_member",
    Person.Kind.CARER: "carer",
    Person.Kind.FRIEND: "friend",
    Person.Kind.CHILD: "child",
    Person.Kind.PROFESSIONAL: "professional",
    Person.Kind.STAFF: "professional",
}


def _declaration_status(person: Person) -> str:
    latest = (
        Declaration.objects.filter(family_member=person, family_signed_at__isnull=False)
        .order_by("-family_signed_at")
        .first()
    )
    if latest is None:
        return "not_signed"
    return "revoked" if latest.is_revoked else "signed"


def _signed_by_others(request: RecordingRequest) -> list[str]:
    """Others on the case whose declaration (undertaking) is signed and in force: Hertfordshire
    1.3 asks both the competent child and the parent to sign. Only a signature that agrees is
    an undertaking."""
    signed = (
        Declaration.objects.filter(
            case=request.meeting.case,
            family_signed_at__isnull=False,
            choice=Declaration.Choice.AGREE,
            revocation__isnull=True,
        )
        .exclude(family_member_id=request.requester_id)
        .values_list("family_member_id", flat=True)
    )
    return sorted({str(pk) for pk in signed})


def _part(item_pk: int, k: int, part: dict[str, Any]) -> dict[str, Any]:
    kinds = list(part.get("sensitive_kinds", ()))
    return {
        "id": f"{item_pk}.{k + 1}",
        "title": part["title"],
        "child_ids": list(part.get("child_ids", ())),
        "sensitive": bool(part.get("sensitive")) or bool(kinds),
        **({"sensitive_kinds": kinds} if kinds else {}),
    }


def _view(v: View) -> dict[str, Any]:
    return {
        "person_id": str(v.person_id),
        "stance": v.stance,
        "reason": v.reason,
        **(
            {"would_not_attend_if_recorded": v.would_not_attend_if_recorded}
            if v.would_not_attend_if_recorded is not None
            else {}
        ),
        **({"very_valid_reason": v.very_valid_reason} if v.very_valid_reason is not None else {}),
    }


def build_scenario(
    request: RecordingRequest, facts: RecordFacts = NO_FACTS, **assessments: Any
) -> dict[str, Any]:
    """The scenario for `request`. `facts` are what the meeting's own log and incident register
    hold (a covert recording, who would not stop), gathered by the caller above this layer
    (record_facts.scenario_for) and taken here as plain data; by default none."""
    meeting: Meeting = request.meeting
    case = meeting.case
    day = timezone.localdate(meeting.scheduled_start)
    children = list(
        Child.objects.filter(case=case)
        .select_related("person")
        .prefetch_related("parental_responsibilities")
    )
    people = list(Person.objects.filter(case=case).prefetch_related("invited_by"))
    child_of_person = {c.person_id: c for c in children}
    return {
        "children": [
            {
                "id": str(c.pk),
                "name": c.full_name,
                "date_of_birth": c.date_of_birth.isoformat(),
                "looked_after": c.looked_after,
                "court_order": c.court_order,
                "gillick_competent": c.gillick_competent,
            }
            for c in children
        ],
        "people": [
            {
                "id": str(p.pk),
                "name": p.full_name,
                "kind": _PERSON_KIND[Person.Kind(p.kind)],
                **({"agency": p.agency} if p.agency else {}),
                **({"child_id": str(child_of_person[p.pk].pk)} if p.pk in child_of_person else {}),
                **(
                    {"invited_by": sorted(str(i.pk) for i in inviters)}
                    if (inviters := p.invited_by.all())
                    else {}
                ),
            }
            for p in people
        ],
        "parental_responsibility": [
            {"person_id": str(pr.person_id), "child_id": str(c.pk)}
            for c in children
            for pr in c.parental_responsibilities.all()
            if pr.is_current_on(day)
        ],
        "meeting": {
            "kind": meeting.kind,
            "scheduled_start": meeting.scheduled_start.isoformat(),
            "attendees": [
                {"person_id": str(a.person_id), "role": a.role} for a in meeting.attendees.all()
            ],
            "agenda": [
                {
                    "id": str(item.pk),
                    "title": item.title,
                    "child_ids": [str(c.pk) for c in item.children.all()],
                    "sensitive": item.sensitive or bool(item.sensitive_kinds),
                    **(
                        {"sensitive_kinds": list(item.sensitive_kinds)}
                        if item.sensitive_kinds
                        else {}
                    ),
                    **(
                        {"parts": [_part(item.pk, k, p) for k, p in enumerate(item.parts)]}
                        if item.parts
                        else {}
                    ),
                }
                for item in meeting.agenda_items.prefetch_related("children")
            ],
        },
        "request": {
            "requester_id": str(request.requester_id),
            "made_at": request.made_at.isoformat(),
            "medium": request.medium,
            "purposes": list(request.purposes),
            "timing": request.timing,
            **({"needs": list(request.needs)} if request.needs else {}),
            **({"raised_before": True} if request.raised_before else {}),
            **(
                {"first_knew_of_meeting_at": request.first_knew_of_meeting_at.isoformat()}
                if request.first_knew_of_meeting_at
                else {}
            ),
        },
        "views": [_view(v) for v in View.objects.filter(request=request)],
        "declaration": _declaration_status(request.requester),
        **({"declaration_signed_by": signed} if (signed := _signed_by_others(request)) else {}),
        **({"circumstances": found} if (found := facts.circumstances()) else {}),
        **({"assessments": assessments} if assessments else {}),
    }
