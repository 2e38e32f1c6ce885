"""The chair's screen in the meeting: who is here and whether they agree to the recording, the
script to read at the start and the end, the current agenda item and whether it may be
recorded, pause and resume, and what the council's own rules say when someone joins (the
words and citations come from room_text.py, from the authority's profile). Plain
server-rendered forms: each button posts one action and comes back to the screen."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from onrecord.accounts.models import User
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Meeting
from onrecord.cases.permissions import can_run_meeting
from onrecord.incidents import permissions as incident_permissions
from onrecord.incidents.follow_up import KIND_LABELS as KIND_LABELS_INCIDENT
from onrecord.incidents.follow_up import Kind as IncidentKind
from onrecord.incidents.models import Incident
from onrecord.incidents.services import IncidentError
from onrecord.meetings import attendance, event_log, in_meeting_incidents, late_requests, room_text
from onrecord.meetings.meeting_plan import MeetingPlan, meeting_plan
from onrecord.meetings.state import (
    KIND_LABELS,
    REASON_LABELS,
    Consent,
    Event,
    EventRefused,
    Kind,
    Reason,
    State,
    describe,
)
from onrecord.recording_requests.models import Medium, Purpose, RecordingRequest

# The buttons: action name → the event kind it logs (the consent round is its own service).
ACTIONS: dict[str, Kind] = {
    "start": Kind.MEETING_STARTED,
    "end": Kind.MEETING_ENDED,
    "arrived": Kind.ARRIVED,
    "left": Kind.LEFT,
    "agrees": Kind.CONSENT_GIVEN,
    "objects": Kind.CONSENT_REFUSED,
    "record": Kind.RECORDING_STARTED,
    "pause": Kind.RECORDING_PAUSED,
    "resume": Kind.RECORDING_RESUMED,
    "stop": Kind.RECORDING_STOPPED,
    "item": Kind.ITEM_STARTED,
}


def _meeting_for(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    meeting: Meeting | None = scoping.get_for_user(
        Meeting.objects.select_related("case__authority", "chair"), request.user, pk=meeting_id
    )
    if meeting is not None and can_run_meeting(request.user, meeting):
        return meeting
    if meeting is not None and case_permissions.can_view_meeting(request.user, meeting):
        raise ForbiddenAudited(
            "cases.meeting", str(meeting.pk), str(meeting.case_id), "meeting mode is for staff"
        )
    raise NotFoundAudited(
        "cases.meeting",
        str(meeting_id),
        str(meeting.case_id) if meeting else "",
        "not the chair or allocated staff, or not found",
    )


def _hm(at: Any) -> str:
    return f"{timezone.localtime(at):%H:%M}"


def start_script(mp: MeetingPlan) -> list[str]:
    """What the chair reads at the start, from the council's own script (room_text.py)."""
    return room_text.start_script(mp)


def end_script(mp: MeetingPlan, state: State, events: list[Any]) -> list[str]:
    return room_text.end_script(mp, state, events)


CONSENT_LABELS = {
    None: "Not asked",
    Consent.ASKED: "Asked, waiting for an answer",
    Consent.GIVEN: "Agrees",
    Consent.REFUSED: "Does not agree",
}


def _split_parts(mp: MeetingPlan, state: State) -> dict[str, Any] | None:
    """Where the meeting in parts has got to, and which part's button to offer next."""
    if mp.split is None:
        return None
    first, second = mp.split.split.not_recording, mp.split.split.recording
    first_here = any(a in state.present for a in first)
    first_over = bool(first) and not first_here and all(a in state.ever_arrived for a in first)
    second_here = second is not None and second in state.present
    return {
        "plan": mp.split,
        "first_names": " and ".join(mp.split.not_recording),
        "first_here": first_here,
        "first_over": first_over,
        "second_here": second_here and first_over,
        "offer": (
            ""
            if state.ended or mp.split.missing
            else "first_left"
            if first_here
            else "first_here"
            if not first_over and not second_here
            else "second_here"
            if not second_here
            else ""
        ),
    }


# The forms on the screen beside the buttons: what each posts, kept when refused.
FORM_FIELDS: dict[str, tuple[str, ...]] = {
    "covert": ("attendee", "who", "discovered_by", "description", "chair_action"),
    "friend": ("attendee", "who", "discovered_by", "description", "chair_action"),
    "misuse": (
        "kind",
        "attendee",
        "who",
        "discovered_by",
        "description",
        "chair_action",
        "where_found",
    ),
    "add": ("full_name", "kind", "role", "organisation"),
    "late": ("attendee", "medium", "purpose_details"),
}


def _actions(kind: str) -> list[tuple[str, str]]:
    rules = in_meeting_incidents.IN_MEETING_INCIDENTS[kind]
    return [(value, Incident.ChairAction(value).label) for value in rules.actions]


