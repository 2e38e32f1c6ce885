"""What the family member's pages lead with: for each meeting they attend, where their
request stands and the one thing to do next (next_step.py), with the page it is done on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests import services
from onrecord.recording_requests.models import Declaration, RecordingRequest
from onrecord.recording_requests.next_step import (
    DeclarationState,
    NextStep,
    Situation,
    Step,
    next_step,
)


@dataclass(frozen=True)
class Task:
    meeting: Meeting
    person: Person
    request: RecordingRequest | None
    declaration: Declaration | None
    step: NextStep
    action_url: str  # the primary button's page, "" when there is nothing to do
    withdraw_url: str  # withdrawing the request or the declaration, "" when not possible
    request_url: str  # the request and its decision


# The family's own record of a meeting (onrecord/family_record, a layer above this one) is
# handed in at start-up, as the job queue is handed its publisher: the address of my part of
# the approved minutes, or "" while there is none for me.
RecordLink = Callable[[Meeting, Person], str]
_record_link: RecordLink = lambda meeting, person: ""  # noqa: E731


def use_record_link(find: RecordLink) -> None:
    global _record_link
    _record_link = find


def _declaration_state(
    request: RecordingRequest | None,
) -> tuple[DeclarationState, Declaration | None]:
    if request is None:
        return DeclarationState.NONE, None
    latest = (
        Declaration.objects.filter(family_member=request.requester)
        .select_related("revocation")
        .order_by("-worker_signed_at")
        .first()
    )
    if latest is None:
        return DeclarationState.NONE, None
    if latest.is_revoked:
        return DeclarationState.WITHDRAWN, latest
    if latest.is_signed:
        return DeclarationState.SIGNED, latest
    return DeclarationState.WAITING, latest


def task_for(meeting: Meeting, person: Person, *, now: Any = None) -> Task:
    now = now or timezone.now()
    request = (
        RecordingRequest.objects.filter(meeting=meeting, requester=person)
        .select_related("decision", "requester")
        .order_by("-made_at")
        .first()
    )
    state, declaration = _declaration_state(request)
    try:
        services.check_can_request(meeting, person)
        can_ask = True
    except services.RequestError:
        can_ask = False
    record_url = _record_link(meeting, person)
    step = next_step(
        Situation(
            request_status=request.status if request else None,
            outcome=request.decision.outcome
            if request is not None and hasattr(request, "decision")
            else None,
            declaration=state,
            meeting_started=meeting.scheduled_start <= now,
            can_ask=can_ask,
            record_ready=bool(record_url),
        )
    )
    action = ""
    if step.step == Step.READ_RECORD:
        action = record_url
    elif step.step == Step.ASK:
        action = reverse("ask_to_record", args=[meeting.pk])
    elif step.step == Step.SIGN and declaration is not None:
        action = reverse("declaration_sign", args=[declaration.pk])
    withdraw = ""
    if step.step == Step.READY and declaration is not None:
        withdraw = reverse("declaration_revoke", args=[declaration.pk])
    elif request is not None and services.withdrawable(request):
        withdraw = reverse("withdraw_request", args=[request.pk])
    return Task(
        meeting=meeting,
        person=person,
        request=request,
        declaration=declaration,
        step=step,
        action_url=action,
        withdraw_url=withdraw,
        request_url=reverse("request_detail", args=[request.pk]) if request else "",
    )


def tasks_for(user: Any, meetings: Any) -> list[Task]:
    """One task per meeting the signed-in family member attends."""
    tasks = []
    for meeting in meetings:
        person = meeting.case.people.filter(user=user, attendances__meeting=meeting).first()
        if person is not None:
            tasks.append(task_for(meeting, person))
    return tasks
