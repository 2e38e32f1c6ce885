"""Who is in the room, beyond marking arrivals and departures (event_log.act): someone not on
the attendee list added as they join (Hertfordshire 2.11), and the meeting held in parts because
the parents disagree (Leeds), logged as arrivals and departures and enforced by the state
machine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting, Person
from onrecord.meetings.event_log import append
from onrecord.meetings.meeting_plan import meeting_plan
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import (
    ADDED_DURING_MEETING,
    Event,
    EventRefused,
    Kind,
    Roster,
    State,
    apply,
    plan,
)

__all__ = ["ADDABLE_KINDS", "NEEDS_ORGANISATION", "SPLIT_PARTS", "add_attendee", "split_part"]

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


def _check_new_attendee(full_name: str, kind: str, role: str, organisation: str) -> None:
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
    once consent has been sought, does what the authority's rule for a new attendee says
    (stop and ask everyone again, Hertfordshire 2.11; tell the newcomer, Hackney 3; or log
    that the policy is silent). One transaction: a refusal leaves no person, attendee or
    event behind."""
    full_name, role, organisation = full_name.strip(), role.strip(), organisation.strip()
    _check_new_attendee(full_name, kind, role, organisation)
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
        written = append(meeting, by, lambda state, roster: plan(state, arrived, roster), now)
        added.refresh_from_db()  # its arrival time, set as the event was written
    return added, written


SPLIT_PARTS = ("first_here", "first_left", "second_here")


def _then(state: State, events: Iterable[Event], roster: Roster) -> State:
    for event in events:
        state = apply(state, event, roster)
    return state


def _split_cite(roster: Roster) -> str:
    """The decision's clause for holding the meeting in parts, in the authority's name."""
    return roster.rules.cite(roster.split.cites if roster.split is not None else None)


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
                    f"{' and '.join(split.not_recording)} attend ({_split_cite(roster)})."
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
                    f"{split.recording} attends ({_split_cite(roster)})."
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

    return append(meeting, by, build, now)