def _screen(
    request: HttpRequest,
    meeting: Meeting,
    error: str = "",
    form: str = "",
    posted: dict[str, Any] | None = None,
) -> HttpResponse:
    mp = meeting_plan(meeting)
    state, events = event_log.snapshot(meeting, mp)
    first_arrival = {e.attendee_id: e.at for e in events if e.kind == Kind.ARRIVED}
    last_left = {e.attendee_id: e.at for e in events if e.kind == Kind.LEFT}
    people = [
        {
            "attendee": a,
            "present": a.pk in state.present,
            "arrived_at": first_arrival.get(a.pk),
            "left_at": last_left.get(a.pk) if a.pk not in state.present else None,
            "consent": CONSENT_LABELS[state.consent_of(a.pk)],
            "asked": state.consent_of(a.pk) is not None,
        }
        for a in mp.attendees
    ]
    items = [
        {
            "item": i,
            "reason": describe(r, mp.roster) if (r := mp.item_reason(i)) else "",
            "policy_silent": mp.item_policy_silent(i),
            "current": i.pk == state.current_item,
        }
        for i in mp.items
    ]
    current = next((x for x in items if x["current"]), None)
    waiting = [mp.roster.name(a) for a in state.waiting_for()]
    log = [
        {
            "event": e,
            "label": KIND_LABELS[Kind(e.kind)],
            # As written at the time (its council's clause then), else as the rules say now.
            "reason": e.detail.get("why") or (describe(Reason(e.reason), mp.roster))
            if e.reason
            else "",
        }
        for e in reversed(events)
    ]
    user = request.user
    noticed = user.get_full_name() if isinstance(user, User) else ""
    forms: dict[str, dict[str, Any]] = {
        name: {"discovered_by": noticed, "purposes": []} for name in FORM_FIELDS
    }
    if form and posted is not None:
        forms[form] = posted
    audit.record("view", meeting, detail={"page": "meeting_mode"})
    return render(
        request,
        "meetings/meeting_mode.html",
        {
            "meeting": meeting,
            "mp": mp,
            "state": state,
            "people": people,
            "items": items,
            "current": current,
            "waiting": waiting,
            "log": log,
            "start_script": start_script(mp),
            "end_script": end_script(mp, state, events),
            "room": room_text.help_texts(mp),
            "pause_reason": describe(state.pause_reason, mp.roster) if state.pause_reason else "",
            "error": error,
            "split": _split_parts(mp, state),
            "forms": forms,
            "open_form": form,
            "covert_actions": _actions(IncidentKind.COVERT_RECORDING),
            "friend_actions": _actions(IncidentKind.FRIEND_RECORDING),
            "misuse_actions": _actions(IncidentKind.PUBLICATION),
            "misuse_kinds": [
                (k.value, KIND_LABELS_INCIDENT[k])
                for k in (IncidentKind.PUBLICATION, IncidentKind.OTHER_PURPOSE)
            ],
            "addable_kinds": list(attendance.ADDABLE_KINDS.items()),
            "media": Medium.choices,
            "purposes": Purpose.choices,
            "late_requests": [
                r for r in mp.requests if r.timing == RecordingRequest.Timing.MID_MEETING
            ],
            "nav": "home",
        },
        status=400 if error else 200,
    )


