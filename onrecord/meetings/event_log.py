"""Appending to the meeting's event log. Each action is one transaction: the meeting row is
locked (so two staff acting at once are serialised and no event is lost), the log is replayed
through the state machine, the action and what follows from it are checked as a whole, and
only then written, each with its audit entry (onrecord.audit.signals). When the meeting ends,
its minutes entries (log_summary.py) are written to the case timeline in the same transaction.

The chair's other actions build on `append`: attendance.py (people added, the meeting held in
parts), in_meeting_incidents.py, late_requests.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting
from onrecord.meetings import log_summary
from onrecord.meetings.meeting_plan import MeetingPlan, meeting_plan, request_lines
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import (
    Event,
    EventRefused,
    Kind,
    Reason,
    Roster,
    State,
    describe,
    plan,
    replay,
    situation_of,
)
from onrecord.recording_requests.models import TimelineEntry

__all__ = ["Build", "Prepare", "act", "append", "as_event", "ask_everyone", "snapshot"]


def as_event(stored: MeetingEvent) -> Event:
    return Event(
        Kind(stored.kind),
        attendee=stored.attendee_id,
        item=stored.agenda_item_id,
        reason=Reason(stored.reason) if stored.reason else None,
        note=str(stored.detail.get("note", "")),
        recorded_some=bool(stored.detail.get("recorded_some", False)),
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


Build = Callable[[State, Roster], list[Event]]
Prepare = Callable[[list[Event], MeetingPlan], Mapping[Kind, Mapping[str, Any]]]


@transaction.atomic
def append(
    meeting: Meeting,
    by: Any,
    build: Build,
    now: dt.datetime | None = None,
    prepare: Prepare | None = None,
) -> list[MeetingEvent]:
    """Lock the meeting, replay its log, let `build(state, roster)` choose the events (raising
    EventRefused if it cannot), then write them. `prepare(events, plan)`, if given, runs once
    they are checked and before they are written (in the same transaction), and returns more
    detail for the events of each kind."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("pk").get()
    now = now or timezone.now()
    mp = meeting_plan(meeting)
    state, stored = snapshot(meeting, mp)
    events = build(state, mp.roster)
    extra = prepare(events, mp) if prepare is not None else {}
    titles = {i.pk: f"{i.position}. {i.title}" for i in mp.items}
    seq = stored[-1].seq if stored else 0
    written: list[MeetingEvent] = []
    for event in events:
        seq += 1
        row = MeetingEvent(
            meeting=meeting,
            seq=seq,
            kind=event.kind.value,
            at=now,
            by=by,
            attendee_id=event.attendee,
            agenda_item_id=event.item,
            reason=event.reason.value if event.reason else "",
            detail={**_detail(event, mp.roster, titles), **extra.get(event.kind, {})},
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
            _write_minutes_entries(meeting, mp, [*stored, *written])
    return written


def _detail(event: Event, roster: Roster, titles: Mapping[int, str]) -> dict[str, Any]:
    """The event in words as it was written (names and titles then), kept with it."""
    detail: dict[str, Any] = {}
    if event.attendee is not None:
        detail["attendee"] = roster.attendees[event.attendee]
    if event.item is not None:
        detail["item"] = titles[event.item]
    if event.kind is Kind.RECORDING_STARTED:
        detail["recorder"] = roster.recorder
    if event.note:
        detail["note"] = event.note
    if event.recorded_some:
        detail["recorded_some"] = True
    if event.reason is not None:  # why, citing the meeting's own authority's clause, as then
        detail["why"] = describe(event.reason, roster)
    situation = situation_of(event)
    if event.kind in {Kind.TELL_ATTENDEES, Kind.POLICY_SILENT} and situation is not None:
        detail["says"] = roster.rules.says(situation)
    return detail


def act(
    meeting: Meeting, event: Event, by: Any, now: dt.datetime | None = None
) -> list[MeetingEvent]:
    """The chair's action, and the events it leads to; EventRefused if it cannot happen now."""
    return append(meeting, by, lambda state, roster: plan(state, event, roster), now)


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

    return append(meeting, by, build, now)


def _write_minutes_entries(meeting: Meeting, mp: MeetingPlan, log: list[MeetingEvent]) -> None:
    """The log's minutes entries, on the case timeline, as the meeting ends."""
    titles = {i.pk: f"{i.position}. {i.title}" for i in mp.items}
    entries = log_summary.summarise_log(
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
