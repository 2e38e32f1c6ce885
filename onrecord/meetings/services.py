"""Appending to the meeting's event log. Each action is one transaction: the meeting row is
locked (so two staff acting at once are serialised and no event is lost), the log is replayed
through the state machine, the action and what follows from it are checked as a whole, and
only then written, each with its audit entry (onrecord.audit.signals). When the meeting ends,
its minutes entries are written to the case timeline in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from onrecord import policy
from onrecord.cases.models import AgendaItem, Attendee, Meeting, Person
from onrecord.incidents import services as incidents
from onrecord.incidents.follow_up import Kind as IncidentKind
from onrecord.incidents.models import Incident
from onrecord.meetings import minutes as minutes_
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import (
    ADDED_DURING_MEETING,
    Event,
    EventRefused,
    Kind,
    Reason,
    Roster,
    Split,
    State,
    apply,
    plan,
    plan_incident,
    replay,
)
from onrecord.recording_requests import services as request_services
from onrecord.recording_requests.models import (
    Declaration,
    Medium,
    Purpose,
    RecordingRequest,
    TimelineEntry,
)
from onrecord.recording_requests.services import in_force_declaration


def _every_attendee_must_agree(meeting: Meeting) -> bool:
    """From the authority's policy profile (`consent_in_the_room`): Hertfordshire 2.7-2.8 need
    every attendee's agreement in the room; elsewhere an objection is noted and weighed
    (Hackney 3), not a veto. A profile that cannot be loaded gets the stricter rule."""
    try:
        profile = policy.load_profile(
            meeting.case.authority.policy_profile, on=timezone.localdate()
        )
    except policy.ProfileError:
        return True
    return profile.every_attendee_must_agree


__all__ = [
    "EventRefused",
    "MeetingPlan",
    "act",
    "add_attendee",
    "ask_everyone",
    "covert_recording_found",
    "incident_found",
    "late_request",
    "meeting_plan",
    "snapshot",
    "split_part",
]


@dataclass(frozen=True)
class MeetingPlan:
    """What the log is checked against, from the case record: the roster, the agenda with why
    each item may not be recorded, and who is allowed to record and on what declaration."""

    roster: Roster
    attendees: list[Attendee]
    items: list[AgendaItem]
    allowed: RecordingRequest | None
    declaration: Declaration | None
    requests: list[RecordingRequest]
    split: SplitPlan | None = None

    def item_reason(self, item: AgendaItem) -> Reason | None:
        return self.roster.items.get(item.pk)


@dataclass(frozen=True)
class SplitPlan:
    """Leeds, parents who disagree: the stored decision's plan to hold the meeting in parts,
    with its names matched to this meeting's attendee list (`missing`: names not on it)."""

    recording: str
    not_recording: tuple[str, ...]
    steps: tuple[str, ...]
    cites: Mapping[str, str]
    split: Split
    missing: tuple[str, ...]

    @property
    def why(self) -> str:
        section = self.cites.get("section", "")
        clause = self.cites.get("clause", "")
        said = (
            f"the parents disagree about the recording: {' and '.join(self.not_recording)} "
            f"did not want it recorded, and {self.recording} asked to record it"
        )
        if section:
            said += f" (Leeds guidance, “{section}”"
            said += f": “{clause}”)" if clause else ")"
        return said


def _split_plan(allowed: RecordingRequest | None, attendees: list[Attendee]) -> SplitPlan | None:
    if allowed is None:
        return None
    stored = allowed.decision.policy_decision.get("split_attendance")
    if not stored:
        return None
    by_name = {a.person.full_name: a.pk for a in attendees}
    recording = str(stored.get("recording", ""))
    not_recording = tuple(str(n) for n in stored.get("not_recording", []))
    missing = tuple(n for n in (*not_recording, recording) if n not in by_name)
    return SplitPlan(
        recording=recording,
        not_recording=not_recording,
        steps=tuple(str(step) for step in stored.get("steps", [])),
        cites={str(k): str(v) for k, v in (stored.get("cites") or {}).items()},
        split=Split(
            recording=by_name.get(recording),
            not_recording=tuple(by_name[n] for n in not_recording if n in by_name),
        ),
        missing=missing,
    )


