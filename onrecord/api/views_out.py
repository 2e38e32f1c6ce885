"""Records as the API shows them: OnRecord's ids, and the case system's own where it gave them."""

from __future__ import annotations

from typing import Any

from onrecord.api.access import external_ids
from onrecord.api.models import ApiClient, ExternalRef
from onrecord.api.schemas import (
    AgendaItemOut,
    AttendeeOut,
    CaseOut,
    ChildOut,
    CitedReason,
    DecisionOut,
    DeclarationOut,
    MeetingOut,
    ParentalResponsibilityOut,
    PersonOut,
    RecordingOut,
    RequestOut,
)
from onrecord.cases.models import Case, Child, Meeting, ParentalResponsibility, Person
from onrecord.recording_requests.models import Decision, Declaration, RecordingRequest
from onrecord.vault.models import Recording

Kind = ExternalRef.Kind


def case_out(case: Case, external_id: str) -> CaseOut:
    return CaseOut(
        id=case.pk,
        external_id=external_id,
        reference=case.reference,
        family_name=case.family_name,
        opened_on=case.opened_on,
    )


def person_out(person: Person, external_id: str) -> PersonOut:
    return PersonOut(
        id=person.pk,
        external_id=external_id,
        full_name=person.full_name,
        kind=person.kind,
        relationship=person.relationship,
        agency=person.agency,
        job_title=person.job_title,
        email=person.email,
    )


def child_out(child: Child, external_id: str) -> ChildOut:
    return ChildOut(
        id=child.pk,
        person_id=child.person_id,
        external_id=external_id,
        full_name=child.person.full_name,
        date_of_birth=child.date_of_birth,
        looked_after=child.looked_after,
        court_order=child.court_order,
    )


def pr_out(pr: ParentalResponsibility, external_id: str) -> ParentalResponsibilityOut:
    return ParentalResponsibilityOut(
        id=pr.pk,
        external_id=external_id,
        person_id=pr.person_id,
        child_id=pr.child_id,
        basis=pr.basis,
        starts_on=pr.starts_on,
        ends_on=pr.ends_on,
    )


def meeting_out(client: ApiClient, meeting: Meeting, external_id: str) -> MeetingOut:
    attendees = list(meeting.attendees.order_by("id"))
    agenda = list(meeting.agenda_items.prefetch_related("children").order_by("position"))
    attendee_ids = external_ids(client, Kind.ATTENDEE, [str(a.pk) for a in attendees])
    item_ids = external_ids(client, Kind.AGENDA_ITEM, [str(i.pk) for i in agenda])
    return MeetingOut(
        id=meeting.pk,
        external_id=external_id,
        case_id=meeting.case_id,
        kind=meeting.kind,
        title=meeting.title,
        mode=meeting.mode,
        place=meeting.place,
        scheduled_start=meeting.scheduled_start,
        attendees=[
            AttendeeOut(
                id=a.pk, external_id=attendee_ids.get(str(a.pk)), person_id=a.person_id, role=a.role
            )
            for a in attendees
        ],
        agenda=[
            AgendaItemOut(
                id=i.pk,
                external_id=item_ids.get(str(i.pk)),
                position=i.position,
                title=i.title,
                children=[c.pk for c in i.children.all()],
                sensitive=i.sensitive,
                sensitive_kinds=list(i.sensitive_kinds),
            )
            for i in agenda
        ],
    )


def _reasons(items: Any) -> list[CitedReason]:
    if not isinstance(items, list):
        return []
    return [
        CitedReason(
            code=str(r.get("code", "")),
            effect=str(r.get("effect", "")),
            text=str(r.get("text", "")),
            cites=dict(r.get("cites") or {}),
        )
        for r in items
        if isinstance(r, dict)
    ]


def decision_out(decision: Decision) -> DecisionOut:
    engine = decision.policy_decision if isinstance(decision.policy_decision, dict) else {}
    return DecisionOut(
        outcome=decision.outcome,
        decided_at=decision.decided_at,
        decided_by_role=decision.decided_by_role,
        reason=decision.reason,
        disagreements=decision.disagreements,
        policy_outcome=decision.policy_outcome,
        reasons=_reasons(engine.get("reasons")),
        conditions=_reasons(engine.get("conditions")),
    )


def request_out(made: RecordingRequest) -> RequestOut:
    decision = Decision.objects.filter(request=made).first()
    return RequestOut(
        id=made.pk,
        meeting_id=made.meeting_id,
        requester_id=made.requester_id,
        made_at=made.made_at,
        medium=made.medium,
        purposes=[str(p) for p in made.purposes],
        timing=made.timing,
        status=made.status,
        decision=decision_out(decision) if decision else None,
    )


def declaration_out(declaration: Declaration) -> DeclarationOut:
    revocation = getattr(declaration, "revocation", None)
    return DeclarationOut(
        id=declaration.pk,
        request_id=declaration.request_id,
        family_member_id=declaration.family_member_id,
        worker_signed_at=declaration.worker_signed_at,
        family_signed_at=declaration.family_signed_at,
        choice=declaration.choice,
        withdrawn_at=revocation.revoked_at if revocation else None,
    )


def recording_out(recording: Recording) -> RecordingOut:
    return RecordingOut(
        id=recording.pk,
        meeting_id=recording.meeting_id,
        kind=recording.kind,
        sha256=recording.sha256,
        size=recording.size,
        duration_seconds=recording.duration_seconds,
        created_at=recording.created_at,
        disposed_at=recording.disposed_at,
    )
