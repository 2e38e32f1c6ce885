"""The chair's screen in the meeting: who is here and whether they agree to the recording, the
script to read at the start and the end, the current agenda item and whether it may be
recorded, pause and resume, and what the council's own rules say when someone joins (the
words and citations come from room_text.py, from the authority's profile). Plain
server-rendered forms: each button posts one action and comes back to the screen. With
JavaScript, htmx (django-htmx on this side) posts the same forms and swaps the screen in place:
an htmx request gets the screen alone (meetings/_meeting_screen.html) and what was logged in
the announcement region, with no reload and no jump (docs/MEETING_MODE.md)."""

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
from onrecord.meetings import (
    attendance,
    bulk,
    event_log,
    in_meeting_incidents,
    introductions,
    late_requests,
    parent_insists,
    room_text,
)
from onrecord.meetings.meeting_plan import MeetingPlan, meeting_plan
from onrecord.meetings.state import (
    INSISTED_LABELS,
    KIND_LABELS,
    REASON_LABELS,
    Consent,
    Event,
    EventRefused,
    Insisted,
    Kind,
    Reason,
    Recording,
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
    "insists": ("attendee", "did", "recorded_some"),
}


def _actions(kind: str) -> list[tuple[str, str]]:
    rules = in_meeting_incidents.IN_MEETING_INCIDENTS[kind]
    return [(value, Incident.ChairAction(value).label) for value in rules.actions]


def attendance_times(events: list[Any]) -> tuple[dict[int, Any], dict[int, Any]]:
    """Each attendee's first arrival, and when they last left: those still here when the
    meeting ended left as it ended."""
    arrived: dict[int, Any] = {}
    left: dict[int, Any] = {}
    here: set[int] = set()
    for e in events:
        if e.kind == Kind.ARRIVED and e.attendee_id is not None:
            arrived.setdefault(e.attendee_id, e.at)
            here.add(e.attendee_id)
            left.pop(e.attendee_id, None)
        elif e.kind == Kind.LEFT and e.attendee_id is not None:
            here.discard(e.attendee_id)
            left[e.attendee_id] = e.at
        elif e.kind == Kind.MEETING_ENDED:
            left.update({who: e.at for who in here})
            here.clear()
    return arrived, left