def _item_reasons(
    items: list[AgendaItem], allowed: RecordingRequest | None
) -> dict[int, Reason | None]:
    decided: dict[str, dict[str, Any]] = {}
    if allowed is not None:
        for entry in allowed.decision.policy_decision.get("items", []):
            decided[str(entry.get("id"))] = entry
    reasons: dict[int, Reason | None] = {}
    for item in items:
        entry = decided.get(str(item.pk))
        if item.sensitive or (entry and entry.get("status") == "paused"):
            reasons[item.pk] = Reason.SENSITIVE_ITEM
        elif entry is not None and entry.get("recordable") is not True:
            reasons[item.pk] = Reason.ITEM_NOT_RECORDABLE
        else:
            reasons[item.pk] = None
    return reasons


def meeting_plan(meeting: Meeting) -> MeetingPlan:
    attendees = list(Attendee.objects.filter(meeting=meeting).select_related("person"))
    items = list(AgendaItem.objects.filter(meeting=meeting))
    requests = list(
        RecordingRequest.objects.filter(meeting=meeting)
        .select_related("requester", "decision", "decision__decided_by")
        .order_by("made_at")
    )
    allowed = next(
        (
            r
            for r in reversed(requests)
            if r.status == RecordingRequest.Status.DECIDED
            and r.decision.outcome == r.decision.Outcome.ALLOWED
        ),
        None,
    )
    declaration = in_force_declaration(allowed.requester) if allowed else None
    split = _split_plan(allowed, attendees)
    roster = Roster(
        attendees={a.pk: a.person.full_name for a in attendees},
        items=_item_reasons(items, allowed),
        recorder=allowed.requester.full_name if allowed else None,
        unanimous_consent=_every_attendee_must_agree(meeting),
        split=split.split if split else None,
    )
    return MeetingPlan(roster, attendees, items, allowed, declaration, requests, split)


def as_event(stored: MeetingEvent) -> Event:
    return Event(
        Kind(stored.kind),
        attendee=stored.attendee_id,
        item=stored.agenda_item_id,
        reason=Reason(stored.reason) if stored.reason else None,
        note=str(stored.detail.get("note", "")),
    )


def snapshot(meeting: Meeting, mp: MeetingPlan | None = None) -> tuple[State, list[MeetingEvent]]:
    """The state now, and the log it was rebuilt from."""
    mp = mp or meeting_plan(meeting)
    events = list(
        MeetingEvent.objects.filter(meeting=meeting)
        .select_related("by", "attendee__person", "agenda_item")
        .order_by("seq")
    )
    return replay((as_event(e) for e in events), mp.roster), events


Prepare = Callable[[list[Event], MeetingPlan], Mapping[Kind, Mapping[str, Any]]]


@transaction.atomic
def _append(
    meeting: Meeting,
    by: Any,
    build: Any,
    now: dt.datetime | None = None,
    prepare: Prepare | None = None,
) -> list[MeetingEvent]:
    """Lock the meeting, replay its log, let `build(state, plan)` choose the events (raising
    EventRefused if it cannot), then write them. `prepare(events, plan)`, if given, runs once
    they are checked and before they are written (in the same transaction), and returns more
    detail for the events of each kind."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
    now = now or timezone.now()
    mp = meeting_plan(meeting)
    state, stored = snapshot(meeting, mp)
    events: list[Event] = build(state, mp.roster)
    extra = prepare(events, mp) if prepare is not None else {}
    names = mp.roster.attendees
    titles = {i.pk: f"{i.position}. {i.title}" for i in mp.items}
    seq = stored[-1].seq if stored else 0
    written: list[MeetingEvent] = []
    for event in events:
        seq += 1
        detail: dict[str, Any] = {}
        if event.attendee is not None:
            detail["attendee"] = names[event.attendee]
        if event.item is not None:
            detail["item"] = titles[event.item]
        if event.kind is Kind.RECORDING_STARTED:
            detail["recorder"] = mp.roster.recorder
        if event.note:
            detail["note"] = event.note
        detail.update(extra.get(event.kind, {}))
        row = MeetingEvent(
            meeting=meeting,
            seq=seq,
            kind=event.kind.value,
            at=now,
            by=by,
            attendee_id=event.attendee,
            agenda_item_id=event.item,
            reason=event.reason.value if event.reason else "",
            detail=detail,
        )
        row.save(force_insert=True)
        written.append(row)
        if event.kind is Kind.ARRIVED and event.attendee is not None:
            attendee = Attendee.objects.get(pk=event.attendee)
            attendee.attended_from = attendee.attended_from or now
            attendee.left_at = None
            attendee.save(update_fields=["attended_from", "left_at"])
        elif event.kind is Kind.LEFT and event.attendee is not None:
            attendee = Attendee.objects.get(pk=event.attendee)
            attendee.left_at = now
            attendee.save(update_fields=["left_at"])
        elif event.kind is Kind.MEETING_ENDED:
            _write_minutes(meeting, mp, [*stored, *written])
    return written


def act(
    meeting: Meeting, event: Event, by: Any, now: dt.datetime | None = None
) -> list[MeetingEvent]:
    """The chair's action, and the events it leads to; EventRefused if it cannot happen now."""
    return _append(meeting, by, lambda state, roster: plan(state, event, roster), now)


