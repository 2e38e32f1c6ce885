"""The 'Recording' panel on the meeting page, so the cases app need not know about requests."""

from __future__ import annotations

from typing import Any

from django import template

from onrecord.accounts.roles import Role
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Meeting, Person
from onrecord.policy import item_standing
from onrecord.policy.item_standing import ItemStanding
from onrecord.recording_requests import family_tasks, notify, permissions, services
from onrecord.recording_requests.decisions import policy_decision
from onrecord.recording_requests.models import Declaration, RecordingRequest
from onrecord.recording_requests.services import RequestError

register = template.Library()


@register.filter
def item_standings(decision: dict[str, Any], outcome: str = "") -> list[ItemStanding]:
    """Each agenda item's standing under a decision, as meeting mode and the minutes read it
    (onrecord.policy.item_standing: one answer for all three, issue 17). `outcome` is the
    decision as made, where a decision-maker decided."""
    return item_standing.item_standings(decision, outcome or None)


def _current_policy_decision(meeting: Meeting) -> dict[str, Any] | None:
    """What the policy says about the latest request still standing: as shown to the
    decision-maker once decided, and as things stand while views are being gathered."""
    made = (
        RecordingRequest.objects.filter(meeting=meeting)
        .exclude(status=RecordingRequest.Status.WITHDRAWN)
        .select_related("requester", "decision")
        .order_by("-made_at")
        .first()
    )
    if made is None:
        return None
    if made.status == RecordingRequest.Status.DECIDED:
        return {
            "made": made,
            "engine": made.decision.policy_decision,
            "as_decided": True,
            "final_outcome": made.decision.outcome,
        }
    try:
        return {"made": made, "engine": policy_decision(made), "as_decided": False}
    except RequestError as exc:
        return {"made": made, "error": str(exc)}


def _withdrawn_declaration(person: Person) -> Declaration | None:
    """The person's latest signed declaration if it has been withdrawn, so staff are told it
    was withdrawn rather than that it was never signed."""
    latest = (
        Declaration.objects.filter(family_member=person, family_signed_at__isnull=False)
        .select_related("revocation")
        .order_by("-family_signed_at")
        .first()
    )
    return latest if latest is not None and latest.is_revoked else None


@register.inclusion_tag("recording_requests/_meeting_panel.html", takes_context=True)
def recording_panel(context: template.Context, meeting: Meeting) -> dict[str, Any]:
    user = context["request"].user
    role = case_permissions.role_of(user)
    panel: dict[str, Any] = {"meeting": meeting, "role": role}
    if case_permissions.is_case_staff(user):
        # Ready: allowed, and the requester's declaration is signed and not withdrawn
        # (Hackney 4: "signed before any recording takes place").
        panel["requests"] = [
            (
                made,
                services.in_force_declaration(made.requester),
                _withdrawn_declaration(made.requester),
            )
            for made in RecordingRequest.objects.filter(meeting=meeting)
            .select_related("requester", "decision")
            .order_by("made_at")
        ]
        panel["policy"] = _current_policy_decision(meeting)
        panel["can_send_links"] = role in permissions.PROCESS_ROLES
        panel["family_attendees"] = Person.objects.filter(
            attendances__meeting=meeting, kind__in=services.FAMILY_KINDS
        ).order_by("full_name")
        panel["staff"] = True
    elif role == Role.FAMILY:
        me = meeting.case.people.filter(user=user, attendances__meeting=meeting).first()
        panel["me"] = me
        if me is not None:
            panel["task"] = family_tasks.task_for(meeting, me)
    panel["csrf_token"] = context.get("csrf_token")
    return panel


@register.inclusion_tag("recording_requests/_family_tasks.html", takes_context=True)
def family_tasks_list(context: template.Context, meetings: Any) -> dict[str, Any]:
    """The family member's home page: each meeting as a task, and the one thing to do next."""
    user = context["request"].user
    tasks = family_tasks.tasks_for(user, meetings)
    first = next((t for t in tasks if t.step.needs_me), None)
    return {"tasks": tasks, "first": first}


@register.filter
def hide_links(text: str) -> str:
    """Older timeline entries kept the one-time link a message carried: never show it."""
    return notify.hide_links(str(text))
