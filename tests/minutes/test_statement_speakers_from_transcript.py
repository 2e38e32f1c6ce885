"""The explanatory statement's main speakers come from the transcript (by talk time, with the
roles the chair gave each voice) once the recording has one; before, from attendance."""

from __future__ import annotations

import io

import pytest

from onrecord.audit.context import Actor, acting_as
from onrecord.cases.models import Meeting
from onrecord.disclosure.statement import current_statement
from onrecord.minutes import services
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.minutes.conftest import transcript_of
from tests.minutes.records import FakeTranscript
from tests.support.personas import World
from tests.vault import audio


def _recording(world: World) -> Recording:
    chair = world.users["chair"]
    with acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(audio.wav(1.0)),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=chair,
            original_filename="conference.wav",
        )


def test_speakers_by_talk_time_from_this_recordings_transcript(
    ran: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = _recording(ran)

    def of_this_recording(meeting: Meeting) -> FakeTranscript:
        fake = transcript_of(meeting)
        return FakeTranscript(
            words=fake.words,
            speaker_names=fake.speaker_names,
            speaker_roles=fake.speaker_roles,
            recording_id=str(recording.pk),
        )

    monkeypatch.setattr(services, "current_transcript", of_this_recording)
    content = current_statement(recording).content
    assert content["speakers_from"] == "transcript"
    assert content["speakers"] == [
        {"name": "Priya Shah", "role": "Chair"},
        {"name": "Dana Whitfield", "role": "Mother"},
    ]


def test_another_recordings_transcript_is_not_used(
    ran: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording = _recording(ran)
    monkeypatch.setattr(services, "current_transcript", transcript_of)  # of "rec-demo"
    content = current_statement(recording).content
    assert content["speakers_from"] == "attendance"
    assert {"name": "Amira Hassan", "role": "School nurse"} in content["speakers"]
