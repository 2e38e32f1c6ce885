"""A friend recording against the parents' wishes (Leeds, parents who disagree; Brent) and a
recording published or used for another purpose (Hackney 4; Leeds f; Brent), raised from the
chair's screen: the log, what the chair did (the friend leaves, the recording stops, the meeting
ends), the incident with the follow-up tasks the seeds require, and the minutes, all in one
transaction; anything refused writes nothing; only the chair and allocated staff may raise them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Attendee, Person
from onrecord.incidents.models import Incident
from onrecord.incidents.services import IncidentError
from onrecord.meetings import event_log, in_meeting_incidents
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import EventRefused, Kind
from onrecord.recording_requests.models import TimelineEntry
from tests.meetings.test_covert_and_split import counts
from tests.meetings.test_meeting_mode import act, attendee, ready_to_record
from tests.support.personas import World


def friend_on_the_list(world: World, name: str = "Kerry Lowe") -> Attendee:
    person = Person.objects.create(
        case=world.case, full_name=name, kind=Person.Kind.FRIEND, relationship="Dana's friend"
    )
    return Attendee.objects.create(meeting=world.meeting, person=person, role="Supporter")


def raise_it(world: World, kind: str, **overrides: Any) -> tuple[Incident, list[MeetingEvent]]:
    fields: dict[str, Any] = {
        "kind": kind,
        "attendee": None,
        "who": "",
        "discovered_by": "Amira Hassan",
        "description": "Holding a phone up, recording.",
        "chair_action": "asked_to_stop",
        "where_found": "",
    }
    fields.update(overrides)
    return in_meeting_incidents.incident_found(world.meeting, world.users["chair"], **fields)


def test_a_friend_who_will_not_stop_is_asked_to_leave(world: World) -> None:
    friend = friend_on_the_list(world)
    ready_to_record(world)
    act(world, Kind.ARRIVED, "Kerry Lowe")  # after the consent round: stop and ask again
    event_log.ask_everyone(world.meeting, world.users["chair"])
    incident, written = raise_it(
        world, "friend_recording", attendee=friend.pk, chair_action="asked_to_leave"
    )
    assert [r.kind for r in written] == ["friend_recording", "left"]
    assert written[0].detail["chair_action"].startswith("halted the meeting and asked them")
    assert written[1].attendee == friend
    state, _ = event_log.snapshot(world.meeting)
    assert friend.pk not in state.present
    assert incident.kind == "friend_recording"
    assert incident.chair_action == Incident.ChairAction.ASKED_TO_LEAVE
    assert incident.meeting == world.meeting
    assert "Kerry Lowe, who does not hold parental responsibility" in incident.description
    tasks = {t.code: t for t in incident.tasks.all()}
    assert set(tasks) == {"inform_chair", "consider_risk_of_harm", "seek_legal_advice_friend"}
    # The demo council follows Hackney's guidance, which requires neither: each task says
    # so, in words, and names no other council or file.
    for task in tasks.values():
        assert task.source == (
            "Good practice from other councils' guidance; not in London Borough of Hackney's policy"
        )
    assert tasks["consider_risk_of_harm"].owner == world.users["chair"]
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(
        meeting=world.meeting, summary__contains="Recording against the parents' wishes at"
    )
    assert "they were asked to leave; they left at" in minute.body


def test_a_friend_asked_to_stop_stays(world: World) -> None:
    friend = friend_on_the_list(world)
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.ARRIVED, "Kerry Lowe")
    _, written = raise_it(world, "friend_recording", attendee=friend.pk)
    assert [r.kind for r in written] == ["friend_recording"]
    state, _ = event_log.snapshot(world.meeting)
    assert friend.pk in state.present
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(
        meeting=world.meeting, summary__contains="Recording against the parents' wishes at"
    )
    assert "They were asked to stop." in minute.body


def test_publication_found_in_the_meeting_stops_the_recording(world: World) -> None:
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    incident, written = raise_it(
        world,
        "publication",
        attendee=attendee(world, "Dana Whitfield").pk,
        where_found="A public Facebook group",
        description="The nurse saw last month's review posted online.",
    )
    assert [r.kind for r in written] == ["recording_misused", "recording_stopped"]
    assert written[1].reason == "recording_misused"
    assert written[0].detail["where"] == "A public Facebook group"
    assert written[0].detail["incident_kind"] == "Recording published online"
    assert incident.kind == "publication"
    assert incident.where_found == "A public Facebook group"
    assert "found published: A public Facebook group" in incident.description
    codes = set(incident.tasks.values_list("code", flat=True))
    assert {"assess_harm", "seek_legal_advice", "seek_removal"} <= codes
    state, _ = event_log.snapshot(world.meeting)
    assert state.recording == "off"
    assert not state.ended
    with pytest.raises(EventRefused, match="has not started, so it cannot be resumed"):
        act(world, Kind.RECORDING_RESUMED)
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(
        meeting=world.meeting, summary__contains="used for another purpose, raised at"
    )
    assert "The chair stopped the recording at" in minute.body
    assert "Legal advice is sought" in minute.body
    assert "(London Borough of Hackney, 4 Expectations)" in minute.body
    assert "Leeds" not in minute.body


def test_other_purpose_noted_and_the_meeting_ended(world: World) -> None:
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    incident, written = raise_it(
        world,
        "other_purpose",
        who="Dana's brother",
        where_found="Sent to the father's employer",
        chair_action="ended_meeting",
    )
    assert [r.kind for r in written] == ["recording_misused", "recording_stopped", "meeting_ended"]
    assert written[-1].reason == "recording_misused"
    assert incident.kind == "other_purpose"
    assert "seek_removal" not in set(incident.tasks.values_list("code", flat=True))
    assert event_log.snapshot(world.meeting)[0].ended


def test_noted_for_follow_up_changes_nothing_in_the_room(world: World) -> None:
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    _, written = raise_it(world, "publication", who="unknown", where_found="YouTube",
                          chair_action="none")  # fmt: skip
    assert [r.kind for r in written] == ["recording_misused"]
    assert event_log.snapshot(world.meeting)[0].recording == "on"


@pytest.mark.parametrize(
    ("kind", "overrides", "error", "message"),
    [
        ("nonsense", {}, IncidentError, "Choose what happened"),
        ("friend_recording", {"who": "Kerry", "chair_action": "ended_meeting"}, IncidentError,
         "Say what you did: asked them to stop recording, or halted the meeting"),
        ("friend_recording", {}, EventRefused, "Say who was recording"),
        ("friend_recording", {"attendee": "Marcus Reid"}, IncidentError,
         "Marcus Reid is a parent with parental responsibility"),
        ("publication", {"who": "x"}, IncidentError, "Say where it was published"),
        ("other_purpose", {"who": "x"}, IncidentError, "Say what the recording was used for"),
        ("publication", {"where_found": "web"}, EventRefused, "Say who made or shared"),
        ("publication", {"who": "x", "where_found": "w" * 501}, IncidentError, "at most 500"),
        ("publication", {"who": "x", "where_found": "w", "chair_action": "asked_to_leave"},
         IncidentError, "Say what you did"),
        ("publication", {"who": "x", "where_found": "w", "discovered_by": " "}, IncidentError,
         "Say who noticed"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_nothing_is_written(
    world: World, kind: str, overrides: dict[str, Any], error: type[Exception], message: str
) -> None:
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    if overrides.get("attendee"):
        overrides["attendee"] = attendee(world, overrides["attendee"]).pk
    before = counts()
    with pytest.raises(error, match=message):
        raise_it(world, kind, **overrides)
    assert counts() == before
    assert event_log.snapshot(world.meeting)[0].recording == "on"


def test_after_the_meeting_ends_use_the_incident_register(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.MEETING_ENDED)
    before = counts()
    with pytest.raises(EventRefused, match="has ended"):
        raise_it(world, "publication", who="x", where_found="web")
    assert counts() == before


FRIEND_POST = {
    "who": "Kerry Lowe, Dana's friend",
    "discovered_by": "Tom Bennett",
    "description": "Recording on a tablet; the parents said no.",
    "chair_action": "asked_to_stop",
}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 302),
        ("social_worker", 302),
        ("legal", 302),
        ("mother", 403),
        ("nurse", 403),
        ("outsider", 404),
        ("other_authority", 404),
        ("other_family", 404),
        ("admin", 404),
    ],
)
def test_who_may_raise_them_from_the_screen(world: World, persona: str, status: int) -> None:
    act(world, Kind.MEETING_STARTED)
    client = world.client_for(persona)
    friend = client.post(reverse("meeting_friend_recording", args=[world.meeting.pk]), FRIEND_POST)
    misuse = client.post(
        reverse("meeting_recording_misused", args=[world.meeting.pk]),
        {**FRIEND_POST, "kind": "publication", "where_found": "TikTok", "chair_action": "none"},
    )
    assert (friend.status_code, misuse.status_code) == (status, status)
    assert Incident.objects.count() == (2 if status == 302 else 0)
    if status == 302:
        kinds = set(Incident.objects.values_list("kind", flat=True))
        assert kinds == {"friend_recording", "publication"}
        # The chair stays in the meeting (issue 17).
        assert friend["Location"] == reverse("meeting_mode", args=[world.meeting.pk])
    else:
        refusal = AuditEvent.objects.filter(action="access_denied").order_by("-seq").first()
        assert refusal is not None
        assert refusal.object_id == str(world.meeting.pk)


def test_the_screen_keeps_what_was_typed_when_refused(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    client = world.client_for("chair")
    url = reverse("meeting_recording_misused", args=[world.meeting.pk])
    response = client.post(url, {**FRIEND_POST, "chair_action": "none"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say whether it was published online or used for another purpose." in page
    assert 'id="recording-misused" open' in page
    assert "Recording on a tablet; the parents said no." in page
    response = client.post(url, {**FRIEND_POST, "kind": "publication", "chair_action": "none"})
    assert "Say where it was published" in response.content.decode()
    assert not Incident.objects.exists()
    assert client.get(url).status_code == 405
