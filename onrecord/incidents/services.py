"""Opening, following up and closing incidents. Each function is one transaction with its
audit entries; an incident closes only when every task and removal action is finished."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord import policy
from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.cases.models import Attendee, Case, Meeting
from onrecord.incidents.follow_up import FOLLOW_UP, Kind, Owner
from onrecord.incidents.models import HarmAssessment, Incident, LegalAdvice, RemovalAction, Task
from onrecord.policy_versions import active
from onrecord.recording_requests.models import TimelineEntry
from onrecord.webhooks.events import INCIDENT_RAISED
from onrecord.webhooks.services import emit


class IncidentError(Exception):
    """The step cannot be taken; the message says why."""


def _allocated(case: Case, role: Role) -> User | None:
    return (
        User.objects.filter(
            role=role.value,
            is_active=True,
            allocations__case=case,
            allocations__ended_on__isnull=True,
        )
        .order_by("allocations__allocated_on", "pk")
        .first()
    )


def _policy_of(case: Case) -> tuple[str, str]:
    """The case's policy profile, and the council whose policy it is (the demo council uses
    Hackney's guidance: its tasks cite Hackney's), for each task's source."""
    name = case.authority.policy_profile
    try:
        return name, active.profile_for(case.authority, timezone.localdate()).authority
    except policy.ProfileError:
        return name, case.authority.name


CHAIR_RAISED_IT = "The chair raised it, so already knew."


def _is_the_chair(user: Any, case: Case, meeting: Meeting | None) -> bool:
    """Whether `user` chairs the meeting (or, with no meeting, is a chair on the case)."""
    if not isinstance(user, User):
        return False
    if meeting is not None and meeting.chair_id is not None:
        return bool(meeting.chair_id == user.pk)
    return user.role == Role.CHAIR.value and _allocated(case, Role.CHAIR) == user


def resolve_owner(owner: Owner, case: Case, meeting: Meeting | None) -> User | None:
    if owner is Owner.CHAIR:
        return (meeting.chair if meeting else None) or _allocated(case, Role.CHAIR)
    if owner in (Owner.LEAD_PRACTITIONER, Owner.WHOEVER_FOUND_OUT):
        return (meeting.organiser if meeting else None) or _allocated(case, Role.SOCIAL_WORKER)
    return _allocated(case, Role.LEGAL)


@transaction.atomic
def open_incident(
    case: Case,
    *,
    kind: str,
    opened_by: Any,
    discovered_by: str,
    discovered_at: dt.datetime,
    description: str,
    meeting: Meeting | None = None,
    chair_action: str = Incident.ChairAction.NONE,
    where_found: str = "",
    recorded_by: str = "",
    recorded_by_attendee: Attendee | None = None,
    recorded_by_name: str = "",
    now: dt.datetime | None = None,
) -> Incident:
    """Open an incident with its follow-up tasks and timeline entry. Who made the recording
    (models.RecordedBy) is checked by the model: an attendee must be on this meeting's list."""
    now = now or timezone.now()
    if meeting is not None and meeting.case_id != case.pk:
        raise IncidentError("The meeting is not on this case.")
    if discovered_at > now + dt.timedelta(minutes=5):
        raise IncidentError("The time it was found cannot be in the future.")
    incident = Incident(
        case=case,
        meeting=meeting,
        kind=Kind(kind).value,
        discovered_by=discovered_by,
        discovered_at=discovered_at,
        description=description,
        chair_action=chair_action,
        where_found=where_found,
        recorded_by=recorded_by,
        recorded_by_attendee=recorded_by_attendee,
        recorded_by_name=recorded_by_name.strip(),
        opened_by=opened_by,
        opened_at=now,
    )
    incident.full_clean()
    incident.save()
    today = timezone.localdate(now)
    profile, policy_name = _policy_of(case)
    chair_raised = _is_the_chair(opened_by, case, meeting)
    for template in FOLLOW_UP[Kind(kind)]:
        informing_chair = template.owner is Owner.WHOEVER_FOUND_OUT
        Task.objects.create(
            incident=incident,
            code=template.code,
            title=template.title,
            source=template.source_for(profile, policy_name),
            owner=(
                opened_by
                if informing_chair and isinstance(opened_by, User)
                else resolve_owner(template.owner, case, meeting)
            ),
            due_on=today + dt.timedelta(days=template.due_days),
            # The chair raised it: they know already (Leeds e: "the chair of the meeting
            # should be informed by whoever has found this out").
            **(
                {"done_at": now, "done_by": opened_by, "outcome": CHAIR_RAISED_IT}
                if informing_chair and chair_raised
                else {}
            ),
        )
    TimelineEntry.objects.create(
        case=case,
        meeting=meeting,
        at=now,
        kind=TimelineEntry.Kind.MINUTES,
        summary=f"Incident: {incident.get_kind_display()}",
        body=f"{description}\nWhat the chair did: {incident.get_chair_action_display()}"
        + (f"\nWho made the recording: {incident.recorder}" if incident.recorder else ""),
        for_minutes=meeting is not None,
    )
    emit(INCIDENT_RAISED, incident, incident_kind=incident.kind, meeting_id=meeting and meeting.pk)
    return incident


