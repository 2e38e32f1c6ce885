"""Every play and every download is in the audit trail, with who, when and which recording:
one entry per playback (however many range requests the player makes while seeking), one per
download. The download is the exact original: its SHA-256 is the one recorded at ingest."""

from __future__ import annotations

import hashlib
import re

from django.test import Client
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from tests.support.parent_copies import Stored, body
from tests.support.personas import World


def _opens(stored: Stored, purpose: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="vault.open", object_id=str(stored.recording.pk), detail__purpose=purpose
        ).order_by("seq")
    )


def _player_audio_url(client: Client, stored: Stored) -> str:
    page = client.get(reverse("recording_player", args=[stored.recording.pk])).content.decode()
    match = re.search(r'<source src="([^"]+)" type="audio/wav">', page)
    assert match, "the player page has an <audio> source"
    return match.group(1).replace("&amp;", "&")


def test_one_playback_is_one_audit_entry_whatever_the_range_requests(
    world: World, mothers_recording: Stored
) -> None:
    chair = world.client_for("chair")
    src = _player_audio_url(chair, mothers_recording)
    size = len(mothers_recording.original)
    for header in ["bytes=0-", f"bytes={size - 200}-", "bytes=1000-1999", "bytes=0-"]:
        response = chair.get(src, headers={"Range": header})
        assert response.status_code == 206
        body(response)
    [event] = _opens(mothers_recording, "play")
    assert event.actor_username == "priya.shah"
    assert event.actor_role == "chair"
    assert event.case_id == str(world.case.pk)
    assert event.occurred_at is not None
    assert event.detail["sha256"] == mothers_recording.sha256
    assert re.fullmatch(r"[0-9a-f]{32}", event.detail["playback"])

    # Opening the player again is a new playback, and so a new entry.
    again = _player_audio_url(chair, mothers_recording)
    assert again != src
    body(chair.get(again, headers={"Range": "bytes=0-"}))
    assert len(_opens(mothers_recording, "play")) == 2


def test_a_playback_token_is_only_good_for_its_own_user(
    world: World, mothers_recording: Stored
) -> None:
    src = _player_audio_url(world.client_for("chair"), mothers_recording)
    body(world.client_for("chair").get(src))
    body(world.client_for("mother").get(src))  # the chair's token, reused by someone else
    events = _opens(mothers_recording, "play")
    assert [e.actor_username for e in events] == ["priya.shah", "dana.whitfield"]


def test_audio_without_a_playback_token_is_audited_every_time(
    world: World, mothers_recording: Stored
) -> None:
    url = reverse("recording_audio", args=[mothers_recording.recording.pk])
    mother = world.client_for("mother")
    for query in ["", "?playback=not-a-token"]:
        body(mother.get(url + query, headers={"Range": "bytes=10-20"}))
    assert len(_opens(mothers_recording, "play")) == 2


def test_every_download_is_audited_and_is_the_exact_original(
    world: World, mothers_recording: Stored
) -> None:
    url = reverse("recording_download", args=[mothers_recording.recording.pk])
    client = world.client_for("legal")
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="my-recording.wav"'
        data = body(response)
        assert data == mothers_recording.original
        assert hashlib.sha256(data).hexdigest() == mothers_recording.recording.sha256
    downloads = _opens(mothers_recording, "download")
    assert [e.actor_username for e in downloads] == ["helen.ward", "helen.ward"]
    assert not _opens(mothers_recording, "play")


def test_the_player_page_gives_the_details_and_a_text_alternative(
    world: World, mothers_recording: Stored
) -> None:
    response = world.client_for("mother").get(
        reverse("recording_player", args=[mothers_recording.recording.pk])
    )
    page = response.content.decode()
    assert "<audio" in page
    assert "controls" in page
    assert 'aria-describedby="recording-alternative"' in page
    assert "A sound recording, 0 min 3 s long." in page
    assert mothers_recording.sha256 in page
    assert "Dana Whitfield" in page
    assert "Download the original" in page
    viewed = AuditEvent.objects.filter(action="view", object_id=str(mothers_recording.recording.pk))
    assert viewed.get().detail == {"page": "player"}
    # Opening the page alone plays nothing.
    assert not _opens(mothers_recording, "play")
