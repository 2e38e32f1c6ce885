"""Least privilege: staff allocated to the case read the minutes, those who write case notes
(and the meeting's chair) draft and edit them; outsiders, another authority, the family and
other agencies get the same audited 404 as for a meeting that does not exist."""

from __future__ import annotations

import uuid

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.minutes.models import MinutesVersion
from tests.support.personas import World

READERS = ["chair", "social_worker", "team_manager", "legal"]
EDITORS = ["chair", "social_worker", "team_manager"]
STRANGERS = ["outsider", "other_authority", "mother", "father_of_jade", "nurse", "other_family"]


def _pages(world: World) -> list[str]:
    base = f"/meetings/{world.meeting.pk}"
    return [f"{base}/minutes/", f"{base}/minutes/edit/", f"{base}/minutes.docx"]


@pytest.mark.parametrize("persona", READERS)
def test_case_staff_read_the_minutes_and_it_is_audited(
    drafted: MinutesVersion, ran: World, persona: str
) -> None:
    page = ran.client_for(persona).get(f"/meetings/{ran.meeting.pk}/minutes/")
    assert page.status_code == 200
    assert "Priya Shah, Chair" in page.content.decode()
    viewed = AuditEvent.objects.filter(
        action="view", object_id=str(ran.meeting.pk), actor_username=ran.users[persona].username
    )
    assert viewed.filter(detail__page="minutes").exists()


@pytest.mark.parametrize("persona", STRANGERS)
def test_everyone_else_gets_not_found(drafted: MinutesVersion, ran: World, persona: str) -> None:
    client = ran.client_for(persona)
    for url in _pages(ran):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Priya Shah" not in response.content.decode()
    assert client.post(f"/meetings/{ran.meeting.pk}/minutes/draft/").status_code == 404
    assert MinutesVersion.objects.count() == 1
    refused = AuditEvent.objects.filter(actor_username=ran.users[persona].username)
    assert refused.filter(object_id=str(ran.meeting.pk)).exists()


def test_a_meeting_that_does_not_exist_looks_the_same(ran: World) -> None:
    response = ran.client_for("outsider").get(f"/meetings/{uuid.uuid4()}/minutes/")
    assert response.status_code == 404


def test_legal_reads_but_may_not_edit_or_draft(drafted: MinutesVersion, ran: World) -> None:
    client = ran.client_for("legal")
    assert client.get(f"/meetings/{ran.meeting.pk}/minutes/edit/").status_code == 403
    assert client.post(f"/meetings/{ran.meeting.pk}/minutes/draft/").status_code == 403
    assert MinutesVersion.objects.count() == 1


@pytest.mark.parametrize("persona", EDITORS)
def test_staff_who_write_notes_draft_from_the_page(ran: World, persona: str) -> None:
    client = ran.client_for(persona)
    first = client.get(f"/meetings/{ran.meeting.pk}/minutes/")
    assert "Draft the minutes" in first.content.decode()
    response = client.post(f"/meetings/{ran.meeting.pk}/minutes/draft/")
    assert response.status_code == 302
    assert MinutesVersion.objects.get().written_by == ran.users[persona]


def test_sign_in_is_needed(ran: World) -> None:
    from django.test import Client

    response = Client().get(f"/meetings/{ran.meeting.pk}/minutes/")
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
