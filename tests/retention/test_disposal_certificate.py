"""The disposal certificate: every fact the brief asks for, as JSON and PDF, and kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import ImmutableRecordError
from onrecord.retention.disposal import dispose
from onrecord.vault.models import DisposalCertificate, Recording
from tests.support.personas import World


def test_the_certificate_names_everything(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    wrapped_sha = hashlib.sha256(bytes(warned_recording.wrapped_key)).hexdigest()
    certificate = dispose(warned_recording, by=records_manager)
    content = certificate.content
    event = AuditEvent.objects.get(action="vault.disposed", object_id=str(warned_recording.pk))
    meeting_day = world.meeting.scheduled_start.date()

    assert content["recording"]["id"] == str(warned_recording.pk)
    assert content["recording"]["sha256"] == warned_recording.sha256
    assert content["record_type"] == "child_protection"
    assert content["rule"]["description"] == "kept for 1 year after the meeting"
    assert content["rule"]["source"] == "Test schedule"
    assert abs(
        dt.date.fromisoformat(content["due_on"]) - meeting_day.replace(year=meeting_day.year + 1)
    ) <= dt.timedelta(days=1)
    assert content["authorised_by"]["username"] == "rita.records"
    assert content["disposed_at"]
    assert content["method"].startswith("crypto-shredding")
    assert content["kek_id"] == warned_recording.kek_id
    assert content["destroyed_wrapped_key_sha256"] == wrapped_sha
    assert content["audit_event"] == {"seq": event.seq, "hash": event.hash}
    assert event.detail["destroyed_wrapped_key_sha256"] == wrapped_sha
    assert content["owner_warned_at"]

    with pytest.raises(ImmutableRecordError, match="never deleted"):
        certificate.delete()
    assert DisposalCertificate.objects.filter(recording=warned_recording).count() == 1


def test_the_certificate_as_pdf_and_json(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    certificate = dispose(warned_recording, by=records_manager)
    client = world.client_for("records_manager")

    page = client.get(reverse("disposal_certificate", args=[certificate.number]))
    assert page.status_code == 200
    assert f"Disposal certificate {certificate.number}" in page.content.decode()
    assert warned_recording.sha256 in page.content.decode()

    pdf = client.get(reverse("disposal_certificate_pdf", args=[certificate.number]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    raw = client.get(reverse("disposal_certificate_json", args=[certificate.number]))
    data = json.loads(raw.content)
    assert data["certificate"] == certificate.number
    assert data["recording"]["sha256"] == warned_recording.sha256
    issued = AuditEvent.objects.filter(action="vault.certificate_issued").order_by("seq")
    assert [e.detail["format"] for e in issued] == ["pdf", "json"]
    assert issued.last().detail["sha256"] == hashlib.sha256(raw.content).hexdigest()  # type: ignore[union-attr]


def test_the_family_cannot_see_a_certificate(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    certificate = dispose(warned_recording, by=records_manager)
    for persona in ("mother", "outsider", "other_authority", "nurse"):
        response = world.client_for(persona).get(
            reverse("disposal_certificate", args=[certificate.number])
        )
        assert response.status_code == 404, persona
    # Staff allocated to the case can: it is part of the case's record.
    ok = world.client_for("social_worker").get(
        reverse("disposal_certificate", args=[certificate.number])
    )
    assert ok.status_code == 200
