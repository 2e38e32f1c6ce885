"""Staff on the case ask for a redacted or playback copy on the player page; the job queue
makes it as the person who asked; the original's page lists its copies and each copy's page
says where it came from and what was silenced. Others are refused, bad spans named, and a
copy of a copy is not offered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.vault import jobs as vault_jobs
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.support.recordings import store_conference_recording

assert "derive_recording" in queue.handlers(), vault_jobs


@pytest.fixture
def recording(world: World) -> Recording:
    """The conference recording made two seconds long here (tests/support's is one), so that
    a span past 0:02 is refused."""
    return store_conference_recording(world, seconds=2.0)


def _run_jobs() -> None:
    while queue.run_one("test-worker", kinds=["derive_recording"]) is not None:
        pass


def test_legal_staff_ask_for_a_redacted_copy_and_it_is_made_as_them(
    world: World, recording: Recording
) -> None:
    client = world.client_for("legal")
    player = reverse("recording_player", args=[recording.pk])
    assert "Make a redacted copy" in client.get(player).content.decode()
    page = reverse("recording_redact", args=[recording.pk])
    assert client.get(page).status_code == 200
    response = client.post(
        page, {"spans": "0:00.25-0:01 a neighbour's name", "reason": "SAR-2025-114"}
    )
    assert response.status_code == 302
    assert "being made" in client.get(player).content.decode()
    asked = AuditEvent.objects.get(action="vault.copy_requested")
    assert asked.actor_username == world.users["legal"].username

    _run_jobs()
    copy = Recording.objects.get(derived_from=recording)
    assert copy.kind == Recording.Kind.REDACTED_COPY
    assert copy.provided_by == world.users["legal"]
    assert copy.derivation["silenced"] == [
        {"start": 0.25, "end": 1.0, "reason": "a neighbour's name"}
    ]
    original_page = client.get(player).content.decode()
    assert reverse("recording_player", args=[copy.pk]) in original_page
    copy_page = client.get(reverse("recording_player", args=[copy.pk])).content.decode()
    assert "Where this copy came from" in copy_page
    assert "a neighbour&#x27;s name" in copy_page
    assert "Make a redacted copy" not in copy_page  # never a copy of a copy
    assert client.get(reverse("recording_redact", args=[copy.pk])).status_code == 403


def test_a_playback_copy_is_queued_and_made(world: World, recording: Recording) -> None:
    client = world.client_for("team_manager")
    url = reverse("recording_playback_copy", args=[recording.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    _run_jobs()
    copy = Recording.objects.get(derived_from=recording)
    assert copy.kind == Recording.Kind.PLAYBACK_COPY
    job = Job.objects.get(kind="derive_recording")
    assert job.result == {"copy": str(copy.pk)}


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ("", "Give at least one part to silence"),
        ("0:01-0:09 a name", "the recording is only 0:02 long"),
        ("1-0.5 a name", "the end must come after the start"),
        ("0:00-0:01", "say why this part is silenced"),
    ],
)
def test_bad_spans_are_named_and_nothing_is_queued(
    world: World, recording: Recording, spans: str, message: str
) -> None:
    response = world.client_for("legal").post(
        reverse("recording_redact", args=[recording.pk]), {"spans": spans, "reason": "SAR"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.filter(kind="derive_recording").exists()


@pytest.mark.parametrize("persona", ["mother", "nurse", "outsider", "other_authority", "admin"])
def test_others_cannot_ask_for_copies(world: World, recording: Recording, persona: str) -> None:
    client = world.client_for(persona)
    redact = reverse("recording_redact", args=[recording.pk])
    assert client.post(redact, {"spans": "0-1 x", "reason": "SAR"}).status_code == 404
    assert client.post(reverse("recording_playback_copy", args=[recording.pk])).status_code == 404
    assert not Job.objects.filter(kind="derive_recording").exists()
    assert AuditEvent.objects.filter(action="access_denied", object_id=str(recording.pk)).exists()
