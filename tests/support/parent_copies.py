"""Parents' own recordings and listening to them (tests/vault/, tests/recording_requests/):
real audio made in the test (never downloaded), stored through the real vault under the test
data directory."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Person
from onrecord.recording_requests.parent_copies import add_parent_copy
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.vault import audio


def denied_count() -> int:
    return AuditEvent.objects.filter(action="access_denied").count()


def assert_audited_if_refused(world: World, persona: str, status: int, before: int) -> None:
    if status in (403, 404):
        assert denied_count() - before == 1, "a refusal must be audited"
        event = AuditEvent.objects.filter(action="access_denied").latest("seq")
        assert event.actor_username == world.users[persona].username
    else:
        assert denied_count() == before


@dataclass
class Stored:
    recording: Recording
    original: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.original).hexdigest()


def person_of(world: World, persona: str) -> Person:
    return Person.objects.get(case=world.case, user=world.users[persona])


def wav_upload(data: bytes | None = None, name: str = "my-recording.wav") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, audio.wav() if data is None else data, "audio/wav")


def upload_url(world: World) -> str:
    return reverse("parent_copy_upload", args=[world.meeting.pk])


def body(response: Any) -> bytes:
    """The whole body of a test client's response, streamed or not."""
    if isinstance(response, StreamingHttpResponse):
        content: Iterable[bytes] = response.streaming_content  # type: ignore[assignment]
        return b"".join(content)
    assert isinstance(response, HttpResponse)
    return response.content


def store_copy(world: World, persona: str, data: bytes, *, by: str | None = None) -> Stored:
    """Put `persona`'s own recording into the vault as if uploaded (by them, or `by`)."""
    recording = add_parent_copy(
        wav_upload(data),
        meeting=world.meeting,
        family_member=person_of(world, persona),
        provided_by=world.users[by or persona],
    )
    return Stored(recording, data)


@pytest.fixture
def mothers_recording(world: World) -> Stored:
    """Dana's own recording of the conference, 3 seconds of 16 kHz WAV (about 96 KB)."""
    return store_copy(world, "mother", audio.wav(seconds=3.0))


def signed_in(world: World, persona: str) -> Client:
    return world.client_for(persona)
