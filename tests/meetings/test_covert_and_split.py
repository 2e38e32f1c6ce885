"""Covert recording raised from the meeting screen (Hackney 4; Leeds e; Brent) and the meeting
held in parts when the parents disagree (Leeds): one transaction each, nothing half-written
when any part is refused, the minutes mention both, and only the chair and allocated staff may
raise an incident from meeting mode (every persona)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.incidents import services as incident_services
from onrecord.incidents.models import Incident
from onrecord.incidents.services import IncidentError
from onrecord.meetings import attendance, event_log, in_meeting_incidents
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, EventRefused, Kind
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import TimelineEntry
from tests.browser.journeys import jade_agrees, requested
from tests.meetings.test_meeting_mode import act, attendee, ready_to_record
from tests.support.personas import World


def counts() -> tuple[int, int, int, int]:
    return (
        MeetingEvent.objects.count(),
        Incident.objects.count(),
        TimelineEntry.objects.count(),
        AuditEvent.objects.count(),
    )


def found(world: World, **overrides: Any) -> tuple[Incident, list[MeetingEvent]]:
    fields: dict[str, Any] = {
        "attendee": attendee(world, "Marcus Reid").pk,
        "who": "",
        "discovered_by": "Amira Hassan",
        "description": "A phone was recording in his jacket pocket.",
        "chair_action": "asked_to_stop",
    }
    fields.update(overrides)
    return in_meeting_incidents.covert_recording_found(
        world.meeting, world.users["chair"], **fields
    )


def test_asked_to_stop_logs_the_event_and_opens_the_incident(world: World) -> None:
    ready_to_record(world)
    act(world, Kind.ARRIVED, "Marcus Reid")
    incident, written = found(world)
    assert [r.kind for r in written] == ["covert_recording"]
    row = written[0]
    assert row.detail["incident"] == str(incident.pk)
    assert row.detail["chair_action"] == "asked them to stop"
    assert row.attendee == attendee(world, "Marcus Reid")
    assert incident.meeting == world.meeting
    assert incident.discovered_at == row.at
    assert incident.chair_action == Incident.ChairAction.ASKED_TO_STOP
    assert incident.kind == "covert_recording"
    assert "Marcus Reid was recording the meeting without permission" in incident.description
    assert set(incident.tasks.values_list("code", flat=True)) >= {"consider_legal_representative"}
    # The meeting goes on; when it ends the minutes mention the incident.
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(meeting=world.meeting, summary__contains="without perm")
    assert "Marcus Reid was found recording the meeting without permission" in minute.body
    assert "The chair asked them to stop." in minute.body
    # The demo council's own policy (Hackney's guidance §4), and no other council's.
    assert "Ask them to stop recording. You may end the meeting. (London Borough of Hackney, " in (
        minute.body
    )
    assert "Leeds" not in minute.body
    assert "Brent" not in minute.body
    assert "An incident was opened in the incident register" in minute.body


def test_ending_the_meeting_stops_the_recording_and_writes_the_minutes(world: World) -> None:
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    incident, written = found(world, attendee=None, who="A visitor in the corridor",
                              chair_action="ended_meeting")  # fmt: skip
    assert [r.kind for r in written] == ["covert_recording", "recording_stopped", "meeting_ended"]
    assert written[-1].reason == "covert_recording"
    assert written[0].detail["note"] == "A visitor in the corridor"
    assert incident.chair_action == Incident.ChairAction.ENDED_MEETING
    state, _ = event_log.snapshot(world.meeting)
    assert state.ended
    minutes = TimelineEntry.objects.filter(meeting=world.meeting, for_minutes=True)
    body = " ".join(m.body for m in minutes)
    assert "A visitor in the corridor was found recording" in body
    assert "ended the meeting at" in body
    assert minutes.filter(summary="Incident: Covert recording discovered").exists()
    assert minutes.filter(summary__contains="was recorded by Dana Whitfield").exists()


@pytest.mark.parametrize(
    ("setup", "overrides", "error", "message"),
    [
        ("none", {"chair_action": "ended_meeting"}, EventRefused, "has not started"),
        ("ended", {}, EventRefused, "has ended"),
        ("started", {"attendee": -1}, EventRefused, "not on this meeting's attendee list"),
        ("started", {"attendee": None}, EventRefused, "Say who was recording"),
        ("started", {"chair_action": "none"}, IncidentError, "Say what you did"),
        ("started", {"description": "  "}, IncidentError, "Describe what happened"),
        ("started", {"discovered_by": ""}, IncidentError, "Say who noticed"),
        ("started", {"description": "x" * 4001}, IncidentError, "at most 4000"),
    ],
)
def test_nothing_is_half_written_when_any_part_is_refused(
    world: World, setup: str, overrides: dict[str, Any], error: type[Exception], message: str
) -> None:
    if setup != "none":
        act(world, Kind.MEETING_STARTED)
    if setup == "ended":
        act(world, Kind.MEETING_ENDED)
    before = counts()
    with pytest.raises(error, match=message):
        found(world, **overrides)
    assert counts() == before


def test_a_refusal_from_the_incidents_app_undoes_the_ended_meeting(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The events are checked, then the incident is opened: if the incidents app refuses (after
    writing part of it), the meeting is not ended and nothing of either is kept."""
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    real = incident_services.open_incident

    def refuses(*args: Any, **kwargs: Any) -> Incident:
        real(*args, **kwargs)
        raise IncidentError("The register is closed for maintenance.")

    monkeypatch.setattr(incident_services, "open_incident", refuses)
    before = counts()
    with pytest.raises(IncidentError, match="maintenance"):
        found(world, chair_action="ended_meeting")
    assert counts() == before
    state, _ = event_log.snapshot(world.meeting)
    assert not state.ended
    assert state.recording == "on"