def ask_everyone(meeting: Meeting, by: Any, now: dt.datetime | None = None) -> list[MeetingEvent]:
    """The consent round: everyone present is asked whether they agree to the recording
    (Hertfordshire 2.6), again after circumstances change (2.11)."""

    def build(state: State, roster: Roster) -> list[Event]:
        if state.ended:
            raise EventRefused("The meeting has ended: nothing more can be added to its log.")
        if not state.present:
            raise EventRefused("Nobody is marked as here yet: mark who has arrived first.")
        events: list[Event] = []
        for who in sorted(state.present, key=lambda a: roster.name(a)):
            events += plan(state, Event(Kind.CONSENT_ASKED, attendee=who), roster)
        return events

    return _append(meeting, by, build, now)


def _then(state: State, events: list[Event], roster: Roster) -> State:
    for event in events:
        state = apply(state, event, roster)
    return state


@dataclass(frozen=True)
class InMeetingIncident:
    """One kind of incident the chair can raise from the meeting screen: the event it logs,
    what the chair may have done about it (chair action → words for the log), and the sentence
    that opens the incident's description."""

    event: Kind
    actions: Mapping[str, str]
    opening: str  # formatted with {who} and {where}


_ChairAction = Incident.ChairAction
IN_MEETING_INCIDENTS: dict[str, InMeetingIncident] = {
    # Hackney 4: asked to stop, and/or the chair may end the meeting; Leeds e; Brent.
    IncidentKind.COVERT_RECORDING.value: InMeetingIncident(
        Kind.COVERT_RECORDING,
        {
            _ChairAction.ASKED_TO_STOP.value: "asked them to stop",
            _ChairAction.ENDED_MEETING.value: "ended the meeting",
        },
        "{who} was recording the meeting without permission.",
    ),
    # Leeds, parents who disagree; Brent, "When a service user requests": asked to stop; if
    # they do not, the chair halts the meeting and they are asked to leave.
    IncidentKind.FRIEND_RECORDING.value: InMeetingIncident(
        Kind.FRIEND_RECORDING,
        {
            _ChairAction.ASKED_TO_STOP.value: "asked them to stop, and they stopped",
            _ChairAction.ASKED_TO_LEAVE.value: (
                "halted the meeting and asked them to leave, as they did not stop"
            ),
        },
        "{who}, who does not hold parental responsibility, was recording the meeting against "
        "the parents' wishes.",
    ),
    # Hackney 4 (misuse: legal advice and action), Leeds f, Brent: found during the meeting,
    # e.g. an earlier meeting's recording online, or this one streamed as it happens.
    IncidentKind.PUBLICATION.value: InMeetingIncident(
        Kind.RECORDING_MISUSED,
        {
            _ChairAction.NONE.value: "noted it for follow-up",
            _ChairAction.ASKED_TO_STOP.value: "stopped the recording for the rest of the meeting",
            _ChairAction.ENDED_MEETING.value: "ended the meeting",
        },
        "A recording made by {who} was found published: {where}.",
    ),
    IncidentKind.OTHER_PURPOSE.value: InMeetingIncident(
        Kind.RECORDING_MISUSED,
        {
            _ChairAction.NONE.value: "noted it for follow-up",
            _ChairAction.ASKED_TO_STOP.value: "stopped the recording for the rest of the meeting",
            _ChairAction.ENDED_MEETING.value: "ended the meeting",
        },
        "A recording made by {who} was used for another purpose: {where}.",
    ),
}
COVERT_ACTIONS = IN_MEETING_INCIDENTS[IncidentKind.COVERT_RECORDING.value].actions


def _holds_pr(attendee: Attendee) -> bool:
    return (
        attendee.person.kind == Person.Kind.PARENT
        or attendee.person.parental_responsibilities.exists()
    )


