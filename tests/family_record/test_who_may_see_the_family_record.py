"""Who may open a family member's own record of a meeting (issue 12), persona by persona: only
a family member who was at the meeting, on its case. Everyone else, and every meeting of
another case or council, gets the same 404 as a meeting that does not exist, audited; and
before the chair approves the notes, nothing of them is shown to anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.minutes import services as minutes
from onrecord.minutes.models import MinutesVersion
from tests.family_record.conftest import ABOUT_JADE, SAID
from tests.support.personas import World

PAGES = ["family_record", "family_transcript"]


def _urls(world: World) -> list[str]:
    meeting = world.meeting.pk
    return [
        *(reverse(name, args=[meeting]) for name in PAGES),
        reverse("family_record_download", args=[meeting, "txt"]),
        reverse("family_record_download", args=[meeting, "pdf"]),
    ]


@pytest.mark.parametrize("persona", ["mother", "father_of_jade"])
def test_a_parent_who_was_there_reads_their_record(
    world: World, approved: MinutesVersion, persona: str
) -> None:
    client = world.client_for(persona)
    for url in _urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("persona", "why"),
    [
        ("father_of_leo", "invited, but not at the meeting"),
        ("other_family", "a parent on another council's case"),
        ("other_authority", "another council's chair"),
        ("chair", "staff read the minutes on their own page"),
        ("nurse", "another agency: the family's record is the family's"),
        ("outsider", "staff not allocated to the case"),
    ],
)
def test_anyone_else_gets_an_audited_404(
    world: World, approved: MinutesVersion, persona: str, why: str
) -> None:
    client = world.client_for(persona)
    for url in _urls(world):
        refused = AuditEvent.objects.filter(action="access_denied").count()
        response = client.get(url)
        assert response.status_code == 404, (url, why)
        assert ABOUT_JADE not in response.content.decode()
        assert AuditEvent.objects.filter(action="access_denied").count() == refused + 1, url


def test_a_parent_of_another_case_cannot_reach_this_meeting_by_its_id(
    world: World, approved: MinutesVersion
) -> None:
    client = world.client_for("other_family")
    url = reverse("family_ask_for_a_copy", args=[world.meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"asks": "recording"}).status_code == 404


def test_before_the_chair_approves_nothing_is_shown(world: World, held: World) -> None:
    minutes.generate(world.meeting, by=world.users["social_worker"])  # a draft, not approved
    client = world.client_for("mother")
    for name in PAGES:
        response = client.get(reverse(name, args=[world.meeting.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        assert "The notes of this meeting are not ready yet." in body
        for _, _, text in SAID:
            assert text not in body
        assert "Jade: reports and discussion" not in body
    for fmt in ("txt", "pdf"):
        response = client.get(reverse("family_record_download", args=[world.meeting.pk, fmt]))
        assert response.status_code == 302  # back to the page that says it is not ready


def test_a_change_after_approval_is_not_shown_until_approved_again(
    world: World, approved: MinutesVersion
) -> None:
    items = approved.content["items"]
    jade = next(i for i in items if i["title"] == "Jade: reports and discussion")
    minutes.save_changes(
        world.meeting,
        by=world.users["social_worker"],
        changes={"items": {str(jade["id"]): {"decisions": "A draft decision nobody approved"}}},
        based_on=approved.version,
    )
    body = world.client_for("mother").get(reverse("family_record", args=[world.meeting.pk]))
    assert "A draft decision nobody approved" not in body.content.decode()
    assert ABOUT_JADE in body.content.decode()