def test_a_covert_recording_can_be_noted_before_the_meeting_starts(world: World) -> None:
    incident, written = found(world)
    assert [r.kind for r in written] == ["covert_recording"]
    assert incident.meeting == world.meeting


# The meeting held in parts (Leeds): Marcus does not want it recorded, Dana records.

SPLIT = {
    "recording": "Dana Whitfield",
    "not_recording": ["Marcus Reid"],
    "steps": [
        "Marcus Reid attends, gives their views and leaves the meeting. Nothing is recorded.",
        "Dana Whitfield then attends and may record that part of the meeting.",
        "The chair minutes the arrangement and why it was needed.",
    ],
    "cites": {
        "seed": "001_faf809ee2c83eecf.txt",
        "section": "What should practitioners do when the parents have differences in opinion",
        "clause": "the non-recording parent could attend, give their views and exit the meeting",
    },
}


def allowed_in_parts(world: World, split: dict[str, Any] | None = None) -> None:
    made = requested(world)
    jade_agrees(world, made)
    engine = {**policy_decision(made), "split_attendance": split or SPLIT}
    record_decision(made, world.users["chair"], outcome="allowed", reason="Allowed in parts.",
                    engine=engine)  # fmt: skip


def part(world: World, name: str) -> list[str]:
    return [r.kind for r in attendance.split_part(world.meeting, name, world.users["chair"])]


def test_the_meeting_is_held_in_parts_and_minuted(world: World) -> None:
    allowed_in_parts(world)
    act(world, Kind.ARRIVED, "Priya Shah")
    act(world, Kind.MEETING_STARTED)
    assert part(world, "first_here") == ["arrived"]
    with pytest.raises(EventRefused, match="Marcus Reid still here"):
        part(world, "second_here")
    assert part(world, "first_left") == ["left"]
    assert part(world, "second_here") == ["arrived"]
    with pytest.raises(EventRefused, match="already been logged"):
        part(world, "second_here")
    with pytest.raises(EventRefused, match="Dana Whitfield is here"):
        part(world, "first_here")
    rows = MeetingEvent.objects.filter(meeting=world.meeting, kind__in=["arrived", "left"])
    assert rows.filter(attendee=attendee(world, "Marcus Reid")).count() == 2
    assert "first part" in rows.filter(kind="left").get().detail["note"]
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(meeting=world.meeting, summary__contains="held in parts")
    assert "Marcus Reid attended from" in minute.body
    assert "Nothing was recorded while they were present." in minute.body
    assert "Dana Whitfield then attended from" in minute.body
    assert "because the parents disagree about the recording" in minute.body
    assert "differences in opinion" in minute.body


def test_a_plan_not_followed_is_minuted_as_such(world: World) -> None:
    allowed_in_parts(world)
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.ARRIVED, "Dana Whitfield")
    act(world, Kind.ARRIVED, "Marcus Reid")  # the chair's own buttons do not enforce the plan
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(meeting=world.meeting, summary__contains="in parts")
    assert minute.summary.endswith(": The plan to hold the meeting in parts was not followed")
    assert "present at the same time" in minute.body


