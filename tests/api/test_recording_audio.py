"""Audio through the API only with the recordings:audio scope, only of the client's own
authority, and every download audited through the vault's gate under the client's name;
metadata (never audio) with recordings:read."""

from __future__ import annotations

import hashlib

from onrecord.api.models import ExternalRef
from onrecord.audit.models import AuditEvent
from onrecord.vault.models import Recording
from tests.support.api_clients import ApiPersonas


def test_audio_needs_its_scope_and_is_audited(
    api_personas: ApiPersonas, recording: Recording
) -> None:
    path = f"/api/v1/recordings/{recording.pk}/audio"
    assert api_personas.http("read_only").get(path).status_code == 403
    assert api_personas.http("other_system").get(path).status_code == 404
    assert not AuditEvent.objects.filter(action="vault.open", object_id=str(recording.pk)).exists()

    answer = api_personas.http("own_system").get(path)
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(body).hexdigest() == recording.sha256
    opened = AuditEvent.objects.get(action="vault.open", object_id=str(recording.pk))
    assert opened.actor_username == "api:eastmere-mosaic"
    assert opened.actor_role == "api"
    assert opened.detail["purpose"] == "download"


def test_metadata_lists_the_meetings_recordings_without_audio(
    api_personas: ApiPersonas, recording: Recording
) -> None:
    client = api_personas.clients["own_system"]
    ExternalRef.objects.create(
        authority=client.authority, system=client.system, kind="meeting",
        external_id="DEMO-M", object_id=str(recording.meeting_id),
    )  # fmt: skip
    answer = api_personas.http("own_system").get("/api/v1/meetings/DEMO-M/recordings")
    assert answer.status_code == 200
    [listed] = [r for r in answer.json() if r["id"] == str(recording.pk)]
    assert listed["sha256"] == recording.sha256
    assert "audio" not in listed
    assert not AuditEvent.objects.filter(action="vault.open", object_id=str(recording.pk)).exists()
