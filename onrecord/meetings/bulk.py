"""The chair's actions on many people at once, each one transaction through the state machine
(event_log.append): "these people are here" (everyone on the list ticked, except those the
chair unticks), "everyone present agrees" (unless the chair marks someone who does not), and
moving to the next agenda item while resuming a recording paused for the last one. Each is
checked as a whole before anything is written: if any part cannot happen, nothing is logged.
The rules themselves stay in state.py (pause for a sensitive item, ask again when someone
joins): these functions only put the chair's taps in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from onrecord.cases.models import Meeting
from onrecord.meetings.event_log import append
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import (
    Event,
    EventRefused,
    Kind,
    Reason,
    Recording,
    Roster,
    State,
    apply,
    plan,
)

__all__ = [
    "RESUMABLE_AFTER_CONSENT",
    "RESUMABLE_AFTER_ITEM",
    "arrived",
    "consent_round",
    "next_item",
]

# Pauses that a new consent round answers (everyone present asked again and agreeing), and
# pauses that moving on from an item answers: the chair is offered to resume with the action.
RESUMABLE_AFTER_CONSENT = frozenset(
    {Reason.NEW_ATTENDEE, Reason.CONSENT_CHANGED, Reason.LATE_REQUEST}
)
RESUMABLE_AFTER_ITEM = frozenset({Reason.SENSITIVE_ITEM, Reason.ITEM_NOT_RECORDABLE})


def _then(state: State, events: Iterable[Event], roster: Roster) -> State:
    for event in events:
        state = apply(state, event, roster)
    return state


def _on_list(ids: Collection[int], roster: Roster) -> None:
    unknown = [a for a in ids if a not in roster.attendees]
    if unknown:
        raise EventRefused(
            "That person is not on this meeting's attendee list. Add them to the meeting first."
        )


def arrived(
    meeting: Meeting,
    by: Any,
    here: Collection[int],
    *,
    start: bool = False,
    now: dt.datetime | None = None,
) -> list[MeetingEvent]:
    """Everyone ticked is here (each one's arrival, with whatever it makes happen: once consent
    has been sought, a newcomer pauses the recording and everyone is asked again); with
    `start`, the meeting then starts. Someone ticked who is already here is left as they are."""
    wanted = sorted(set(here))

    def build(state: State, roster: Roster) -> list[Event]:
        _on_list(wanted, roster)
        todo = [a for a in wanted if a not in state.present]
        if not todo and not start:
            raise EventRefused("Tick who is here.")
        events: list[Event] = []
        now_state = state
        for who in sorted(todo, key=roster.name):
            more = plan(now_state, Event(Kind.ARRIVED, attendee=who), roster)
            now_state = _then(now_state, more, roster)
            events += more
        if start:
            events += plan(now_state, Event(Kind.MEETING_STARTED), roster)
        return events

    return append(meeting, by, build, now)


def consent_round(
    meeting: Meeting,
    by: Any,
    refusing: Collection[int] = (),
    *,
    resume: bool = False,
    now: dt.datetime | None = None,
) -> list[MeetingEvent]:
    """Everyone present is asked whether they agree to the recording (Hertfordshire 2.6, and
    again after circumstances change, 2.11) and their answers logged: each agrees unless the
    chair marked them in `refusing`. With `resume`, a paused recording then resumes, which the
    state machine refuses (and so nothing is written) where the answers do not allow it."""
    objectors = set(refusing)

    def build(state: State, roster: Roster) -> list[Event]:
        if state.ended:
            raise EventRefused("The meeting has ended: nothing more can be added to its log.")
        if not state.present:
            raise EventRefused("Nobody is marked as here yet: mark who has arrived first.")
        _on_list(objectors, roster)
        away = [roster.name(a) for a in objectors if a not in state.present]
        if away:
            raise EventRefused(f"{', '.join(sorted(away))} is not here, so cannot be asked.")
        events: list[Event] = []
        now_state = state
        everyone = sorted(state.present, key=roster.name)
        for who in everyone:
            more = plan(now_state, Event(Kind.CONSENT_ASKED, attendee=who), roster)
            now_state = _then(now_state, more, roster)
            events += more
        for who in everyone:
            answer = Kind.CONSENT_REFUSED if who in objectors else Kind.CONSENT_GIVEN
            more = plan(now_state, Event(answer, attendee=who), roster)
            now_state = _then(now_state, more, roster)
            events += more
        if resume:
            if now_state.recording is not Recording.PAUSED:
                raise EventRefused("The recording is not paused, so it cannot be resumed.")
            events += plan(now_state, Event(Kind.RECORDING_RESUMED), roster)
        return events

    return append(meeting, by, build, now)


def next_item(
    meeting: Meeting,
    by: Any,
    item: int | None,
    *,
    resume: bool = False,
    now: dt.datetime | None = None,
) -> list[MeetingEvent]:
    """Start an agenda item (a sensitive one pauses the recording, as state.py says); with
    `resume`, resume a recording paused for the item before it, in the same action."""

    def build(state: State, roster: Roster) -> list[Event]:
        events = plan(state, Event(Kind.ITEM_STARTED, item=item), roster)
        if resume:
            now_state = _then(state, events, roster)
            if now_state.recording is not Recording.PAUSED:
                raise EventRefused("The recording is not paused, so it cannot be resumed.")
            events += plan(now_state, Event(Kind.RECORDING_RESUMED), roster)
        return events

    return append(meeting, by, build, now)
