"""Every view and download of a family member's own record is in the audit trail, in the
request's transaction: what was shown (the minutes version, the items shown, how many were
left out) and, for a download, its format and size."""

from __future__ import annotations

from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.minutes.models import MinutesVersion
from tests.support.personas import World


def _last() -> AuditEvent:
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    return event


def test_viewing_the_notes_and_the_transcript_is_audited(
    world: World, approved: MinutesVersion
) -> None:
    client = world.client_for("father_of_jade")
    for name, page in (
        ("family_record", "family_record"),
        ("family_transcript", "family_transcript"),
    ):
        client.get(reverse(name, args=[world.meeting.pk]))
        event = _last()
        assert event.action == "view"
        assert event.actor_username == "marcus.reid"
        assert event.case_id == str(world.case.pk)
        assert event.object_id == str(world.meeting.pk)
        assert event.detail["page"] == page
        assert event.detail["version"] == approved.version
        assert event.detail["items_left_out"] == 2
        assert len(event.detail["items_shown"]) == 3


def test_each_download_is_audited_with_its_format_and_size(
    world: World, approved: MinutesVersion
) -> None:
    client = world.client_for("mother")
    for fmt in ("txt", "pdf"):
        response = client.get(reverse("family_record_download", args=[world.meeting.pk, fmt]))
        event = _last()
        assert event.action == "family_record.download"
        assert event.actor_username == "dana.whitfield"
        assert event.detail["format"] == fmt
        assert event.detail["bytes"] == len(response.content)
        assert len(event.detail["items_shown"]) == 5


def test_an_unknown_format_is_refused_and_audited(world: World, approved: MinutesVersion) -> None:
    client = world.client_for("mother")
    before = AuditEvent.objects.filter(action="family_record.download").count()
    response = client.get(reverse("family_record_download", args=[world.meeting.pk, "docx"]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="family_record.download").count() == before
    assert _last().action == "access_denied"
