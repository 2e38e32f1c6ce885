"""A request to record made during the meeting (Hertfordshire 2.11): the chair notes it on the
screen; in one transaction the log notes it, the recording pauses, everyone present must be
asked again, and a request made during the meeting enters the request workflow to be decided
(Leeds c). Once decided and allowed, the requester may record after the consent round. Bad
input and out-of-order requests are refused and write nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.meetings import event_log, late_requests
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import EventRefused, Kind
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import RecordingRequest, TimelineEntry
from tests.meetings.rules import room_under
from tests.meetings.test_meeting_mode import PRESENT, act, attendee, ready_to_record
from tests.support.personas import World


def asked(world: World, who: str = "Marcus Reid", **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "attendee": attendee(world, who).pk,
        "medium": "audio",
        "purposes": ["memory_aid"],
        "purpose_details": "So I can listen again later.",
    }
    fields.update(overrides)
    return late_requests.late_request(world.meeting, world.users["chair"], **fields)


def written() -> tuple[int, int, int, int]:
    return (
        MeetingEvent.objects.count(),
        RecordingRequest.objects.count(),
        TimelineEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_request_stops_the_recording_and_enters_the_workflow(world: World) -> None:
    ready_to_record(world)
    room_under(world, "hertfordshire")  # 2.11: the meeting is stopped and everyone asked
    act(world, Kind.ARRIVED, "Marcus Reid")
    event_log.ask_everyone(world.meeting, world.users["chair"])
    for name in [*PRESENT, "Marcus Reid"]:
        act(world, Kind.CONSENT_GIVEN, name)
    act(world, Kind.RECORDING_STARTED)
    made, rows = asked(world)
    assert [r.kind for r in rows] == ["late_request", "recording_paused", "reconsent_required"]
    assert rows[1].reason == "late_request"
    assert rows[0].detail["request"] == str(made.pk)
    assert made.requester.full_name == "Marcus Reid"
    assert made.timing == RecordingRequest.Timing.MID_MEETING
    assert made.channel == RecordingRequest.Channel.STAFF
    assert made.entered_by == world.users["chair"]
    assert made.status == RecordingRequest.Status.GATHERING_VIEWS
    assert made.purpose_details == "So I can listen again later."
    state, _ = event_log.snapshot(world.meeting)
    assert state.reconsent_required
    with pytest.raises(EventRefused, match="ask everyone present again"):
        act(world, Kind.RECORDING_RESUMED)
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(
        meeting=world.meeting, summary__contains="to record during the meeting at"
    )
    assert "stopped and everyone present was asked again (Hertfordshire County Council, 2.11)" in (
        minute.body
    )
    assert "The request was recorded for everyone present (each must agree)" in minute.body


def test_once_allowed_the_requester_records_after_everyone_is_asked(world: World) -> None:
    room_under(world, "hertfordshire")
    act(world, Kind.MEETING_STARTED)
    for name in ["Priya Shah", "Dana Whitfield"]:
        act(world, Kind.ARRIVED, name)
    made, _ = asked(world, "Dana Whitfield")
    with pytest.raises(EventRefused, match="Nobody has been allowed to record"):
        act(world, Kind.RECORDING_STARTED)  # not decided yet
    engine = policy_decision(made)
    record_decision(made, world.users["chair"], outcome="allowed", reason="Agreed in the room.",
                    engine={**engine, "outcome": "allowed"})  # fmt: skip
    with pytest.raises(EventRefused, match="ask everyone present again"):
        act(world, Kind.RECORDING_STARTED)
    event_log.ask_everyone(world.meeting, world.users["chair"])
    for name in ["Priya Shah", "Dana Whitfield"]:
        act(world, Kind.CONSENT_GIVEN, name)
    assert act(world, Kind.RECORDING_STARTED) == ["recording_started"]
    started = MeetingEvent.objects.get(meeting=world.meeting, kind="recording_started")
    assert started.detail["recorder"] == "Dana Whitfield"


@pytest.mark.parametrize(
    ("setup", "who", "overrides", "message"),
    [
        ("none", "Marcus Reid", {}, "has not started"),
        ("started", "Marcus Reid", {}, "Marcus Reid is not here"),
        ("here", "Amira Hassan", {}, "Requests to record are made by the family"),
        ("here", "Marcus Reid", {"medium": "hologram"}, "Choose how they want to record"),
        ("here", "Marcus Reid", {"purposes": []}, "Choose at least one reason"),
        ("here", "Marcus Reid", {"purposes": ["fun"]}, "Choose at least one reason"),
        ("here", "Marcus Reid", {"purpose_details": "x" * 1001}, "1000 characters"),
        ("here", "Marcus Reid", {"attendee": None}, "Say who this is about"),
        ("ended", "Marcus Reid", {}, "has ended"),
    ],
)
def test_refused_requests_write_nothing(
    world: World, setup: str, who: str, overrides: dict[str, Any], message: str
) -> None:
    if setup != "none":
        act(world, Kind.MEETING_STARTED)
    if setup == "here":
        act(world, Kind.ARRIVED, "Marcus Reid")
        act(world, Kind.ARRIVED, "Amira Hassan")
    if setup == "ended":
        act(world, Kind.MEETING_ENDED)
    before = written()
    with pytest.raises(EventRefused, match=message):
        asked(world, who, **overrides)
    assert written() == before


def test_a_second_open_request_is_refused(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.ARRIVED, "Marcus Reid")
    asked(world)
    before = written()
    with pytest.raises(EventRefused, match="already asked to record"):
        asked(world)
    assert written() == before


def test_the_screen_notes_it_and_links_to_the_request(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.ARRIVED, "Marcus Reid")
    client = world.client_for("chair")
    url = reverse("meeting_late_request", args=[world.meeting.pk])
    who = str(attendee(world, "Marcus Reid").pk)
    refused = client.post(url, {"attendee": who, "medium": "audio"})
    assert refused.status_code == 400
    assert "Choose at least one reason" in refused.content.decode()
    assert not RecordingRequest.objects.exists()
    response = client.post(url, {"attendee": who, "medium": "video", "purposes": ["court"]})
    assert response.status_code == 302
    made = RecordingRequest.objects.get()
    assert made.medium == "video"
    assert made.purposes == ["court"]
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    assert "Requests made during this meeting" in page
    assert reverse("request_detail", args=[made.pk]) in page
    # Hackney's guidance (the demo council's): everyone is told, citing §4 only.
    assert "Tell them the meeting is being recorded" in page
    assert "London Borough of Hackney, 4 Expectations" in page


@pytest.mark.parametrize(
    ("persona", "status"), [("social_worker", 302), ("mother", 403), ("outsider", 404)]
)
def test_who_may_note_a_request(world: World, persona: str, status: int) -> None:
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.ARRIVED, "Marcus Reid")
    response = world.client_for(persona).post(
        reverse("meeting_late_request", args=[world.meeting.pk]),
        {"attendee": str(attendee(world, "Marcus Reid").pk), "medium": "audio",
         "purposes": ["memory_aid"]},
    )  # fmt: skip
    assert response.status_code == status
    assert RecordingRequest.objects.exists() is (status == 302)
