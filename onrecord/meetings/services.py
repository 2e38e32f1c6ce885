"""Appending to the meeting's event log. Each action is one transaction: the meeting row is
locked (so two staff acting at once are serialised and no event is lost), the log is replayed
through the state machine, the action and what follows from it are checked as a whole, and
only then written, each with its audit entry (onrecord.audit.signals). When the meeting ends,
its minutes entries are written to the case timeline in the same transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord import policy
from onrecord.cases.models import AgendaItem, Attendee, Meeting
from onrecord.meetings import minutes as minutes_
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import (
    Event,
    EventRefused,
    Kind,
    Reason,
    Roster,
    State,
    plan,
    replay,
)
from onrecord.recording_requests.models import (
    Declaration,
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


__all__ = ["EventRefused", "MeetingPlan", "act", "ask_everyone", "meeting_plan", "snapshot"]


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

    def item_reason(self, item: AgendaItem) -> Reason | None:
        return self.roster.items.get(item.pk)


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
    roster = Roster(
        attendees={a.pk: a.person.full_name for a in attendees},
        items=_item_reasons(items, allowed),
        recorder=allowed.requester.full_name if allowed else None,
        unanimous_consent=_every_attendee_must_agree(meeting),
    )
    return MeetingPlan(roster, attendees, items, allowed, declaration, requests)


def as_event(stored: MeetingEvent) -> Event:
    return Event(
        Kind(stored.kind),
        attendee=stored.attendee_id,
        item=stored.agenda_item_id,
        reason=Reason(stored.reason) if stored.reason else None,
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


@transaction.atomic
def _append(
    meeting: Meeting, by: Any, build: Any, now: dt.datetime | None = None
) -> list[MeetingEvent]:
    """Lock the meeting, replay its log, let `build(state, plan)` choose the events (raising
    EventRefused if it cannot), then write them."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
    now = now or timezone.now()
    mp = meeting_plan(meeting)
    state, stored = snapshot(meeting, mp)
    events: list[Event] = build(state, mp.roster)
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
