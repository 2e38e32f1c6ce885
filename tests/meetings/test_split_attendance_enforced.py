"""Leeds, parents who disagree: where the decision holds the meeting in parts, nothing is
recorded while a parent who does not want it recorded is in the room, and the recording is made
in the part the recording parent attends. The state machine refuses to start or resume the
recording during the first part, pauses it if that parent comes in while it runs, and says why;
the pure rules first, then through the services and the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.meetings import event_log
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import (
    Event,
    EventRefused,
    Kind,
    Reason,
    Recording,
    Roster,
    Split,
    State,
    apply,
    plan,
)
from tests.meetings.rules import made_up_rules
from tests.meetings.test_covert_and_split import allowed_in_parts, part
from tests.meetings.test_meeting_mode import act
from tests.support.personas import World

CHAIR, MOTHER, FATHER = 1, 2, 3
ROSTER = Roster(
    attendees={CHAIR: "Priya", MOTHER: "Dana", FATHER: "Marcus"},
    items={},
    recorder="Dana",
    split=Split(recording=MOTHER, not_recording=(FATHER,)),
    rules=made_up_rules(),  # stops and asks again when someone joins
)


def run(*events: Event) -> State:
    state = State()
    for event in events:
        for planned in plan(state, event, ROSTER):
            state = apply(state, planned, ROSTER)
    return state


def asked_and_agreed(*who: int) -> list[Event]:
    return [
        *[Event(Kind.CONSENT_ASKED, attendee=a) for a in who],
        *[Event(Kind.CONSENT_GIVEN, attendee=a) for a in who],
    ]


FIRST_PART = [
    Event(Kind.ARRIVED, attendee=CHAIR),
    Event(Kind.MEETING_STARTED),
    Event(Kind.ARRIVED, attendee=FATHER),
    *asked_and_agreed(CHAIR, FATHER),
]


def test_no_recording_while_the_parent_who_objects_is_here() -> None:
    state = run(*FIRST_PART)
    with pytest.raises(EventRefused, match="held in parts and Marcus did not want it recorded"):
        plan(state, Event(Kind.RECORDING_STARTED), ROSTER)


def test_no_recording_before_the_recording_parent_arrives() -> None:
    state = run(*FIRST_PART, Event(Kind.LEFT, attendee=FATHER))
    with pytest.raises(EventRefused, match="Dana records the second part, so mark them"):
        plan(state, Event(Kind.RECORDING_STARTED), ROSTER)


def test_the_second_part_is_recorded() -> None:
    state = run(
        *FIRST_PART,
        Event(Kind.LEFT, attendee=FATHER),
        Event(Kind.ARRIVED, attendee=MOTHER),
        Event(Kind.CONSENT_ASKED, attendee=MOTHER),
        Event(Kind.CONSENT_GIVEN, attendee=MOTHER),
        Event(Kind.RECORDING_STARTED),
    )
    assert state.recording is Recording.ON


def test_the_parent_coming_back_pauses_the_recording_and_it_cannot_resume() -> None:
    recording = [
        Event(Kind.ARRIVED, attendee=CHAIR),
        Event(Kind.ARRIVED, attendee=MOTHER),
        Event(Kind.MEETING_STARTED),
        *asked_and_agreed(CHAIR, MOTHER),
        Event(Kind.RECORDING_STARTED),
    ]
    events = plan(run(*recording), Event(Kind.ARRIVED, attendee=FATHER), ROSTER)
    assert [(e.kind, e.reason) for e in events] == [
        (Kind.ARRIVED, None),
        (Kind.RECORDING_PAUSED, Reason.SPLIT_ATTENDANCE),
        (Kind.RECONSENT_REQUIRED, Reason.NEW_ATTENDEE),
    ]
    state = run(*recording, Event(Kind.ARRIVED, attendee=FATHER), *asked_and_agreed(FATHER))
    assert not state.reconsent_required
    with pytest.raises(EventRefused, match="cannot resume the recording while they are here"):
        plan(state, Event(Kind.RECORDING_RESUMED), ROSTER)


def test_without_a_plan_nothing_changes() -> None:
    plain = Roster(ROSTER.attendees, ROSTER.items, "Dana")
    state = State()
    for event in FIRST_PART:
        state = apply(state, event, plain)
    assert apply(state, Event(Kind.RECORDING_STARTED), plain).recording is Recording.ON


def test_through_the_services_and_the_screen(world: World) -> None:
    allowed_in_parts(world)
    act(world, Kind.ARRIVED, "Priya Shah")
    act(world, Kind.MEETING_STARTED)
    part(world, "first_here")
    event_log.ask_everyone(world.meeting, world.users["chair"])
    act(world, Kind.CONSENT_GIVEN, "Priya Shah")
    act(world, Kind.CONSENT_GIVEN, "Marcus Reid")
    client = world.client_for("chair")
    before = MeetingEvent.objects.count()
    response = client.post(reverse("meeting_act", args=[world.meeting.pk]), {"action": "record"})
    assert response.status_code == 400
    assert "Marcus Reid did not want it recorded" in response.content.decode()
    assert MeetingEvent.objects.count() == before
    part(world, "first_left")
    part(world, "second_here")
    event_log.ask_everyone(world.meeting, world.users["chair"])
    act(world, Kind.CONSENT_GIVEN, "Priya Shah")
    act(world, Kind.CONSENT_GIVEN, "Dana Whitfield")
    assert act(world, Kind.RECORDING_STARTED) == ["recording_started"]
    # Marcus walks back in: the recording pauses, and it is minuted.
    assert act(world, Kind.ARRIVED, "Marcus Reid")[:2] == ["arrived", "recording_paused"]
    paused = MeetingEvent.objects.filter(kind="recording_paused").get()
    assert paused.reason == Reason.SPLIT_ATTENDANCE.value
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    assert "the parent who does not want it recorded is here" in page
