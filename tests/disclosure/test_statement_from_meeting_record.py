"""The explanatory statement (Brent) is filled from the meeting's record: where, the date, the
start and end from the chair's meeting log (else the scheduled start), the context and the main
speakers present with their roles."""

from __future__ import annotations

from django.utils import timezone

from onrecord.cases.models import Meeting
from onrecord.disclosure.statement import current_statement, statement_text
from onrecord.vault.models import ExplanatoryStatement, Recording
from tests.disclosure.conftest import END, PRESENT, START, run_meeting
from tests.support.personas import World


def test_filled_from_the_meeting_log(world: World, recording: Recording) -> None:
    run_meeting(world)
    statement = current_statement(recording)
    content = statement.content
    assert statement.version == 1
    assert statement.source == ExplanatoryStatement.Source.MEETING_RECORD
    assert content["where"] == "Eastmere Civic Centre, Room 2"
    assert content["mode"] == "Hybrid"
    assert content["started_at"] == timezone.localtime(START).isoformat(timespec="minutes")
    assert content["ended_at"] == timezone.localtime(END).isoformat(timespec="minutes")
    assert content["date"] == "2025-03-04"
    assert content["times_from"] == "meeting log"
    assert "Child protection conference" in content["meeting"]
    assert "Whitfield" in content["context"] or world.case.family_name in content["context"]
    assert world.case.reference in content["context"]
    assert [s["role"] for s in content["speakers"]] == list(PRESENT)
    assert content["speakers_from"] == "attendance"
    assert content["chair"]
    assert content["recording"]["sha256"] == recording.sha256
    text = statement_text(content, version=1)
    assert "Meeting started: 10:02" in text  # 10:02 UTC is 10:02 GMT in March
    assert "Meeting ended: 11:47" in text
    assert "Eastmere Civic Centre, Room 2" in text
    assert recording.sha256 in text


def test_without_a_log_the_scheduled_start_and_invitations(
    world: World, recording: Recording
) -> None:
    content = current_statement(recording).content
    assert content["times_from"] == "scheduled start"
    assert content["started_at"] == timezone.localtime(world.meeting.scheduled_start).isoformat(
        timespec="minutes"
    )
    assert content["ended_at"] is None
    assert content["speakers_from"] == "invitations"
    assert len(content["speakers"]) == world.meeting.attendees.count()
    assert "Meeting ended: not recorded" in statement_text(content)


def test_an_online_meeting_says_online(world: World, recording: Recording) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(mode=Meeting.Mode.ONLINE, place="")
    recording.meeting.refresh_from_db()
    assert current_statement(recording).content["where"] == "Online"


def test_filled_once(world: World, recording: Recording) -> None:
    first = current_statement(recording)
    run_meeting(world)  # the log changes later: the statement is not silently rewritten
    assert current_statement(recording).pk == first.pk
    assert ExplanatoryStatement.objects.filter(recording=recording).count() == 1
