"""Shared steps for the tests that the record's covert recordings, people who would not stop
and agenda parts reach the scenario (issue 14): through the staff agenda form, the chair's
meeting screen and the incident register, as staff enter them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from onrecord.cases.admin import AgendaItemForm
from onrecord.cases.models import AgendaItem, Attendee, Child, Person
from onrecord.incidents.models import Incident
from onrecord.incidents.services import open_incident
from onrecord.meetings import event_log, in_meeting_incidents
from onrecord.meetings.state import Kind
from onrecord.recording_requests.models import RecordingRequest
from tests.meetings.test_meeting_mode import act, ready_to_record
from tests.support.personas import World

LEO = "Leo: reports and discussion"


def divide(title: str, parts_text: str, children: list[str]) -> AgendaItem:
    """Through the staff agenda form: the item is about `children` and divided into parts."""
    item = AgendaItem.objects.get(title=title)
    data = {
        "position": item.position,
        "title": item.title,
        "children": [c.pk for c in Child.objects.filter(person__full_name__in=children)],
        "sensitive": "",
        "sensitive_reason": "",
        "parts_text": parts_text,
    }
    form = AgendaItemForm(data, instance=item)
    assert form.is_valid(), form.errors
    saved: AgendaItem = form.save()
    return saved


def found_recording_in_the_meeting(world: World, name: str) -> RecordingRequest:
    """Dana's request allowed, the conference under way, and `name` found recording covertly:
    raised from the chair's screen. Returns Dana's request."""
    ready_to_record(world)
    in_meeting_incidents.covert_recording_found(
        world.meeting,
        world.users["chair"],
        attendee=Attendee.objects.get(meeting=world.meeting, person__full_name=name).pk,
        discovered_by="Amira Hassan",
        description="A phone recording under the table.",
        chair_action="asked_to_stop",
    )
    return RecordingRequest.objects.get(requester__full_name="Dana Whitfield")


def found_recording_afterwards(world: World) -> Incident:
    """Entered in the incident register: found after the meeting, by whom not known."""
    return open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["social_worker"],
        discovered_by="Tom Bennett",
        discovered_at=timezone.now() - dt.timedelta(hours=1),
        description="A recording of the conference was sent to the school.",
        meeting=world.meeting,
        chair_action=Incident.ChairAction.NOT_IN_MEETING,
    )


def friend_asked_to_leave(world: World, friend: Person) -> None:
    """The conference under way; `friend`, on the list, arrives and records against the
    parents' wishes, does not stop, and is asked to leave (Leeds; Brent)."""
    ready_to_record(world)
    attendee = Attendee.objects.get(meeting=world.meeting, person=friend)
    act(world, Kind.ARRIVED, friend.full_name)
    event_log.ask_everyone(world.meeting, world.users["chair"])
    in_meeting_incidents.incident_found(
        world.meeting,
        world.users["chair"],
        kind="friend_recording",
        attendee=attendee.pk,
        who="",
        discovered_by="Amira Hassan",
        description="Holding a phone up, recording.",
        chair_action="asked_to_leave",
        where_found="",
    )
