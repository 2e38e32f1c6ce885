"""A transcript of the live recorder's recording is placed on the meeting's clock from when
that recording session started (it runs through pauses), not from the log's recorded spans."""

from __future__ import annotations

import io

from onrecord.audit.context import Actor, acting_as
from onrecord.cases.models import Meeting
from onrecord.minutes import services
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.minutes.conftest import START, transcript_of
from tests.minutes.records import FakeTranscript
from tests.support.personas import World
from tests.vault import audio


def test_words_are_timed_from_the_live_session_start(ran: World) -> None:
    chair = ran.users["chair"]
    with acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")):
        recording = ingest(
            io.BytesIO(audio.wav(1.0)),
            meeting=ran.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=chair,
            original_filename="meeting-recording.webm",
        )
    LiveSession.objects.create(
        meeting=ran.meeting,
        started_by=chair,
        mime_type="audio/webm",
        status=LiveSession.Status.FINISHED,
        started_at=START,  # 10:00, while the log's recorded spans start at 10:01
        recording=recording,
    )

    def of_live_recording(meeting: Meeting) -> FakeTranscript:
        fake = transcript_of(meeting)
        return FakeTranscript(
            words=fake.words,
            speaker_names=fake.speaker_names,
            speaker_roles=fake.speaker_roles,
            recording_id=str(recording.pk),
        )

    version = services.generate(ran.meeting, by=chair, transcript_source=of_live_recording)
    items = {i["position"]: i for i in version.content["items"]}
    # 1440 s after 10:00 is 10:24 (from the log's spans it would have been 10:25)
    assert items[2]["discussion"].startswith("10:24 to 10:24, Dana Whitfield (Mother)")
    assert version.content["transcript"]["times_from"] == "recording start"
