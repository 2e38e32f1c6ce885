"""The meeting log's state machine alone (no Django): every out-of-order action is refused
with a specific message, and what an action leads to under a council's rules for the room (a
made-up council's here, tests/meetings/rules.py; the four real ones in
test_rules_per_authority.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.meetings.log_summary import summarise_log
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
    replay,
)
from tests.meetings.rules import made_up_rules

CHAIR, MOTHER, NURSE, POLICE = 1, 2, 3, 4
INTRO, HEALTH, PLAN = 10, 11, 12
ROSTER = Roster(
    attendees={CHAIR: "Priya", MOTHER: "Dana", NURSE: "Amira", POLICE: "Dan"},
    items={INTRO: None, HEALTH: Reason.SENSITIVE_ITEM, PLAN: None},
    recorder="Dana",
    rules=made_up_rules(),
)


def run(*events: Event, roster: Roster = ROSTER) -> State:
    """Plan and apply each action in turn, as the service does."""
    state = State()
    for event in events:
        for planned in plan(state, event, roster):
            state = apply(state, planned, roster)
    return state


def e(kind: Kind, attendee: int | None = None, item: int | None = None, **kw: Reason) -> Event:
    return Event(kind, attendee=attendee, item=item, reason=kw.get("reason"))


START = e(Kind.MEETING_STARTED)
HERE = [e(Kind.ARRIVED, a) for a in (CHAIR, MOTHER, NURSE)]
ASKED = [e(Kind.CONSENT_ASKED, a) for a in (CHAIR, MOTHER, NURSE)]
AGREED = [e(Kind.CONSENT_GIVEN, a) for a in (CHAIR, MOTHER, NURSE)]
READY = [*HERE, START, *ASKED, *AGREED]
RECORDING = [*READY, e(Kind.RECORDING_STARTED)]


def refused(events: list[Event], then: Event, message: str, roster: Roster = ROSTER) -> None:
    state = run(*events, roster=roster)
    with pytest.raises(EventRefused, match=message):
        plan(state, then, roster)


@pytest.mark.parametrize(
    ("before", "then", "message"),
    [
        ([], e(Kind.RECORDING_STARTED), "The meeting has not started"),
        ([], e(Kind.MEETING_ENDED), "has not started, so it cannot end"),
        ([START], START, "already started"),
        ([START, e(Kind.MEETING_ENDED)], e(Kind.MEETING_ENDED), "already ended"),
        ([START, e(Kind.MEETING_ENDED)], e(Kind.ARRIVED, MOTHER), "The meeting has ended"),
        ([START, e(Kind.MEETING_ENDED)], START, "The meeting has ended"),
        ([START], e(Kind.RECORDING_PAUSED, reason=Reason.CHAIR_DECISION), "not running"),
        (READY, e(Kind.RECORDING_RESUMED), "has not started, so it cannot be resumed"),
        (RECORDING, e(Kind.RECORDING_RESUMED), "running, not paused"),
        (READY, e(Kind.RECORDING_STOPPED), "not running, so it cannot be stopped"),
        (RECORDING, e(Kind.RECORDING_STARTED), "already running"),
        (
            [*RECORDING, e(Kind.RECORDING_PAUSED, reason=Reason.CHAIR_DECISION)],
            e(Kind.RECORDING_PAUSED, reason=Reason.CHAIR_DECISION),
            "already paused",
        ),
        (
            [*RECORDING, e(Kind.RECORDING_PAUSED, reason=Reason.CHAIR_DECISION)],
            e(Kind.RECORDING_STARTED),
            "resume it rather than start",
        ),
        (RECORDING, e(Kind.RECORDING_PAUSED), "Say why"),
        ([], e(Kind.ARRIVED, 99), "not on this meeting's attendee list"),
        ([], e(Kind.ARRIVED), "Say who"),
        (HERE, e(Kind.ARRIVED, MOTHER), "Dana is already here"),
        ([], e(Kind.LEFT, MOTHER), "Dana is not here, so cannot leave"),
        ([], e(Kind.CONSENT_ASKED, MOTHER), "Dana is not here"),
        (HERE, e(Kind.CONSENT_GIVEN, MOTHER), "Dana has not been asked yet"),
        ([*HERE, START], e(Kind.RECORDING_STARTED), "waiting for Priya, Dana, Amira"),
        ([*HERE, START, *ASKED], e(Kind.RECORDING_STARTED), "waiting for"),
        ([START], e(Kind.ITEM_STARTED, item=99), "not an item on this meeting's agenda"),
        ([START, e(Kind.ITEM_STARTED, item=INTRO)], e(Kind.ITEM_STARTED, item=INTRO), "already"),
        ([], e(Kind.ITEM_STARTED, item=INTRO), "has not started"),
        ([*HERE], e(Kind.LATE_REQUEST, MOTHER), "has not started"),
        ([START], e(Kind.LATE_REQUEST, MOTHER), "Dana is not here"),
        (
            [*READY, e(Kind.ITEM_STARTED, item=HEALTH)],
            e(Kind.RECORDING_STARTED),
            "may not be recorded \\(a sensitive item",
        ),
    ],
)
def test_out_of_order_is_refused(before: list[Event], then: Event, message: str) -> None:
    refused(before, then, message)


def test_nobody_allowed_to_record() -> None:
    roster = Roster(attendees=ROSTER.attendees, items=ROSTER.items, recorder=None)
    refused(READY, e(Kind.RECORDING_STARTED), "Nobody has been allowed", roster)


def test_hertfordshire_needs_everyone_to_agree_but_others_note_the_objection() -> None:
    objecting = [*HERE, START, *ASKED, *AGREED[:2], e(Kind.CONSENT_REFUSED, NURSE)]
    herts = Roster(
        ROSTER.attendees, ROSTER.items, "Dana", unanimous_consent=True, rules=ROSTER.rules
    )
    refused(objecting, e(Kind.RECORDING_STARTED), "Not everyone present agrees \\(Amira\\)", herts)
    assert run(*objecting, e(Kind.RECORDING_STARTED)).recording is Recording.ON


def test_a_new_attendee_pauses_the_recording_and_asks_everyone_again() -> None:
    state = run(*RECORDING)
    events = plan(state, e(Kind.ARRIVED, POLICE), ROSTER)
    assert [x.kind for x in events] == [
        Kind.ARRIVED,
        Kind.RECORDING_PAUSED,
        Kind.RECONSENT_REQUIRED,
    ]
    assert events[1].reason is Reason.NEW_ATTENDEE
    state = run(*RECORDING, e(Kind.ARRIVED, POLICE))
    assert state.reconsent_required
    with pytest.raises(EventRefused, match="stop and ask everyone present again"):
        plan(state, e(Kind.RECORDING_RESUMED), ROSTER)
    everyone = [CHAIR, MOTHER, NURSE, POLICE]
    state = run(
        *RECORDING,
        e(Kind.ARRIVED, POLICE),
        *[e(Kind.CONSENT_ASKED, a) for a in everyone],
        *[e(Kind.CONSENT_GIVEN, a) for a in everyone[:3]],
    )
    assert state.reconsent_required
    assert state.waiting_for() == [POLICE]
    state = apply(state, e(Kind.CONSENT_GIVEN, POLICE), ROSTER)
    assert not state.reconsent_required
    assert apply(state, e(Kind.RECORDING_RESUMED), ROSTER).recording is Recording.ON


def test_arrivals_before_the_consent_round_ask_nothing_again() -> None:
    assert plan(run(START), e(Kind.ARRIVED, MOTHER), ROSTER) == [e(Kind.ARRIVED, MOTHER)]


def test_a_late_request_stops_and_asks_again() -> None:
    events = plan(run(*RECORDING), e(Kind.LATE_REQUEST, NURSE), ROSTER)
    assert [x.kind for x in events] == [
        Kind.LATE_REQUEST,
        Kind.RECORDING_PAUSED,
        Kind.RECONSENT_REQUIRED,
    ]
    assert events[1].reason is Reason.LATE_REQUEST


def test_a_sensitive_item_pauses_and_the_next_item_allows_resuming() -> None:
    events = plan(run(*RECORDING), e(Kind.ITEM_STARTED, item=HEALTH), ROSTER)
    assert [(x.kind, x.reason) for x in events] == [
        (Kind.ITEM_STARTED, None),
        (Kind.RECORDING_PAUSED, Reason.SENSITIVE_ITEM),
    ]
    state = run(*RECORDING, e(Kind.ITEM_STARTED, item=HEALTH))
    with pytest.raises(EventRefused, match="move to the next item before you resume"):
        plan(state, e(Kind.RECORDING_RESUMED), ROSTER)
    state = run(*RECORDING, e(Kind.ITEM_STARTED, item=HEALTH), e(Kind.ITEM_STARTED, item=PLAN))
    assert state.recording is Recording.PAUSED  # the chair resumes, and it is minuted
    assert (
        run(
            *RECORDING,
            e(Kind.ITEM_STARTED, item=HEALTH),
            e(Kind.ITEM_STARTED, item=PLAN),
            e(Kind.RECORDING_RESUMED),
        ).recording
        is Recording.ON
    )


def test_withdrawing_consent_pauses() -> None:
    events = plan(run(*RECORDING), e(Kind.CONSENT_REFUSED, NURSE), ROSTER)
    assert events[-1] == e(Kind.RECORDING_PAUSED, reason=Reason.CONSENT_CHANGED)


def test_ending_the_meeting_stops_the_recording_first() -> None:
    events = plan(run(*RECORDING), e(Kind.MEETING_ENDED), ROSTER)
    assert [x.kind for x in events] == [Kind.RECORDING_STOPPED, Kind.MEETING_ENDED]
    with pytest.raises(EventRefused, match="Stop the recording before"):
        apply(run(*RECORDING), e(Kind.MEETING_ENDED), ROSTER)


def test_someone_who_leaves_and_returns_is_asked_again() -> None:
    state = run(*READY, e(Kind.LEFT, NURSE), e(Kind.ARRIVED, NURSE))
    assert state.waiting_for() == [NURSE]


def test_replay_rebuilds_the_same_state() -> None:
    events: list[Event] = []
    state = State()
    for action in [*RECORDING, e(Kind.ITEM_STARTED, item=HEALTH), e(Kind.ARRIVED, POLICE)]:
        for planned in plan(state, action, ROSTER):
            events.append(planned)
            state = apply(state, planned, ROSTER)
    assert replay(events, ROSTER) == state


def test_minutes_say_who_recorded_pauses_and_new_attendees() -> None:
    t0 = dt.datetime(2026, 12, 1, 10, 0)
    log: list[tuple[dt.datetime, Event]] = []
    state = State()
    actions = [
        *RECORDING,
        e(Kind.ITEM_STARTED, item=HEALTH),
        e(Kind.ITEM_STARTED, item=PLAN),
        e(Kind.RECORDING_RESUMED),
        e(Kind.ARRIVED, POLICE),
        e(Kind.CONSENT_ASKED, POLICE),
        e(Kind.CONSENT_REFUSED, POLICE),
        e(Kind.MEETING_ENDED),
    ]
    for minute, action in enumerate(actions):
        for planned in plan(state, action, ROSTER):
            state = apply(state, planned, ROSTER)
            log.append((t0 + dt.timedelta(minutes=minute), planned))
    titles = {HEALTH: "2. Health", PLAN: "3. Plan", INTRO: "1. Intro"}
    out = summarise_log(log, ROSTER, titles, ["Dana asked to record: allowed."])
    summaries = [m.summary for m in out]
    assert summaries[0] == "Meeting held from 10:03 to 10:17"
    assert "The meeting was recorded by Dana" in summaries
    recorded = next(m for m in out if m.summary.startswith("The meeting was recorded"))
    assert (
        recorded.body == "Dana asked to record: allowed.\nRecorded 10:10 to 10:11; 10:13 to 10:14."
    )
    assert "Recording paused at 10:11: a sensitive item (Testshire Council, 9.9)" in summaries
    pause = next(m for m in out if m.summary.startswith("Recording paused at 10:11"))
    assert (
        pause.body
        == "Paused during item 2. Health because of a sensitive item (Testshire Council, 9.9); "
        "resumed at 10:13."
    )
    assert "New attendee: Dan joined at 10:14" in summaries
    assert "Consent to recording: not everyone agreed (Dan)" in summaries
    assert summarise_log([], ROSTER, titles) == []