def _open(incident: Incident) -> Incident:
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if locked.status != Incident.Status.OPEN:
        raise IncidentError("This incident is closed.")
    return locked


@transaction.atomic
def complete_task(task: Task, *, by: Any, outcome: str, now: dt.datetime | None = None) -> Task:
    _open(task.incident)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.is_done:
        raise IncidentError("This task is already done.")
    if not outcome.strip():
        raise IncidentError("Say what was done.")
    task.done_at = now or timezone.now()
    task.done_by = by
    task.outcome = outcome.strip()
    task.save()
    return task


@transaction.atomic
def record_assessment(incident: Incident, *, by: Any, **answers: str) -> HarmAssessment:
    _open(incident)
    assessment = HarmAssessment(incident=incident, assessed_by=by, **answers)
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def request_legal_advice(incident: Incident, *, by: Any, question: str) -> LegalAdvice:
    _open(incident)
    if not question.strip():
        raise IncidentError("Say what advice is needed.")
    return LegalAdvice.objects.create(incident=incident, requested_by=by, question=question)


@transaction.atomic
def record_advice_received(advice: LegalAdvice, *, advice_text: str) -> LegalAdvice:
    _open(advice.incident)
    if advice.received_at is not None:
        raise IncidentError("This advice has already been recorded; ask again for more.")
    if not advice_text.strip():
        raise IncidentError("Write down the advice given.")
    advice.advice = advice_text
    advice.received_at = timezone.now()
    advice.save()
    return advice


@transaction.atomic
def start_removal(incident: Incident, *, action_type: str, target: str) -> RemovalAction:
    _open(incident)
    action = RemovalAction(incident=incident, type=action_type, target=target)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def end_removal(action: RemovalAction, *, state: str, notes: str = "") -> RemovalAction:
    _open(action.incident)
    if not action.is_open:
        raise IncidentError("This action has already ended.")
    if state not in (RemovalAction.State.GRANTED, RemovalAction.State.REFUSED,
                     RemovalAction.State.WITHDRAWN):  # fmt: skip
        raise IncidentError("Say how the action ended.")
    action.state = state
    action.notes = notes
    action.ended_at = timezone.now()
    action.save()
    return action


@transaction.atomic
def close_incident(
    incident: Incident, *, by: Any, outcome: str, now: dt.datetime | None = None
) -> Incident:
    incident = _open(incident)
    open_tasks = [t.title for t in incident.tasks.filter(done_at__isnull=True)]
    open_removals = [str(r) for r in incident.removals.filter(state=RemovalAction.State.REQUESTED)]
    pending_advice = incident.legal_advice.filter(received_at__isnull=True).count()
    problems = []
    if open_tasks:
        problems.append("tasks still open: " + "; ".join(open_tasks))
    if open_removals:
        problems.append("removal actions still running: " + "; ".join(open_removals))
    if pending_advice:
        problems.append(f"{pending_advice} request(s) for legal advice not yet answered")
    if problems:
        raise IncidentError("This incident cannot be closed: " + ". ".join(problems) + ".")
    if not outcome.strip():
        raise IncidentError("Write the outcome before closing.")
    incident.status = Incident.Status.CLOSED
    incident.closed_at = now or timezone.now()
    incident.closed_by = by
    incident.outcome = outcome.strip()
    incident.save()
    return incident
