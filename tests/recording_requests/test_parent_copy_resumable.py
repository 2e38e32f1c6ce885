"""A parent's own recording uploaded with tus (issue 15): a phone on mobile data whose
connection drops half-way resumes from the offset the server holds (HEAD), never from the
start; the parts are encrypted in the shared database as they arrive; once the last byte is in,
the file is a parent's copy exactly as the form makes one. A wrong offset is 409, a file over
the vault's limit 413 (before any byte is stored), and nothing is left in the clear on disk."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.vault.models import Recording
from onrecord.vault.models.resumable import ResumablePart, ResumableUpload
from onrecord.vault.resumable import services
from onrecord.vault.resumable.protocol import PART_BYTES
from tests.recording_requests.tus_support import TUS, create, head, patch
from tests.support.parent_copies import person_of
from tests.support.personas import World
from tests.vault import audio
from tests.vault.plaintext import needles_of, plaintext_in

# About 3.5 MiB of WAV (16 kHz mono): several parts.
DATA = audio.wav(seconds=110.0)


def _location(world: World, persona: str = "mother") -> tuple[Any, str]:
    client = world.client_for(persona)
    made = create(client, world, len(DATA))
    assert made.status_code == 201, made.content
    assert made["Tus-Resumable"] == "1.0.0"
    assert made["Upload-Offset"] == "0"
    assert made["Location"].startswith("/recordings/uploads/")  # a path: right behind a proxy
    return client, made["Location"]


def test_an_upload_cut_at_half_resumes_from_the_offset_not_the_start(world: World) -> None:
    assert len(DATA) > 3 * PART_BYTES
    client, location = _location(world)
    half = len(DATA) // 2
    first = patch(client, location, 0, DATA[:half])
    assert first.status_code == 204
    assert first["Upload-Offset"] == str(half)
    # The connection drops; the phone comes back later (another node may answer) and asks.
    client = world.client_for("mother")
    asked = head(client, location)
    assert asked.status_code == 200
    assert (asked["Upload-Offset"], asked["Upload-Length"]) == (str(half), str(len(DATA)))
    assert asked["Cache-Control"] == "no-store"
    assert not Recording.objects.exists()

    done = patch(client, location, half, DATA[half:])
    assert done.status_code == 204, done.content
    assert done["Upload-Offset"] == str(len(DATA))
    assert (
        done["OnRecord-Next"] == reverse("meeting_detail", args=[world.meeting.pk]) + "#recordings"
    )
    recording = Recording.objects.get()
    assert recording.kind == Recording.Kind.PARENT_COPY
    assert recording.family_member == person_of(world, "mother")
    assert recording.provided_by == world.users["mother"]
    assert recording.original_filename == "phone-recording.wav"
    assert recording.sha256 == hashlib.sha256(DATA).hexdigest()
    upload = ResumableUpload.objects.get()
    assert (upload.status, upload.recording) == (ResumableUpload.Status.STORED, recording)
    assert not ResumablePart.objects.exists()
    assert AuditEvent.objects.filter(action="recording.parent_copy").count() == 1


def test_a_request_cut_mid_body_keeps_every_byte_that_arrived(world: World) -> None:
    client, location = _location(world)
    upload = ResumableUpload.objects.get()
    cut_at = PART_BYTES + 1000  # one whole part and a little of the next
    given = {"bytes": 0}

    def reads_then_drops(size: int) -> bytes:
        start = given["bytes"]
        if start >= cut_at:
            raise OSError("connection reset by peer")
        piece = DATA[start : start + min(size, cut_at - start)]
        given["bytes"] += len(piece)
        return piece

    with pytest.raises(OSError, match="connection reset"):
        services.append(
            upload.pk,
            offset=0,
            content_type="application/offset+octet-stream",
            declared=len(DATA),
            read=reads_then_drops,
        )
    assert head(client, location)["Upload-Offset"] == str(cut_at)
    assert patch(client, location, cut_at, DATA[cut_at:]).status_code == 204
    assert Recording.objects.get().sha256 == hashlib.sha256(DATA).hexdigest()


def test_a_wrong_offset_is_409_and_changes_nothing(world: World) -> None:
    client, location = _location(world)
    assert patch(client, location, 0, DATA[:1000]).status_code == 204
    for offset in (0, 999, 2000):
        refused = patch(client, location, offset, DATA[offset : offset + 10])
        assert refused.status_code == 409
        assert refused.json()["error"] == (
            f"Upload-Offset is {offset} but the server holds 1000 bytes: ask with HEAD and send "
            "from byte 1000"
        )
    assert head(client, location)["Upload-Offset"] == "1000"


def test_too_big_is_413_before_anything_is_stored(world: World, settings: Any) -> None:
    settings.ONRECORD_VAULT_MAX_BYTES = 1_000_000
    client = world.client_for("mother")
    refused = create(client, world, 1_000_001)
    assert refused.status_code == 413
    assert refused.json()["error"] == "The selected file must be smaller than 977 KB"
    assert not ResumableUpload.objects.exists()
    made = create(client, world, 1000)
    over = patch(client, made["Location"], 0, b"x" * 1001)
    assert over.status_code == 413
    assert head(client, made["Location"])["Upload-Offset"] == "0"


def test_the_protocol_is_checked(world: World) -> None:
    client, location = _location(world)
    no_version = client.head(location)
    assert no_version.status_code == 412
    wrong_type = client.generic(
        "PATCH", location, data=b"abc", content_type="audio/wav", HTTP_UPLOAD_OFFSET="0", **TUS
    )
    assert wrong_type.status_code == 415
    options = client.options(reverse("parent_copy_resumable_create", args=[world.meeting.pk]))
    assert options.status_code == 204
    assert options["Tus-Version"] == "1.0.0"
    assert options["Tus-Extension"] == "creation,termination"
    assert options["Tus-Max-Size"] == str(django_settings.ONRECORD_VAULT_MAX_BYTES)


def test_termination_drops_the_parts(world: World) -> None:
    client, location = _location(world)
    patch(client, location, 0, DATA[:5000])
    assert client.delete(location, **TUS).status_code == 204
    assert head(client, location).status_code == 410
    assert not ResumablePart.objects.exists()
    assert AuditEvent.objects.get(action="vault.upload_terminated").detail["by"] == "uploader"


def test_what_is_not_audio_is_refused_in_plain_words_and_dropped(world: World) -> None:
    client = world.client_for("mother")
    junk = b"not a recording at all " * 100
    location = create(client, world, len(junk))["Location"]
    refused = patch(client, location, 0, junk)
    assert refused.status_code == 422
    assert refused.json()["error"].startswith("The selected file must be a sound recording")
    assert ResumableUpload.objects.get().status == ResumableUpload.Status.FAILED
    assert not ResumablePart.objects.exists()
    assert not Recording.objects.exists()


def test_nothing_is_in_the_clear_on_disk_while_it_waits(world: World) -> None:
    client, location = _location(world)
    patch(client, location, 0, DATA[: len(DATA) // 2])
    for record in ResumablePart.objects.values_list("data", flat=True):
        assert DATA[2000:2064] not in bytes(record)
        assert b"RIFF" not in bytes(record)[:64]
    assert plaintext_in([Path(django_settings.DATA_DIR)], needles_of(DATA)) == {}


def test_an_upload_left_for_a_day_is_dropped_by_the_sweep(world: World) -> None:
    client, location = _location(world)
    patch(client, location, 0, DATA[:5000])
    assert services.sweep_stale() == []
    ResumableUpload.objects.update(updated_at=timezone.now() - dt.timedelta(hours=25))
    [dropped] = services.sweep_stale()
    assert dropped == str(ResumableUpload.objects.get().pk)
    assert ResumableUpload.objects.get().status == ResumableUpload.Status.TERMINATED
    assert not ResumablePart.objects.exists()


def test_staff_add_someone_elses_recording_with_the_form_not_resumably(world: World) -> None:
    """The form asks staff how a family's recording was obtained and who gave it (provenance);
    a resumable upload carries no such answers, so staff are sent to the form."""
    client = world.client_for("chair")
    refused = create(client, world, len(DATA))
    assert refused.status_code == 400
    assert "how the recording was obtained" in refused.json()["error"]
    assert not ResumableUpload.objects.exists()
    page = client.get(reverse("parent_copy_upload", args=[world.meeting.pk]))
    assert b"data-resumable-url" not in page.content
    assert (
        b"data-resumable-url"
        in world.client_for("mother")
        .get(reverse("parent_copy_upload", args=[world.meeting.pk]))
        .content
    )