def incident_found(
    meeting: Meeting,
    by: Any,
    *,
    kind: str,
    attendee: int | None,
    who: str = "",
    discovered_by: str,
    description: str,
    chair_action: str,
    where_found: str = "",
    now: dt.datetime | None = None,
) -> tuple[Incident, list[MeetingEvent]]:
    """An incident found during the meeting, raised from the chair's screen: in one transaction
    the meeting's log notes it (who, and what the chair did), what the chair did happens in the
    log too (the friend leaves; the recording stops; the meeting ends, with its minutes), and
    the incident is opened with the meeting, the time it was found and its follow-up tasks
    (incidents/follow_up.py). Anything refused (EventRefused, IncidentError) leaves nothing
    written."""
    rules = IN_MEETING_INCIDENTS.get(kind)
    if rules is None:
        raise incidents.IncidentError("Choose what happened.")
    if chair_action not in rules.actions:
        choices = ", or ".join(
            Incident.ChairAction(a).label.lower() for a in rules.actions if a != "none"
        )
        raise incidents.IncidentError(f"Say what you did: {choices}.")
    if not discovered_by.strip():
        raise incidents.IncidentError("Say who noticed it.")
    if not description.strip():
        raise incidents.IncidentError("Describe what happened.")
    if kind == IncidentKind.PUBLICATION and not where_found.strip():
        raise incidents.IncidentError("Say where it was published: the site or the address.")
    if kind == IncidentKind.OTHER_PURPOSE and not where_found.strip():
        raise incidents.IncidentError("Say what the recording was used for, and where.")
    if (
        len(description) > 4000
        or len(who) > 200
        or len(discovered_by) > 200
        or len(where_found) > 500
    ):
        raise incidents.IncidentError(
            "Keep it shorter: what happened at most 4000 characters, where at most 500, "
            "names at most 200."
        )
    now = now or timezone.now()
    found = Event(rules.event, attendee=attendee, note=who.strip())
    opened: list[Incident] = []

    def build(state: State, roster: Roster) -> list[Event]:
        return plan_incident(
            state,
            found,
            roster,
            leaves=chair_action == _ChairAction.ASKED_TO_LEAVE,
            stop=rules.event is Kind.RECORDING_MISUSED
            and chair_action == _ChairAction.ASKED_TO_STOP,
            end=chair_action == _ChairAction.ENDED_MEETING,
        )

    def prepare(events: list[Event], mp: MeetingPlan) -> Mapping[Kind, Mapping[str, Any]]:
        if kind == IncidentKind.FRIEND_RECORDING and attendee is not None:
            person = next(a for a in mp.attendees if a.pk == attendee)
            if _holds_pr(person):
                raise incidents.IncidentError(
                    f"{person.person.full_name} is a parent with parental responsibility, not a "
                    "friend or relative: use “Someone is recording without permission”."
                )
        recorder = mp.roster.name(attendee) if attendee is not None else found.note
        opening = rules.opening.format(who=recorder, where=where_found.strip())
        try:
            incident = incidents.open_incident(
                meeting.case,
                kind=kind,
                opened_by=by,
                discovered_by=discovered_by.strip(),
                discovered_at=now,
                description=f"{opening}\n{description.strip()}",
                meeting=meeting,
                chair_action=chair_action,
                where_found=where_found.strip(),
                now=now,
            )
        except ValidationError as exc:
            raise incidents.IncidentError(" ".join(exc.messages)) from exc
        opened.append(incident)
        detail: dict[str, str] = {
            "incident": str(incident.pk),
            "chair_action": rules.actions[chair_action],
        }
        if rules.event is Kind.RECORDING_MISUSED:
            detail["incident_kind"] = incident.get_kind_display()
            detail["where"] = where_found.strip()
        return {rules.event: detail}

    with transaction.atomic():
        written = _append(meeting, by, build, now, prepare)
    return opened[0], written


def covert_recording_found(
    meeting: Meeting,
    by: Any,
    *,
    attendee: int | None,
    who: str = "",
    discovered_by: str,
    description: str,
    chair_action: str,
    now: dt.datetime | None = None,
) -> tuple[Incident, list[MeetingEvent]]:
    """Someone is found recording without permission (Hackney 4; Leeds e; Brent)."""
    return incident_found(
        meeting,
        by,
        kind=IncidentKind.COVERT_RECORDING,
        attendee=attendee,
        who=who,
        discovered_by=discovered_by,
        description=description,
        chair_action=chair_action,
        now=now,
    )


