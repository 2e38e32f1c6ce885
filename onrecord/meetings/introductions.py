"""The introductions round on the meeting's clock: the chair taps each person as they begin to
introduce themselves, and each tap is an INTRODUCED event in the meeting's event log (a tap
with no attendee closes the round). A person's stretch runs from their tap to the next event in
the log. The speech pipeline lines these stretches up with the council's own recording to learn
each voice: `stretches(meeting)` gives them, as offsets in seconds from the meeting's start
and as wall-clock times (for lining up with a recording that began at another moment)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onrecord.cases.models import Meeting
from onrecord.meetings.event_log import append, as_event
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, Kind, Roster, State, plan

__all__ = ["Introduction", "introduce", "introductions_done", "stretches", "stretches_of_log"]


@dataclass(frozen=True)
class Introduction:
    attendee_id: int
    name: str
    started_at: dt.datetime
    ended_at: dt.datetime | None  # None while it is the last thing logged
    start_offset: float  # seconds from the meeting's start
    end_offset: float | None


def introduce(
    meeting: Meeting, by: Any, attendee: int | None, now: dt.datetime | None = None
) -> list[MeetingEvent]:
    """The chair's tap: this person starts introducing themselves now."""
    event = Event(Kind.INTRODUCED, attendee=attendee)
    return append(meeting, by, lambda state, roster: plan(state, event, roster), now)


def introductions_done(
    meeting: Meeting, by: Any, now: dt.datetime | None = None
) -> list[MeetingEvent]:
    """The last person has finished: closes the last stretch."""

    def build(state: State, roster: Roster) -> list[Event]:
        return plan(state, Event(Kind.INTRODUCED), roster)

    return append(meeting, by, build, now)


def stretches_of_log(
    log: Sequence[tuple[dt.datetime, int | None, str, Kind]],
) -> list[Introduction]:
    """Pure: each introduction's stretch from a log of (at, attendee id, name, kind), in the
    log's order. A stretch ends at the next event of any kind."""
    start = next((at for at, _, _, kind in log if kind is Kind.MEETING_STARTED), None)
    found: list[Introduction] = []
    for index, (at, attendee, name, kind) in enumerate(log):
        if kind is not Kind.INTRODUCED or attendee is None:
            continue
        later = next((when for when, *_ in log[index + 1 :]), None)
        base = start or at
        found.append(
            Introduction(
                attendee_id=attendee,
                name=name,
                started_at=at,
                ended_at=later,
                start_offset=(at - base).total_seconds(),
                end_offset=(later - base).total_seconds() if later is not None else None,
            )
        )
    return found


def stretches(meeting: Meeting) -> list[Introduction]:
    """The introduction stretches of this meeting, from its event log."""
    rows = MeetingEvent.objects.filter(meeting=meeting).order_by("seq")
    return stretches_of_log(
        [
            (row.at, row.attendee_id, str(row.detail.get("attendee", "")), as_event(row).kind)
            for row in rows
        ]
    )
