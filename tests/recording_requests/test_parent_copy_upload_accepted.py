"""A parent's own recording, uploaded to the child's record (issue 4; Hackney 3): by the parent
themselves, or by the social worker on their behalf. It goes into the vault as a parent's copy
naming who provided it and whose it is, with a timeline entry and audit entries."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.recording_requests import parent_copies
from onrecord.recording_requests.models import TimelineEntry
from onrecord.vault.models import Recording
from onrecord.vault.uploads import EncryptedUploadedFile
from tests.support.parent_copies import person_of, upload_url, wav_upload
from tests.support.personas import World
from tests.vault import audio


def test_the_upload_page_is_plain_english_and_a_file_upload(world: World) -> None:
    response = world.client_for("mother").get(upload_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Upload your recording" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload"' in page
    assert "Nobody can change it" in page


def test_mother_uploads_her_own_recording(world: World) -> None:
    data = audio.wav(seconds=2.0)
    mother = world.client_for("mother")
    response = mother.post(upload_url(world), {"recording": wav_upload(data)})
    assert response.status_code == 302
    meeting_page = reverse("meeting_detail", args=[world.meeting.pk])
    assert response["Location"] == meeting_page + "#recordings"

    recording = Recording.objects.get()
    assert recording.kind == Recording.Kind.PARENT_COPY
    assert recording.meeting == world.meeting
    assert recording.provided_by == world.users["mother"]
    assert recording.family_member == person_of(world, "mother")
    assert recording.original_filename == "my-recording.wav"
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    assert recording.size == len(data)

    entry = TimelineEntry.objects.get(kind=TimelineEntry.Kind.UPLOAD)
    assert entry.case == world.case
    assert entry.meeting == world.meeting
    assert entry.summary.startswith("Dana Whitfield's own recording of")
    assert "uploaded by" not in entry.summary
    assert recording.sha256 in entry.body

    ingested = AuditEvent.objects.get(action="vault.ingest")
    assert ingested.object_id == str(recording.pk)
    assert ingested.actor_username == "dana.whitfield"
    provided = AuditEvent.objects.get(action="recording.parent_copy")
    assert provided.object_id == str(recording.pk)
    assert provided.case_id == str(world.case.pk)
    assert provided.detail["family_member"] == str(recording.family_member_id)
    assert provided.detail["on_behalf"] is False

    page = mother.get(meeting_page).content.decode()
    assert "Your recording has been added to the record" in page
    assert reverse("recording_player", args=[recording.pk]) in page


def test_social_worker_uploads_on_a_fathers_behalf(world: World) -> None:
    client = world.client_for("social_worker")
    page = client.get(upload_url(world)).content.decode()
    assert "Whose recording is it?" in page
    marcus = person_of(world, "father_of_jade")
    response = client.post(
        upload_url(world),
        {"recording": wav_upload(), "family_member": str(marcus.pk), "obtained": "own_device"},
    )
    assert response.status_code == 302
    recording = Recording.objects.get()
    assert recording.provided_by == world.users["social_worker"]
    assert recording.family_member == marcus
    entry = TimelineEntry.objects.get(kind=TimelineEntry.Kind.UPLOAD)
    assert "Marcus" in entry.summary
    assert "uploaded by" in entry.summary
    provided = AuditEvent.objects.get(action="recording.parent_copy")
    assert provided.detail["on_behalf"] is True
    assert provided.actor_username == "tom.bennett"


@pytest.mark.parametrize(
    ("fmt", "codec", "name"),
    [
        ("ogg", "libopus", "voice.ogg"),
        ("flac", "flac", "voice.flac"),
        ("mp3", "libmp3lame", "voice.mp3"),
    ],
)
def test_phone_formats_are_accepted(world: World, fmt: str, codec: str, name: str) -> None:
    data = audio.encoded(fmt, codec, 1.5, 48000 if codec == "libopus" else 16000)
    response = world.client_for("mother").post(
        upload_url(world), {"recording": wav_upload(data, name)}
    )
    assert response.status_code == 302
    assert Recording.objects.get().sha256 == hashlib.sha256(data).hexdigest()


def test_a_big_upload_is_spooled_to_disk_and_streamed_not_held_in_memory(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 256 * 1024
    seen: list[object] = []
    real_ingest = parent_copies.ingest  # type: ignore[attr-defined]

    reads: list[int] = []

    class Watched:
        def __init__(self, source: Any) -> None:
            self.source, self.size = source, source.size

        def read(self, size: int = -1) -> bytes:
            reads.append(size)
            return bytes(self.source.read(size))

    def spy(source: Any, **kwargs: Any) -> Recording:
        seen.append(source)
        return real_ingest(Watched(source), **kwargs)

    monkeypatch.setattr(parent_copies, "ingest", spy)
    data = audio.wav(seconds=40.0)  # about 1.3 MB
    response = world.client_for("mother").post(upload_url(world), {"recording": wav_upload(data)})
    assert response.status_code == 302
    assert isinstance(seen[0], EncryptedUploadedFile)  # on disk, encrypted
    assert reads
    assert all(0 < size <= 1024 * 1024 for size in reads), "never a whole-file read"
    assert Recording.objects.get().sha256 == hashlib.sha256(data).hexdigest()