def late_request(
    meeting: Meeting,
    by: Any,
    *,
    attendee: int | None,
    medium: str,
    purposes: list[str],
    purpose_details: str = "",
    now: dt.datetime | None = None,
) -> tuple[RecordingRequest, list[MeetingEvent]]:
    """Someone present asks to record after the meeting has started (Hertfordshire 2.11): in
    one transaction the log notes it, any recording running is paused and everyone present must
    be asked again, and the request enters the recording-request workflow (made during the
    meeting, entered by the chair) to be decided like any other (Leeds c: the chair decides).
    Anything refused leaves nothing written."""
    if medium not in Medium.values:
        raise EventRefused("Choose how they want to record: sound only, or sound and pictures.")
    if not purposes or any(p not in Purpose.values for p in purposes):
        raise EventRefused("Choose at least one reason they gave for wanting to record.")
    if len(purpose_details) > 1000:
        raise EventRefused("Keep what they said about their reasons to 1000 characters.")
    now = now or timezone.now()
    made: list[RecordingRequest] = []
    asked = Event(Kind.LATE_REQUEST, attendee=attendee)

    def prepare(events: list[Event], mp: MeetingPlan) -> Mapping[Kind, Mapping[str, Any]]:
        person = next(a.person for a in mp.attendees if a.pk == attendee)
        try:
            request = request_services.submit_request(
                meeting,
                person,
                medium=medium,
                purposes=purposes,
                purpose_details=purpose_details.strip(),
                channel=RecordingRequest.Channel.STAFF,
                entered_by=by,
                now=now,
            )
        except request_services.RequestError as exc:
            raise EventRefused(str(exc)) from exc
        request.timing = RecordingRequest.Timing.MID_MEETING
        request.save(update_fields=["timing"])
        made.append(request)
        return {Kind.LATE_REQUEST: {"request": str(request.pk), "medium": request.medium}}

    with transaction.atomic():
        written = _append(
            meeting, by, lambda state, roster: plan(state, asked, roster), now, prepare
        )
    return made[0], written


# Who the chair may add during the meeting: not a parent or a child, whose parental
# responsibility and details belong on the case record before they can be relied on.
ADDABLE_KINDS: dict[str, str] = {
    Person.Kind.FAMILY_MEMBER.value: "Family member (not a parent)",
    Person.Kind.FRIEND.value: "Friend of the family or supporter",
    Person.Kind.CARER.value: "Carer",
    Person.Kind.PROFESSIONAL.value: "Professional from another agency",
    Person.Kind.STAFF.value: "Local authority staff",
}
NEEDS_ORGANISATION = frozenset({Person.Kind.PROFESSIONAL.value, Person.Kind.STAFF.value})


def add_attendee(
    meeting: Meeting,
    by: Any,
    *,
    full_name: str,
    kind: str,
    role: str,
    organisation: str = "",
    now: dt.datetime | None = None,
) -> tuple[Attendee, list[MeetingEvent]]:
    """Someone who is not on the attendee list joins: they are added to the list (reusing
    their record where the case already has someone of that name) and marked as arrived, which,
    once consent has been sought, pauses any recording and asks everyone again (Hertfordshire
    2.11). One transaction: a refusal leaves no person, attendee or event behind."""
    full_name, role, organisation = full_name.strip(), role.strip(), organisation.strip()
    if not full_name:
        raise EventRefused("Enter their full name.")
    if not role:
        raise EventRefused(
            "Say what their role is at this meeting, for example Aunt or Housing officer."
        )
    if kind not in ADDABLE_KINDS:
        raise EventRefused(
            "Choose who they are: family member, friend, carer, professional or staff."
        )
    if kind in NEEDS_ORGANISATION and not organisation:
        raise EventRefused("Say which organisation they work for.")
    if len(full_name) > 200 or len(role) > 200 or len(organisation) > 200:
        raise EventRefused("Keep the name, role and organisation to 200 characters each.")
    now = now or timezone.now()
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
        person = Person.objects.filter(case=meeting.case, full_name__iexact=full_name).first()
        if person is not None and Attendee.objects.filter(meeting=meeting, person=person).exists():
            raise EventRefused(
                f"{person.full_name} is already on the attendee list: mark them as arrived."
            )
        if person is None:
            person = Person(
                case=meeting.case,
                full_name=full_name,
                kind=kind,
                agency=organisation,
                relationship="" if kind in NEEDS_ORGANISATION else role[:100],
            )
            person.full_clean()
            person.save()
        added = Attendee(meeting=meeting, person=person, role=role, invited_at=now)
        added.full_clean()
        added.save()
        arrived = Event(
            Kind.ARRIVED,
            attendee=added.pk,
            note=ADDED_DURING_MEETING,
        )
        written = _append(meeting, by, lambda state, roster: plan(state, arrived, roster), now)
        added.refresh_from_db()  # its arrival time, set as the event was written
    return added, written


