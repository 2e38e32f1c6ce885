"""Incidents found in the meeting, in the pure state machine (no Django): what the chair did
becomes events in order (the friend leaves; the recording stops; the meeting ends), checked as a
whole, and anything that cannot happen now is refused with nothing planned."""

from __future__ import annotations

import pytest

from onrecord.meetings.state import (
    ASKED_TO_LEAVE,
    Event,
    EventRefused,
    Kind,
    Reason,
    Roster,
    State,
    apply,
    plan,
    plan_incident,
)

CHAIR, MOTHER, FRIEND = 1, 2, 3
ROSTER = Roster(
    attendees={CHAIR: "Priya", MOTHER: "Dana", FRIEND: "Kerry"}, items={}, recorder="Dana"
)


def run(*events: Event) -> State:
    state = State()
    for event in events:
        for planned in plan(state, event, ROSTER):
            state = apply(state, planned, ROSTER)
    return state


RECORDING = [
    Event(Kind.ARRIVED, attendee=CHAIR),
    Event(Kind.ARRIVED, attendee=MOTHER),
    Event(Kind.ARRIVED, attendee=FRIEND),
    Event(Kind.MEETING_STARTED),
    *[Event(Kind.CONSENT_ASKED, attendee=a) for a in (CHAIR, MOTHER, FRIEND)],
    *[Event(Kind.CONSENT_GIVEN, attendee=a) for a in (CHAIR, MOTHER, FRIEND)],
    Event(Kind.RECORDING_STARTED),
]


def kinds(events: list[Event]) -> list[tuple[Kind, Reason | None]]:
    return [(e.kind, e.reason) for e in events]


def test_a_friend_asked_to_leave_leaves_and_the_allowed_recording_goes_on() -> None:
    events = plan_incident(
        run(*RECORDING), Event(Kind.FRIEND_RECORDING, attendee=FRIEND), ROSTER, leaves=True
    )
    assert kinds(events) == [(Kind.FRIEND_RECORDING, None), (Kind.LEFT, None)]
    assert events[1].note == ASKED_TO_LEAVE


def test_misuse_can_stop_the_recording_or_end_the_meeting() -> None:
    misuse = Event(Kind.RECORDING_MISUSED, note="unknown")
    assert kinds(plan_incident(run(*RECORDING), misuse, ROSTER, stop=True)) == [
        (Kind.RECORDING_MISUSED, None),
        (Kind.RECORDING_STOPPED, Reason.RECORDING_MISUSED),
    ]
    assert kinds(plan_incident(run(*RECORDING), misuse, ROSTER, end=True)) == [
        (Kind.RECORDING_MISUSED, None),
        (Kind.RECORDING_STOPPED, Reason.RECORDING_MISUSED),
        (Kind.MEETING_ENDED, Reason.RECORDING_MISUSED),
    ]
    not_recording = run(Event(Kind.MEETING_STARTED))
    assert kinds(plan_incident(not_recording, misuse, ROSTER, stop=True)) == [
        (Kind.RECORDING_MISUSED, None)
    ]


@pytest.mark.parametrize(
    ("before", "event", "options", "message"),
    [
        ([], Event(Kind.FRIEND_RECORDING), {}, "Say who was recording"),
        ([], Event(Kind.RECORDING_MISUSED), {}, "Say who made or shared the recording"),
        ([], Event(Kind.FRIEND_RECORDING, attendee=99), {}, "not on this meeting's attendee"),
        ([], Event(Kind.RECORDING_MISUSED, note="x"), {"end": True}, "has not started"),
        (
            [Event(Kind.MEETING_STARTED), Event(Kind.MEETING_ENDED)],
            Event(Kind.FRIEND_RECORDING, note="x"),
            {},
            "has ended",
        ),
    ],
)
def test_refused_when_it_cannot_happen_now(
    before: list[Event], event: Event, options: dict[str, bool], message: str
) -> None:
    with pytest.raises(EventRefused, match=message):
        plan_incident(run(*before), event, ROSTER, **options)


def test_a_friend_not_in_the_room_is_simply_noted() -> None:
    events = plan_incident(
        run(Event(Kind.MEETING_STARTED)),
        Event(Kind.FRIEND_RECORDING, attendee=FRIEND),
        ROSTER,
        leaves=True,
    )
    assert kinds(events) == [(Kind.FRIEND_RECORDING, None)]
