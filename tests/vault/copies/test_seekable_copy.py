"""A browser recording (MediaRecorder WebM: no duration, no cues) gets a seekable playback copy
when it is finished (issue 18): the same Opus packets remuxed into a WebM with its duration and
cues written, stored as a new recording naming its original, which stays untouched and remains
the evidence. The players play the copy."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import av
import pytest
from django.urls import reverse

from onrecord.audit.context import Actor, acting_as
from onrecord.jobs import queue
from onrecord.vault.copies.derive import (
    DerivationError,
    make_seekable_copy,
    playback_source,
    seekable_copy_of,
)
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording
from tests.support.personas import World
from tests.vault.live.support import (
    CHUNKS,
    WEBM,
    finish,
    send_chunk,
    sha256,
    start,
    use_private_spool,
)

pytestmark = pytest.mark.django_db

CUES = b"\x1c\x53\xbb\x6b"  # the Matroska Cues element: the index a player seeks by


@pytest.fixture(autouse=True)
def spool(settings: Any, tmp_path: Path) -> Path:
    return use_private_spool(settings, tmp_path)


def _packets(data: bytes) -> list[bytes]:
    with av.open(io.BytesIO(data), "r") as container:
        return [bytes(p) for p in container.demux(container.streams.audio[0]) if p.size]


def _live_recording(world: World, django_capture_on_commit_callbacks: Any) -> Recording:
    client = world.client_for("chair")
    session_id = start(client, world.meeting).json()["session"]
    for seq, data in enumerate(CHUNKS):
        assert send_chunk(client, session_id, seq, data).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert finish(client, session_id).status_code == 200
    return Recording.objects.get(kind=Recording.Kind.AUTHORITY)


def test_the_browsers_webm_has_no_duration_or_cues() -> None:
    with av.open(io.BytesIO(WEBM), "r") as container:
        assert container.duration is None
    assert CUES not in WEBM


def test_finishing_a_browser_recording_queues_its_seekable_copy_and_the_player_uses_it(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    original = _live_recording(world, django_capture_on_commit_callbacks)
    assert seekable_copy_of(original) is None  # queued, not made in the request
    assert queue.run_one("copier") is not None
    copy = seekable_copy_of(original)
    assert copy is not None
    assert (copy.kind, copy.derived_from, copy.container) == (
        Recording.Kind.PLAYBACK_COPY,
        original,
        "matroska,webm",
    )
    assert copy.derivation["made"] == "seekable"
    assert copy.derivation["remuxed"] is True
    assert copy.provided_by == world.users["chair"]
    with open_recording(copy, purpose="verify") as reader:
        copied = reader.read()
    with av.open(io.BytesIO(copied), "r") as container:
        assert container.duration is not None
        assert container.duration / av.time_base == pytest.approx(3.0, abs=0.1)
    assert CUES in copied
    assert _packets(copied) == _packets(WEBM)  # the same audio, not re-encoded
    # the original is untouched and remains the evidence
    original.refresh_from_db()
    assert original.sha256 == sha256(WEBM)
    with open_recording(original, purpose="verify") as reader:
        assert reader.read() == WEBM

    html = world.client_for("chair").get(reverse("recording_player", args=[original.pk]))
    assert reverse("recording_audio", args=[copy.pk]) in html.content.decode()
    assert playback_source(original) == copy


def test_it_is_asked_for_once(world: World, django_capture_on_commit_callbacks: Any) -> None:
    original = _live_recording(world, django_capture_on_commit_callbacks)
    from onrecord.vault.copies.jobs import request_seekable_copy

    assert request_seekable_copy(original, by=world.users["chair"]) is None  # one is queued
    queue.run_one("copier")
    assert request_seekable_copy(original, by=world.users["chair"]) is None  # one is made


def test_only_webm_originals_get_one(world: World, recording: Recording) -> None:
    chair = world.users["chair"]
    with (
        acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")),
        pytest.raises(DerivationError, match="Only WebM recordings"),
    ):
        make_seekable_copy(recording, by=chair)  # the WAV of tests/vault/conftest.py
    assert playback_source(recording) == recording
