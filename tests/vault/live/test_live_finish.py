"""Stop: what was received goes through the vault's ingest (probe, encrypt, commit) into the
meeting's authority recording, whose SHA-256 is that of the chunks joined in order; the
chunks' bytes are deleted only after the commit. Start and finish are audited; chunks are not,
one by one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from onrecord.vault.services import open_recording
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    WEBM,
    chunks_holding_bytes,
    finish,
    send_chunk,
    sha256,
    start,
    use_private_spool,
)


@pytest.fixture(autouse=True)
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def test_finish_stores_the_chunks_as_the_authority_recording(world: World, spool: Path) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    started = AuditEvent.objects.count()
    for seq, data in enumerate(CHUNKS):
        assert send_chunk(client, session_id, seq, data).status_code == 200
    assert AuditEvent.objects.count() == started  # no entry per chunk

    reply = finish(client, session_id)
    assert reply.status_code == 200, reply.content
    recording = Recording.objects.get()
    assert reply.json()["recording"] == str(recording.pk)
    assert reply.json()["player_url"] == f"/recordings/{recording.pk}/"
    assert recording.kind == Recording.Kind.AUTHORITY
    assert recording.meeting == world.meeting
    assert recording.provided_by == world.users["chair"]
    assert recording.sha256 == sha256(WEBM)
    assert recording.size == len(WEBM)
    assert (recording.container, recording.codec) == ("matroska,webm", "opus")
    assert recording.duration_seconds == pytest.approx(3.0, abs=0.1)
    assert recording.original_filename.startswith("meeting-recording-")
    assert recording.original_filename.endswith(".webm")
    with open_recording(recording, purpose="verify") as audio:
        assert audio.read() == WEBM

    session = LiveSession.objects.get(pk=session_id)
    assert session.status == LiveSession.Status.FINISHED
    assert session.recording == recording
    assert session.finished_by == world.users["chair"]
    assert session.missing_chunks == []
    assert reply.json()["missing_chunks"] == []
    assert chunks_holding_bytes(session) == 0
    assert list(spool.iterdir()) == []

    actions = list(
        AuditEvent.objects.filter(action__startswith="vault.").values_list("action", flat=True)
    )
    assert actions == ["vault.live_started", "vault.ingest", "vault.live_finished", "vault.open"]
    finished = AuditEvent.objects.get(action="vault.live_finished")
    assert finished.detail["recording"] == str(recording.pk)
    assert finished.detail["sha256"] == sha256(WEBM)
    assert finished.detail["chunks"] == 3


def test_finishing_twice_gives_the_same_recording(world: World) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    send_chunk(client, session_id, 0, CHUNKS[0])
    first = finish(client, session_id).json()["recording"]
    assert finish(client, session_id).json()["recording"] == first
    assert Recording.objects.count() == 1


def test_no_chunk_after_finishing(world: World) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    send_chunk(client, session_id, 0, CHUNKS[0])
    finish(client, session_id)
    reply = send_chunk(client, session_id, 1, CHUNKS[1])
    assert reply.status_code == 409
    assert reply.json()["error"] == (
        "this recording has been stored in the vault; start a new recording to go on"
    )


def test_a_recording_of_nothing_is_abandoned(world: World) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    reply = finish(client, session_id)
    assert reply.status_code == 409
    assert reply.json()["error"] == "Nothing was received, so there is no recording to keep."
    session = LiveSession.objects.get(pk=session_id)
    assert session.status == LiveSession.Status.ABANDONED
    assert AuditEvent.objects.filter(action="vault.live_abandoned").count() == 1
    assert not Recording.objects.exists()


def test_what_is_not_audio_stays_open_with_the_reason(world: World) -> None:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    send_chunk(client, session_id, 0, b"this is not audio at all" * 100)
    reply = finish(client, session_id)
    assert reply.status_code == 422
    assert reply.json()["error"].startswith("The recording could not be stored: ")
    assert "nothing was stored" in reply.json()["error"]
    session = LiveSession.objects.get(pk=session_id)
    assert session.status == LiveSession.Status.OPEN
    assert "not a recognised audio file" in session.error
    assert chunks_holding_bytes(session) == 1  # kept: the sweep decides in the end
    assert not Recording.objects.exists()
    assert AuditEvent.objects.filter(action="vault.live_finish_failed").count() == 1


@pytest.mark.parametrize(
    ("mime", "error"),
    [
        ("video/webm", "the browser records as video/webm, which is not accepted"),
        ("audio/webm; codecs=<script>", "is not a media type"),
    ],
)
def test_an_unaccepted_format_is_refused_at_the_start(world: World, mime: str, error: str) -> None:
    reply = start(world.client_for("chair"), world.meeting, mime)
    assert reply.status_code == 400
    assert error in reply.json()["error"]
    assert not LiveSession.objects.exists()
