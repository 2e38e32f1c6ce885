"""Asking for a copy (issue 12): a subject access request (UK GDPR Article 15), audited in its
transaction, with a legal hold on the case so nothing is disposed of before it is answered, on
the legal team's list; the family member is told their reference, what happens next and by
when (one month, Article 12(3)). Bad input is refused on the field and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.family_record import sar_rules
from onrecord.family_record.models import SubjectAccessRequest
from onrecord.recording_requests.models import TimelineEntry
from onrecord.vault.models import LegalHold
from tests.support.personas import World


def test_a_parent_asks_for_the_recording_and_is_told_what_happens_by_when(world: World) -> None:
    client = world.client_for("father_of_jade")
    url = reverse("family_ask_for_a_copy", args=[world.meeting.pk])
    assert "What do you want a copy of?" in client.get(url).content.decode()
    response = client.post(url, {"asks": "recording", "details": "By email please"})
    made = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("family_copy_requested", args=[made.pk])
    assert sar_rules.PATTERN.fullmatch(made.reference)
    assert made.requester.full_name == "Marcus Reid"
    assert made.received_on == timezone.localdate()
    assert made.due_on == sar_rules.due_on(made.received_on)
    assert made.details == "By email please"

    hold = LegalHold.objects.get(reference=made.reference)
    assert made.hold == hold
    assert hold.case == world.case
    assert hold.recording is None
    event = AuditEvent.objects.get(action="subject_access.requested")
    assert event.object_id == str(made.pk)
    assert event.case_id == str(world.case.pk)
    assert event.detail["due_on"] == made.due_on.isoformat()

    page = client.get(response["Location"]).content.decode()
    assert made.reference in page
    assert "What happens next" in page
    assert f"You get your copy by {made.due_on:%A %-d %B %Y}" in page


def test_someone_invited_who_did_not_come_may_still_ask(world: World) -> None:
    client = world.client_for("father_of_leo")
    url = reverse("family_ask_for_a_copy", args=[world.meeting.pk])
    assert client.post(url, {"asks": "everything"}).status_code == 302
    assert SubjectAccessRequest.objects.get().asks == "everything"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose what you want a copy of."),
        ({"asks": "the moon"}, "Select a valid choice"),
        ({"asks": "recording", "details": "x" * 1001}, "Write 1000 characters or fewer."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_made(
    world: World, data: dict[str, str], error: str
) -> None:
    client = world.client_for("mother")
    response = client.post(reverse("family_ask_for_a_copy", args=[world.meeting.pk]), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()
    assert not LegalHold.objects.filter(reference__startswith="SAR-").exists()


def test_only_the_person_who_asked_sees_the_confirmation(world: World) -> None:
    world.client_for("mother").post(
        reverse("family_ask_for_a_copy", args=[world.meeting.pk]), {"asks": "full_record"}
    )
    made = SubjectAccessRequest.objects.get()
    url = reverse("family_copy_requested", args=[made.pk])
    assert world.client_for("mother").get(url).status_code == 200
    for persona in ("father_of_jade", "other_family", "chair"):
        assert world.client_for(persona).get(url).status_code == 404, persona


def test_the_legal_team_sees_their_councils_requests_soonest_due_first(world: World) -> None:
    world.client_for("mother").post(
        reverse("family_ask_for_a_copy", args=[world.meeting.pk]), {"asks": "recording"}
    )
    made = SubjectAccessRequest.objects.get()
    page = world.client_for("legal").get(reverse("subject_access_list"))
    assert page.status_code == 200
    assert made.reference in page.content.decode()
    listed = AuditEvent.objects.order_by("-seq").first()
    assert listed is not None
    assert listed.detail["page"] == "subject_access_list"
    other = world.client_for("other_legal").get(reverse("subject_access_list"))
    assert made.reference not in other.content.decode()
    assert world.client_for("chair").get(reverse("subject_access_list")).status_code == 403
    assert world.client_for("mother").get(reverse("subject_access_list")).status_code == 403


def test_the_legal_team_finds_the_list_in_the_menu_and_nobody_else_is_shown_it(
    world: World,
) -> None:
    link = f'href="{reverse("subject_access_list")}"'
    home = world.client_for("legal").get(reverse("home")).content.decode()
    assert link in home
    listed = world.client_for("legal").get(reverse("subject_access_list")).content.decode()
    assert f'{link} aria-current="page"' in listed
    for persona in ("chair", "social_worker", "mother", "admin"):
        assert link not in world.client_for(persona).get(reverse("home")).content.decode()


def test_the_family_member_is_emailed_and_staff_see_it_on_the_timeline(
    world: World, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.ONRECORD_BASE_URL = "https://onrecord.eastmere.example"
    mother = world.case.people.get(user=world.users["mother"])
    mother.email = "dana@example.org"
    mother.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("mother").post(
            reverse("family_ask_for_a_copy", args=[world.meeting.pk]), {"asks": "recording"}
        )
    made = SubjectAccessRequest.objects.get()
    (sent,) = mail.outbox
    assert sent.to == ["dana@example.org"]
    assert made.reference in sent.subject
    assert f"You get your copy by {made.due_on:%A %-d %B %Y}." in sent.body
    page = reverse("family_copy_requested", args=[made.pk])
    assert f"https://onrecord.eastmere.example{page}" in sent.body
    entry = TimelineEntry.objects.get(case=world.case, summary=sent.subject)
    assert entry.meeting == world.meeting