SPLIT_PARTS = ("first_here", "first_left", "second_here")


def split_part(
    meeting: Meeting, part: str, by: Any, now: dt.datetime | None = None
) -> list[MeetingEvent]:
    """One part of the meeting held in parts (Leeds, parents who disagree), logged as arrivals
    and departures: `first_here` (the parent(s) who do not want it recorded arrive),
    `first_left` (they leave), `second_here` (the recording parent arrives)."""
    split = meeting_plan(meeting).split
    if split is None:
        raise EventRefused("This meeting has no plan to hold it in parts.")
    if part not in SPLIT_PARTS:
        raise EventRefused("Choose a part of the meeting.")
    if split.missing:
        raise EventRefused(
            "Not on this meeting's attendee list: "
            + ", ".join(split.missing)
            + ". Add them to the meeting first."
        )
    first, second = split.split.not_recording, split.split.recording

    def build(state: State, roster: Roster) -> list[Event]:
        events: list[Event] = []
        if part == "first_here":
            if second is not None and second in state.present:
                raise EventRefused(
                    f"{roster.name(second)} is here: in the first part only "
                    f"{' and '.join(split.not_recording)} attend (Leeds)."
                )
            todo = [a for a in first if a not in state.present]
            kind, note = Kind.ARRIVED, "first part of the meeting in parts"
        elif part == "first_left":
            todo = [a for a in first if a in state.present]
            kind, note = Kind.LEFT, "end of the first part of the meeting in parts"
        else:
            still = [roster.name(a) for a in first if a in state.present]
            if still:
                raise EventRefused(
                    f"{', '.join(still)} still here: they leave before "
                    f"{split.recording} attends (Leeds)."
                )
            todo = [second] if second is not None and second not in state.present else []
            kind, note = Kind.ARRIVED, "second part of the meeting in parts"
        if not todo:
            raise EventRefused("That part has already been logged.")
        now_state = state
        for who in todo:
            more = plan(now_state, Event(kind, attendee=who, note=note), roster)
            now_state = _then(now_state, more, roster)
            events += more
        return events

    return _append(meeting, by, build, now)


def request_lines(mp: MeetingPlan) -> list[str]:
    lines: list[str] = []
    for made in mp.requests:
        said = (
            f"{made.requester.full_name} asked on {timezone.localtime(made.made_at):%d %B %Y} "
            f"to record the meeting ({made.get_medium_display().lower()})"
        )
        if made.status == RecordingRequest.Status.DECIDED:
            decision = made.decision
            said += (
                f": {decision.get_outcome_display().lower()} by {decision.decided_by} "
                f"({decision.decided_by_role}). Reasons: {decision.reason}"
            )
            if decision.disagreements:
                said += f" Disagreement noted: {decision.disagreements}"
        else:
            said += f": {made.get_status_display().lower()}."
        lines.append(said)
    if mp.allowed is not None:
        lines.append(
            f"{mp.allowed.requester.full_name} signed the declaration on "
            f"{timezone.localtime(mp.declaration.family_signed_at):%d %B %Y}."
            if mp.declaration and mp.declaration.family_signed_at
            else f"{mp.allowed.requester.full_name} had not signed the declaration."
        )
    return lines


def _write_minutes(meeting: Meeting, mp: MeetingPlan, log: list[MeetingEvent]) -> None:
    titles = {i.pk: f"{i.position}. {i.title}" for i in mp.items}
    entries = minutes_.minutes(
        [(timezone.localtime(e.at), as_event(e)) for e in log],
        mp.roster,
        titles,
        request_lines(mp),
        split=(mp.split.split, mp.split.why) if mp.split else None,
    )
    for entry in entries:
        TimelineEntry.objects.create(
            case_id=meeting.case_id,
            meeting=meeting,
            at=entry.at,
            kind=TimelineEntry.Kind.MINUTES,
            summary=f"{meeting}: {entry.summary}"[:500],
            body=entry.body,
            for_minutes=True,
        )