def test_split_parts_are_refused_without_a_plan_or_with_unknown_names(world: World) -> None:
    with pytest.raises(EventRefused, match="no plan"):
        part(world, "first_here")
    allowed_in_parts(world, {**SPLIT, "not_recording": ["Nobody Known"]})
    before = counts()
    with pytest.raises(EventRefused, match="Not on this meeting's attendee list: Nobody Known"):
        part(world, "first_here")
    with pytest.raises(EventRefused, match="Choose a part"):
        attendance.split_part(world.meeting, "nonsense", world.users["chair"])
    assert counts() == before


def test_the_screen_shows_the_plan_and_logs_each_part(world: World) -> None:
    allowed_in_parts(world)
    act(world, Kind.MEETING_STARTED)
    client = world.client_for("chair")
    url = reverse("meeting_mode", args=[world.meeting.pk])
    page = client.get(url).content.decode()
    assert "Meeting in parts" in page
    assert "Marcus Reid attends, gives their views and leaves the meeting" in page
    assert "Part 1: Marcus Reid arrived" in page
    act_url = reverse("meeting_act", args=[world.meeting.pk])
    assert client.post(act_url, {"action": "split_first_here"}).status_code == 302
    assert "Part 1 over: Marcus Reid left" in client.get(url).content.decode()
    assert client.post(act_url, {"action": "split_second_here"}).status_code == 400
    assert client.post(act_url, {"action": "split_first_left"}).status_code == 302
    assert client.post(act_url, {"action": "split_second_here"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Part " not in page.split('id="in-parts"')[1].split("</form>")[0].split("<ol")[0]
    assert MeetingEvent.objects.filter(meeting=world.meeting, kind="arrived").count() == 2


def test_no_plan_no_section(world: World) -> None:
    page = world.client_for("chair").get(reverse("meeting_mode", args=[world.meeting.pk]))
    assert "Meeting in parts" not in page.content.decode()
    assert "Someone is recording without permission" in page.content.decode()


def covert_url(world: World) -> str:
    return reverse("meeting_covert_recording", args=[world.meeting.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 302),
        ("social_worker", 302),
        ("team_manager", 302),
        ("legal", 302),
        ("mother", 403),
        ("father_of_jade", 403),
        ("nurse", 403),
        ("outsider", 404),
        ("other_authority", 404),
        ("other_family", 404),
        ("admin", 404),
    ],
)
def test_who_may_raise_it_from_meeting_mode(world: World, persona: str, status: int) -> None:
    act(world, Kind.MEETING_STARTED)
    response = world.client_for(persona).post(
        covert_url(world),
        {
            "attendee": str(attendee(world, "Marcus Reid").pk),
            "discovered_by": "Amira Hassan",
            "description": "Phone recording.",
            "chair_action": "asked_to_stop",
        },
    )
    assert response.status_code == status
    assert Incident.objects.exists() is (status == 302)
    assert MeetingEvent.objects.filter(kind="covert_recording").exists() is (status == 302)
    if status == 302:
        # The chair stays in the meeting (issue 17): the log links to the incident.
        assert response["Location"] == reverse("meeting_mode", args=[world.meeting.pk])
    else:
        refusal = AuditEvent.objects.filter(action="access_denied").order_by("-seq").first()
        assert refusal is not None
        assert refusal.object_id == str(world.meeting.pk)


def test_a_refusal_on_the_screen_keeps_what_was_typed(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    client = world.client_for("chair")
    response = client.post(
        covert_url(world),
        {"attendee": "", "who": "", "discovered_by": "Amira Hassan",
         "description": "A phone on the table.", "chair_action": "asked_to_stop"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say who was recording, or that you do not know." in page
    assert "A phone on the table." in page
    assert not Incident.objects.exists()
    assert client.get(covert_url(world)).status_code == 405


def test_the_log_links_to_the_incident(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    incident, _ = found(world)
    page = world.client_for("chair").get(reverse("meeting_mode", args=[world.meeting.pk]))
    text = page.content.decode()
    assert "Someone was recording without permission: Marcus Reid; the chair asked them" in text
    assert reverse("incident_detail", args=[incident.pk]) in text


def test_the_event_needs_someone_named(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    with pytest.raises(EventRefused, match="Say who was recording"):
        event_log.act(world.meeting, Event(Kind.COVERT_RECORDING), world.users["chair"])
