"""A bad file gets a clear GOV.UK error message, and nothing is stored: no recording, no blob,
no timeline entry (issue 4; the vault's refusals, issue 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from onrecord.recording_requests.models import TimelineEntry
from onrecord.vault.models import Recording
from tests.support.parent_copies import person_of, upload_url, wav_upload
from tests.support.personas import World
from tests.vault import audio


def _blobs() -> list[Path]:
    vault = Path(django_settings.DATA_DIR) / "vault"
    return [p for p in vault.rglob("*") if p.is_file()] if vault.exists() else []


def _refused(response: Any, message: str) -> None:
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "govuk-error-summary" in page
    assert f'<a href="#id_recording">{message}</a>' in page
    assert 'class="govuk-file-upload govuk-file-upload--error"' in page
    assert "<title>Error: " in page
    assert not Recording.objects.exists()
    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.UPLOAD).exists()


@pytest.fixture
def before_blobs(world: World) -> list[Path]:
    return _blobs()


def test_a_file_that_is_not_audio_is_refused(world: World, before_blobs: list[Path]) -> None:
    not_audio = SimpleUploadedFile("notes.wav", b"These are my notes, not a recording. " * 50)
    response = world.client_for("mother").post(upload_url(world), {"recording": not_audio})
    _refused(
        response, "The selected file must be a sound recording: MP3, M4A, WAV, FLAC, OGG or WebM"
    )
    assert _blobs() == before_blobs


def test_an_empty_file_is_refused(world: World, before_blobs: list[Path]) -> None:
    empty = SimpleUploadedFile("empty.m4a", b"", "audio/mp4")
    response = world.client_for("mother").post(upload_url(world), {"recording": empty})
    _refused(response, "The selected file is empty")
    assert _blobs() == before_blobs


def test_a_cut_short_recording_is_refused(world: World, before_blobs: list[Path]) -> None:
    data = audio.wav(seconds=2.0)
    response = world.client_for("mother").post(
        upload_url(world), {"recording": wav_upload(data[: len(data) // 2])}
    )
    _refused(
        response,
        "The selected file is not a complete recording. It may have been cut short while it was "
        "being copied: copy it again and upload the new copy",
    )


def test_a_file_over_the_limit_is_refused_and_not_kept(
    world: World, settings: Any, before_blobs: list[Path]
) -> None:
    settings.ONRECORD_VAULT_MAX_BYTES = 50 * 1024
    response = world.client_for("mother").post(
        upload_url(world),
        {"recording": wav_upload(audio.wav(seconds=3.0))},  # about 96 KB
    )
    _refused(response, "The selected file must be smaller than 50 KB")
    assert "It must be smaller than 50 KB" in response.content.decode()
    assert _blobs() == before_blobs


def test_no_file_chosen(world: World) -> None:
    response = world.client_for("mother").post(upload_url(world), {})
    _refused(response, "Select your recording")


def test_staff_must_say_whose_recording_it_is(world: World) -> None:
    client = world.client_for("social_worker")
    response = client.post(upload_url(world), {"recording": wav_upload()})
    assert response.status_code == 400
    assert "Select whose recording it is" in response.content.decode()
    # The school nurse is invited, but is not family: not a choice.
    nurse = person_of(world, "nurse")
    response = client.post(
        upload_url(world), {"recording": wav_upload(), "family_member": str(nurse.pk)}
    )
    assert response.status_code == 400
    assert "Select whose recording it is" in response.content.decode()
    assert not Recording.objects.exists()


def test_a_forged_post_without_the_csrf_token_is_refused(world: World) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["mother"])
    response = client.post(upload_url(world), {"recording": wav_upload()})
    assert response.status_code == 403
    assert not Recording.objects.exists()
