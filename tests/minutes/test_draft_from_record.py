"""The draft from a fixed meeting record and a fake transcript: heading, attendees with roles
and organisations, apologies, the recording statement with its pause, objections, incidents."""

from __future__ import annotations

from onrecord.minutes.draft import draft
from tests.minutes.records import FakeTranscript, record


def test_heading_from_the_log_times() -> None:
    heading = draft(record())["heading"]
    assert heading["date"] == "2025-03-04"
    assert (heading["started_at"], heading["ended_at"]) == ("10:00", "11:00")
    assert heading["times_from"] == "meeting log"
    assert heading["chair"] == "Priya Shah"
    assert heading["place"] == "Eastmere Civic Centre, Room 2"


def test_attendees_with_roles_organisations_and_times() -> None:
    lines = draft(record())["attendees"].splitlines()
    assert "Priya Shah, Chair (Eastmere Council): from 10:00" in lines
    assert "Dana Whitfield, Mother: from 10:00" in lines
    assert (
        "Amira Hassan, School nurse (Eastmere Community Health NHS Trust): 10:00 to 10:50" in lines
    )
    assert not any("Marcus Reid" in line for line in lines)


def test_invited_but_never_arrived_is_under_apologies() -> None:
    assert draft(record())["apologies"] == "Marcus Reid, Jade's father"


# The record's council follows Leeds's guidance here (tests/minutes/records.py): its own clause.
LEEDS_D = (
    "Leeds City Council (Leeds Safeguarding Children Partnership), When someone wants to "
    "overtly record a meeting (d)"
)


def test_recording_statement_names_who_declaration_and_the_pause_with_its_reason() -> None:
    text = draft(record())["recording"]
    assert "The meeting was recorded by Dana Whitfield (10:01 to 10:30; 10:40 to 11:00)." in text
    assert "Dana Whitfield signed the declaration on 1 March 2025." in text
    assert "Dana Whitfield asked on 20 February 2025 to record the meeting: allowed." in text
    assert (
        "Recording paused at 10:30 during item 2. Jade: health because of a sensitive item "
        f"({LEEDS_D}), resumed at 10:40." in text
    )


def test_no_recording_on_the_log_says_so() -> None:
    text = draft(record(log=[], recorder=None, declaration=""))["recording"]
    assert text.endswith("No recording by anyone at the meeting was logged.")


def test_objections_and_incidents() -> None:
    content = draft(record())
    assert "10:01 Amira Hassan did not agree to the recording." in content["objections"]
    assert (
        "Disagreement noted: The school nurse prefers not to be recorded." in content["objections"]
    )
    assert content["incidents"] == "10:50 Covert recording: found a second phone."


def test_the_chairs_log_entries_are_carried_over() -> None:
    log = draft(record())["log"]
    assert "10:00 Meeting held from 10:00 to 11:00" in log
    assert f"10:30 Recording paused at 10:30: a sensitive item ({LEEDS_D})" in log


def test_the_transcript_it_was_made_from_is_named() -> None:
    assert draft(record(), FakeTranscript())["transcript"] == {
        "version": 3,
        "recording": "rec-1",
        "speakers_confirmed": True,
        "times_from": "recorded spans on the log",
    }
    assert draft(record())["transcript"] is None
    unconfirmed = draft(record(), FakeTranscript(speakers_confirmed=False))
    assert unconfirmed["transcript"]["speakers_confirmed"] is False
