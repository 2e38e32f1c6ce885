"""A parent whose request to record was refused says they will record anyway, or will not
stop (Leeds, 001_faf809ee2c83eecf.txt, "What should practitioners do if they believe that if
the meeting is recorded and / or the recording published the child would be placed at risk of
further harm": "the chair could decide to exclude a parent who insists on recording a meeting"
where the local authority holds parental responsibility; "Alternatively the chair could suspend
the meeting and offer to hold a restorative meeting"; "In all cases the decision should be
minuted"). The chair's decision is logged (each row audited), put on the case timeline at once,
minuted, and reaches the engine as `requester_will_not_stop`; anything refused writes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from onrecord import policy
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Child
from onrecord.meetings import event_log
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.parent_insists import parent_insists
from onrecord.meetings.state import (
    Event,
    EventRefused,
    Insisted,
    Kind,
    Roster,
    plan_parent_insists,
    replay,
)
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import RecordingRequest, TimelineEntry
from onrecord.recording_requests.record_facts import gather
from tests.browser.journeys import jade_agrees, requested
from tests.meetings.rules import room_under
from tests.meetings.test_meeting_mode import PRESENT, act, attendee
from tests.support.personas import World

LEEDS_HARM = "What should practitioners do if they believe that the child would be placed"


def refused(world: World) -> RecordingRequest:
    made = requested(world)
    jade_agrees(world, made)
    record_decision(
        made,
        world.users["chair"],
        outcome="refused",
        reason="Not in Jade's best interests.",
        engine=policy_decision(made),
    )
    made.refresh_from_db()
    return made


def in_the_meeting(world: World, *, care_order: bool = True, profile: str = "leeds") -> None:
    room_under(world, "leeds")  # refused under Leeds, where the chair decides
    if care_order:
        Child.objects.filter(case=world.case).update(court_order=Child.CourtOrder.CARE_ORDER)
    refused(world)
    room_under(world, profile)  # the room follows the authority's profile at each action
    for name in PRESENT:
        act(world, Kind.ARRIVED, name)
    act(world, Kind.MEETING_STARTED)


def insisted_entry(world: World) -> TimelineEntry:
    return TimelineEntry.objects.get(
        meeting=world.meeting, kind=TimelineEntry.Kind.DECISION, summary__contains="insisted"
    )


def dana(world: World) -> int:
    return attendee(world, "Dana Whitfield").pk


def test_excluded_where_the_local_authority_holds_pr(world: World) -> None:
    in_the_meeting(world)
    audited = AuditEvent.objects.count()
    written = parent_insists(
        world.meeting, world.users["chair"], attendee=dana(world), did="excluded"
    )
    assert [r.kind for r in written] == ["parent_insists", "left"]
    assert written[1].detail["note"].startswith("excluded because they insisted")
    state, _ = event_log.snapshot(world.meeting)
    assert dana(world) not in state.present
    assert not state.ended  # the meeting goes ahead
    # Each row audited, in the same transaction.
    assert AuditEvent.objects.count() >= audited + 2
    entry = insisted_entry(world)
    assert "Dana Whitfield insisted on recording after being refused" in entry.summary
    assert "excluded them from the meeting" in entry.body
    assert "holds parental responsibility" in entry.body
    assert LEEDS_HARM in entry.body  # the council's own clause
    assert not entry.for_minutes  # the minutes get it from the log when the meeting ends
    act(world, Kind.MEETING_ENDED)
    minutes = TimelineEntry.objects.filter(meeting=world.meeting, kind="minutes")
    assert minutes.filter(summary__contains="insisted on recording").count() == 1


def test_exclusion_is_refused_without_a_care_or_placement_order(world: World) -> None:
    in_the_meeting(world, care_order=False)
    before = MeetingEvent.objects.count(), TimelineEntry.objects.count()
    with pytest.raises(EventRefused, match="only where the local authority holds"):
        parent_insists(world.meeting, world.users["chair"], attendee=dana(world), did="excluded")
    assert (MeetingEvent.objects.count(), TimelineEntry.objects.count()) == before


def test_suspended_the_meeting_does_not_go_ahead(world: World) -> None:
    in_the_meeting(world, care_order=False)
    written = parent_insists(
        world.meeting, world.users["chair"], attendee=dana(world), did="suspended"
    )
    assert [r.kind for r in written] == ["parent_insists", "meeting_ended"]
    assert written[1].reason == "parent_insists"
    state, _ = event_log.snapshot(world.meeting)
    assert state.ended
    entry = insisted_entry(world)
    assert "suspended the meeting and offered a restorative meeting" in entry.body
    # The meeting ended, so its minutes are written too, with the decision.
    assert TimelineEntry.objects.filter(
        meeting=world.meeting, kind="minutes", summary__contains="insisted on recording"
    ).exists()


def test_a_silent_policy_is_logged_and_the_chair_decides(world: World) -> None:
    in_the_meeting(world, care_order=False, profile="hackney")
    written = parent_insists(
        world.meeting, world.users["chair"], attendee=dana(world), did="went_ahead"
    )
    assert [r.kind for r in written] == ["parent_insists", "policy_silent"]
    entry = insisted_entry(world)
    assert "policy does not say what to do when a parent who was refused" in entry.body


@pytest.mark.parametrize(
    ("who", "did", "message"),
    [
        ("Priya Shah", "went_ahead", "has no refused request"),
        ("Dana Whitfield", "", "Say what you did"),
        ("Dana Whitfield", "shouted", "Say what you did"),
    ],
)
def test_refused_and_nothing_written(world: World, who: str, did: str, message: str) -> None:
    in_the_meeting(world)
    before = MeetingEvent.objects.count(), TimelineEntry.objects.count()
    with pytest.raises(EventRefused, match=message):
        parent_insists(
            world.meeting, world.users["chair"], attendee=attendee(world, who).pk, did=did
        )
    assert (MeetingEvent.objects.count(), TimelineEntry.objects.count()) == before


def test_not_here_is_refused(world: World) -> None:
    in_the_meeting(world)
    act(world, Kind.LEFT, "Dana Whitfield")
    with pytest.raises(EventRefused, match="is not here"):
        parent_insists(world.meeting, world.users["chair"], attendee=dana(world), did="suspended")


def test_the_engine_then_cites_ld_la_pr_parent_insists(world: World) -> None:
    """The log's fact reaches the scenario: the requester will not stop, so under Leeds with
    a care order the decision cites the clause about a parent who insists on recording."""
    in_the_meeting(world)
    made = RecordingRequest.objects.get(meeting=world.meeting)
    assert "will_not_stop_ids" not in build_scenario(made, gather(made.meeting)).get(
        "circumstances", {}
    )
    parent_insists(world.meeting, world.users["chair"], attendee=dana(world), did="excluded")
    scenario = build_scenario(made, gather(made.meeting))
    assert scenario["circumstances"]["will_not_stop_ids"] == [str(made.requester_id)]
    decision = policy.decide(policy.load_profile("leeds"), policy.parse_scenario(scenario))
    assert "LD-LA-PR-PARENT-INSISTS" in {a.code for a in decision.actions}


def test_the_chair_logs_it_from_the_screen(world: World) -> None:
    in_the_meeting(world)
    client = world.client_for("chair")
    url = reverse("meeting_mode", args=[world.meeting.pk])
    page = client.get(url).content.decode()
    assert "A parent who was refused says they will record anyway" in page
    assert "Excluded them from the meeting" in page  # offered: a care order is in force
    post = reverse("meeting_parent_insists", args=[world.meeting.pk])
    answer = client.post(post, {"attendee": dana(world), "did": "excluded"})
    assert answer.status_code == 302
    assert MeetingEvent.objects.filter(meeting=world.meeting, kind="parent_insists").exists()
    log = client.get(url).content.decode()
    assert (
        "Said they will record anyway, after being refused: Dana Whitfield: the chair excluded "
        "them from the meeting, which went ahead without them"
    ) in log
    assert ": excluded<" not in log  # the choice's code is not shown
    refused_answer = client.post(post, {"attendee": dana(world), "did": "excluded"})
    assert refused_answer.status_code == 400  # she has left: named on the screen
    assert "is not here" in refused_answer.content.decode()


def test_exclusion_is_not_offered_without_a_care_order(world: World) -> None:
    in_the_meeting(world, care_order=False)
    page = world.client_for("chair").get(reverse("meeting_mode", args=[world.meeting.pk]))
    text = page.content.decode()
    assert "Suspended the meeting and offered a restorative meeting" in text
    assert "Excluded them from the meeting" not in text


@pytest.mark.parametrize("persona", ["mother", "outsider", "other_authority"])
def test_only_the_chair_and_allocated_staff_may_log_it(world: World, persona: str) -> None:
    in_the_meeting(world)
    post = reverse("meeting_parent_insists", args=[world.meeting.pk])
    answer = world.client_for(persona).post(post, {"attendee": dana(world), "did": "excluded"})
    assert answer.status_code in {403, 404}
    assert not MeetingEvent.objects.filter(kind="parent_insists").exists()


def test_the_state_machine_stops_the_recording_before_the_meeting_is_suspended() -> None:
    """Pure rules (meetings/state.py): one parent allowed and recording, the other refused and
    insisting; suspended, the recording stops first and then the meeting ends."""
    roster = Roster(
        attendees={1: "Dana Whitfield", 2: "Marcus Reid"},
        items={},
        recorder="Dana Whitfield",
        refused=frozenset({2}),
        rules=policy.load_profile("leeds").room,
    )
    state = replay(
        [
            Event(Kind.ARRIVED, attendee=1),
            Event(Kind.ARRIVED, attendee=2),
            Event(Kind.MEETING_STARTED),
            Event(Kind.CONSENT_ASKED, attendee=1),
            Event(Kind.CONSENT_ASKED, attendee=2),
            Event(Kind.CONSENT_GIVEN, attendee=1),
            Event(Kind.CONSENT_GIVEN, attendee=2),
            Event(Kind.RECORDING_STARTED),
        ],
        roster,
    )
    events = plan_parent_insists(state, 2, roster, Insisted.SUSPENDED)
    assert [e.kind for e in events] == [
        Kind.PARENT_INSISTS,
        Kind.RECORDING_STOPPED,
        Kind.MEETING_ENDED,
    ]
    with pytest.raises(EventRefused, match="only where the local authority holds"):
        plan_parent_insists(state, 2, roster, Insisted.EXCLUDED)
    with_order = replace(roster, la_holds_pr=True)
    excluded = plan_parent_insists(state, 2, with_order, Insisted.EXCLUDED)
    assert [e.kind for e in excluded] == [Kind.PARENT_INSISTS, Kind.LEFT]
    with pytest.raises(EventRefused, match="has no refused request"):
        plan_parent_insists(state, 1, with_order, Insisted.WENT_AHEAD)