@require_GET
@login_required
def meeting_mode(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    return _screen(request, _meeting_for(request, meeting_id))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return -1  # not an attendee or item: the state machine names the problem


@require_POST
@login_required
def meeting_act(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    action = request.POST.get("action", "")
    try:
        if action == "ask_everyone":
            written = event_log.ask_everyone(meeting, request.user)
        elif action.startswith("split_"):
            written = attendance.split_part(meeting, action.removeprefix("split_"), request.user)
        elif action in ACTIONS:
            reason = Reason.CHAIR_DECISION if action == "pause" else None
            event = Event(
                ACTIONS[action],
                attendee=_int(request.POST.get("attendee")),
                item=_int(request.POST.get("item")),
                reason=reason,
            )
            written = event_log.act(meeting, event, request.user)
        else:
            return _screen(request, meeting, error="Choose something to do.")
    except EventRefused as exc:
        return _screen(request, meeting, error=str(exc))
    said = []
    for row in written:
        label = KIND_LABELS[Kind(row.kind)]
        about = row.detail.get("attendee") or row.detail.get("item") or ""
        why = row.detail.get("why") or (REASON_LABELS[Reason(row.reason)] if row.reason else "")
        why = f" ({why})" if why else ""
        says = f": {row.detail['says']}" if row.detail.get("says") else ""
        said.append(f"{label}{': ' + about if about else ''}{why}{says}")
    if len(said) > 3:
        said = [*said[:2], f"and {len(said) - 2} more"]
    messages.success(request, "Logged at " + _hm(written[0].at) + ": " + "; ".join(said))
    return HttpResponseRedirect(reverse("meeting_mode", args=[meeting.pk]))


def _posted(request: HttpRequest, form: str) -> dict[str, Any]:
    posted: dict[str, Any] = {name: request.POST.get(name, "") for name in FORM_FIELDS[form]}
    posted["purposes"] = request.POST.getlist("purposes")
    return posted


def _may_open_incidents(request: HttpRequest, meeting: Meeting) -> None:
    if not incident_permissions.can_act(request.user, meeting.case):  # pragma: no cover
        raise ForbiddenAudited(
            "cases.meeting", str(meeting.pk), str(meeting.case_id), "may not open incidents"
        )


def _incident(request: HttpRequest, meeting_id: uuid.UUID, form: str, kind: str) -> HttpResponse:
    """Log what was found, open the incident and do what the chair did, in one transaction;
    then go to the incident. A refusal comes back to the screen with what was typed."""
    meeting = _meeting_for(request, meeting_id)
    _may_open_incidents(request, meeting)
    posted = _posted(request, form)
    try:
        incident, written = in_meeting_incidents.incident_found(
            meeting,
            request.user,
            kind=kind,
            attendee=_int(posted["attendee"]),
            who=posted["who"],
            discovered_by=posted["discovered_by"],
            description=posted["description"],
            chair_action=posted["chair_action"],
            where_found=posted.get("where_found", ""),
        )
    except (EventRefused, IncidentError) as exc:
        return _screen(request, meeting, error=str(exc), form=form, posted=posted)
    ended = any(row.kind == Kind.MEETING_ENDED for row in written)
    stopped = any(row.kind == Kind.RECORDING_STOPPED for row in written)
    left = any(row.kind == Kind.LEFT for row in written)
    messages.success(
        request,
        f"Logged at {_hm(written[0].at)}: {KIND_LABELS[Kind(written[0].kind)].lower()}"
        + (f"; {written[0].detail['attendee']} left" if left else "")
        + ("; the recording stopped" if stopped and not ended else "")
        + ("; the meeting ended" if ended else "")
        + ". The incident is recorded and its follow-up tasks are set.",
    )
    return HttpResponseRedirect(reverse("incident_detail", args=[incident.pk]))


@require_POST
@login_required
def covert_recording(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Someone is recording without permission (Hackney 4; Leeds e; Brent)."""
    return _incident(request, meeting_id, "covert", IncidentKind.COVERT_RECORDING)


@require_POST
@login_required
def friend_recording(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """A friend or relative without PR records against the parents' wishes (Leeds, parents who
    disagree; Brent): asked to stop, else asked to leave."""
    return _incident(request, meeting_id, "friend", IncidentKind.FRIEND_RECORDING)


@require_POST
@login_required
def recording_misused(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """A recording published online or used for another purpose (Hackney 4; Leeds f; Brent)."""
    kind = request.POST.get("kind", "")
    if kind not in {IncidentKind.PUBLICATION, IncidentKind.OTHER_PURPOSE}:
        meeting = _meeting_for(request, meeting_id)
        _may_open_incidents(request, meeting)
        return _screen(
            request,
            meeting,
            error="Say whether it was published online or used for another purpose.",
            form="misuse",
            posted=_posted(request, "misuse"),
        )
    return _incident(request, meeting_id, "misuse", kind)


@require_POST
@login_required
def add_attendee(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Someone not on the attendee list joins: the council's rule for a new attendee follows."""
    meeting = _meeting_for(request, meeting_id)
    posted = _posted(request, "add")
    try:
        added, written = attendance.add_attendee(
            meeting,
            request.user,
            full_name=posted["full_name"],
            kind=posted["kind"],
            role=posted["role"],
            organisation=posted["organisation"],
        )
    except (EventRefused, ValidationError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _screen(request, meeting, error=message, form="add", posted=posted)
    rules = meeting_plan(meeting).rules
    again = any(row.kind == Kind.RECONSENT_REQUIRED for row in written)
    said = f"Logged at {_hm(written[0].at)}: {added.person.full_name} ({added.role}) added and "
    said += "arrived"
    if again:
        said += f"; stop and ask everyone again ({rules.cite(rules.on('new_attendee').cites)})"
    said += "."
    said += "".join(f" {row.detail['says']}" for row in written if row.detail.get("says"))
    messages.success(request, said)
    return HttpResponseRedirect(reverse("meeting_mode", args=[meeting.pk]))


@require_POST
@login_required
def late_request(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """Someone present asks to record after the meeting has started: the council's rule for a
    request made in the room follows."""
    meeting = _meeting_for(request, meeting_id)
    posted = _posted(request, "late")
    try:
        made, written = late_requests.late_request(
            meeting,
            request.user,
            attendee=_int(posted["attendee"]),
            medium=posted["medium"],
            purposes=posted["purposes"],
            purpose_details=posted["purpose_details"],
        )
    except EventRefused as exc:
        return _screen(request, meeting, error=str(exc), form="late", posted=posted)
    rules = meeting_plan(meeting).rules
    messages.success(
        request,
        f"Logged at {_hm(written[0].at)}: {made.requester.full_name} asked to record. "
        f"{rules.says('late_request')} Decide the request before they record.",
    )
    return HttpResponseRedirect(reverse("meeting_mode", args=[meeting.pk]))