def _next_item(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The item after the current one (the first, before any has started)."""
    at = next((n for n, x in enumerate(items) if x["current"]), -1)
    return items[at + 1] if at + 1 < len(items) else None


def _screen(
    request: HttpRequest,
    meeting: Meeting,
    error: str = "",
    form: str = "",
    posted: dict[str, Any] | None = None,
    said: str = "",
) -> HttpResponse:
    mp = meeting_plan(meeting)
    state, events = event_log.snapshot(meeting, mp)
    first_arrival, last_left = attendance_times(events)
    introduced = {e.attendee_id for e in events if e.kind == Kind.INTRODUCED}
    people = [
        {
            "attendee": a,
            "present": a.pk in state.present,
            "arrived_at": first_arrival.get(a.pk),
            "left_at": last_left.get(a.pk) if a.pk not in state.present else None,
            "consent": CONSENT_LABELS[state.consent_of(a.pk)],
            "asked": state.consent_of(a.pk) is not None,
            "introduced": a.pk in introduced,
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
    paused_for_item = (
        state.recording is Recording.PAUSED and state.pause_reason in bulk.RESUMABLE_AFTER_ITEM
    )
    for x in items:
        # Moving past the item the recording was paused for: offer to resume with the move.
        x["resume"] = paused_for_item and not x["current"] and not x["reason"]
    next_up = _next_item(items)
    resume_prompt = paused_for_item and current is not None and not current["reason"]
    waiting = [mp.roster.name(a) for a in state.waiting_for()]
    log = [
        {
            "event": e,
            "label": KIND_LABELS[Kind(e.kind)],
            "note": _note(e),
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
    partial = bool(getattr(request, "htmx", False))
    return render(
        request,
        "meetings/_meeting_screen.html" if partial else "meetings/meeting_mode.html",
        {
            "partial": partial,
            "said": said,
            "next_up": next_up,
            "resume_prompt": resume_prompt,
            "consent_resume": (
                state.recording is Recording.PAUSED
                and state.pause_reason in bulk.RESUMABLE_AFTER_CONSENT
            ),
            "not_here": [p for p in people if not p["present"]],
            "here": [p for p in people if p["present"]],
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
            "insisting": [
                p
                for p, a in zip(people, mp.attendees, strict=True)
                if p["present"] and a.pk in mp.roster.refused
            ],
            # The council's policy speaks of a parent who insists (Leeds): the legal team is
            # told where some was recorded (insists_notices.py).
            "insists_speaks": not mp.roster.rules.on("parent_insists").silent,
            "insisted_choices": [
                (i.value, INSISTED_LABELS[i].capitalize())
                for i in Insisted
                if i is not Insisted.EXCLUDED or mp.roster.la_holds_pr
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


def _ids(request: HttpRequest, name: str) -> list[int]:
    """Attendee ids from ticked boxes; anything that is not a number is refused as not on the
    attendee list (the domain names the problem)."""
    return [-1 if (n := _int(v)) is None else n for v in request.POST.getlist(name)]


def _note(event: Any) -> str:
    """An entry's note for the log: what the chair did about a parent who insists, in words
    (its stored value is the choice's code, "excluded"), else the note as written."""
    note = str(event.detail.get("note") or "")
    if event.kind == Kind.PARENT_INSISTS and note in set(Insisted):
        return f"the chair {INSISTED_LABELS[Insisted(note)]}"
    return note


def _said(written: list[Any]) -> str:
    """What an action logged, in words for the screen and its live region: rows of the same
    kind one after another are said together ("Agreed to the recording: A, B, C")."""
    groups: list[tuple[str, list[str]]] = []
    for row in written:
        label = KIND_LABELS[Kind(row.kind)]
        # The council's own clause where the entry carries one (room_text.py), else the reason.
        why = row.detail.get("why") or (REASON_LABELS[Reason(row.reason)] if row.reason else "")
        if why:
            label += f" ({why})"
        about = row.detail.get("attendee") or row.detail.get("item") or ""
        if groups and groups[-1][0] == label:
            groups[-1][1].append(about)
        else:
            groups.append((label, [about]))
    said = [
        f"{label}: {', '.join(a for a in about if a)}" if any(about) else label
        for label, about in groups
    ]
    if len(said) > 4:
        said = [*said[:3], f"and {len(said) - 3} more"]
    # What the council's policy says to do next (e.g. "Tell the person who joined…").
    says = "".join(f" {row.detail['says']}" for row in written if row.detail.get("says"))
    return "Logged at " + _hm(written[0].at) + ": " + "; ".join(said) + says


def _done(request: HttpRequest, meeting: Meeting, said: str) -> HttpResponse:
    """After an action: htmx gets the screen in place with what was logged announced; a
    browser without JavaScript is sent back to the screen (post, redirect, get)."""
    if getattr(request, "htmx", False):
        return _screen(request, meeting, said=said)
    messages.success(request, said)
    return HttpResponseRedirect(reverse("meeting_mode", args=[meeting.pk]))


def _run(request: HttpRequest, meeting: Meeting, action: str) -> list[Any] | None:
    """The chair's action: the rows written, or None for an action not known."""
    by = request.user
    if action == "ask_everyone":
        return event_log.ask_everyone(meeting, by)
    if action.startswith("split_"):
        return attendance.split_part(meeting, action.removeprefix("split_"), by)
    if action in {"here", "start_with_here"}:
        return bulk.arrived(meeting, by, _ids(request, "here"), start=action == "start_with_here")
    if action in {"everyone_agrees", "everyone_agrees_resume"}:
        return bulk.consent_round(
            meeting, by, _ids(request, "refuses"), resume=action == "everyone_agrees_resume"
        )
    if action == "item_resume":
        return bulk.next_item(meeting, by, _int(request.POST.get("item")), resume=True)
    if action == "introduce":
        return introductions.introduce(meeting, by, _int(request.POST.get("attendee")) or -1)
    if action == "introductions_done":
        return introductions.introductions_done(meeting, by)
    if action in ACTIONS:
        reason = Reason.CHAIR_DECISION if action == "pause" else None
        event = Event(
            ACTIONS[action],
            attendee=_int(request.POST.get("attendee")),
            item=_int(request.POST.get("item")),
            reason=reason,
        )
        return event_log.act(meeting, event, by)
    return None


@require_POST
@login_required
def meeting_act(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    try:
        written = _run(request, meeting, request.POST.get("action", ""))
    except EventRefused as exc:
        return _screen(request, meeting, error=str(exc))
    if written is None:
        return _screen(request, meeting, error="Choose something to do.")
    return _done(request, meeting, _said(written))


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
    the chair stays in meeting mode (the log links to the incident). A refusal comes back to
    the screen with what was typed."""
    meeting = _meeting_for(request, meeting_id)
    _may_open_incidents(request, meeting)
    posted = _posted(request, form)
    try:
        _incident_row, written = in_meeting_incidents.incident_found(
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
    said = (
        f"Logged at {_hm(written[0].at)}: {KIND_LABELS[Kind(written[0].kind)].lower()}"
        + (f"; {written[0].detail['attendee']} left" if left else "")
        + ("; the recording stopped" if stopped and not ended else "")
        + ("; the meeting ended" if ended else "")
        + ". The incident is recorded and its follow-up tasks are set: the meeting log links "
        "to it."
    )
    return _done(request, meeting, said)


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
    return _done(request, meeting, said)


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
    return _done(
        request,
        meeting,
        f"Logged at {_hm(written[0].at)}: {made.requester.full_name} asked to record. "
        f"{rules.says('late_request')} Decide the request before they record.",
    )


@require_POST
@login_required
def parent_insists_view(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """A parent who was refused says they will record anyway, or will not stop (Leeds): the
    chair's decision is logged, minuted and put on the case timeline."""
    meeting = _meeting_for(request, meeting_id)
    posted = _posted(request, "insists")
    try:
        if posted["recorded_some"] not in {"", "yes"}:
            raise EventRefused("Say whether they had already recorded any of the meeting.")
        written = parent_insists.parent_insists(
            meeting,
            request.user,
            attendee=_int(posted["attendee"]),
            did=posted["did"],
            recorded_some=posted["recorded_some"] == "yes",
        )
    except EventRefused as exc:
        return _screen(request, meeting, error=str(exc), form="insists", posted=posted)
    ended = any(row.kind == Kind.MEETING_ENDED for row in written)
    left = any(row.kind == Kind.LEFT for row in written)
    said = (
        f"Logged at {_hm(written[0].at)}: {written[0].detail['attendee']} said they will record "
        "anyway"
        + ("; they left the meeting" if left else "")
        + ("; the meeting is suspended" if ended else "")
        + ". Your decision is on the case timeline and will be in the minutes, and the staff "
        "on the case are told by email."
    )
    return _done(request, meeting, said)
