"""The family member always knows what to do next (issue 12): the home page lists each meeting
as a task with its status and one primary button; the meeting and request pages lead with it;
a pending request can be withdrawn; after withdrawing, nobody is told they can record."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse

from onrecord.recording_requests import services
from onrecord.recording_requests.models import (
    AccessLink,
    Declaration,
    RecordingRequest,
    TimelineEntry,
)
from tests.recording_requests.helpers import allow, only_request, walk_journey
from tests.support.personas import World


def _primary_buttons(page: str) -> list[str]:
    """The text of every primary (green) button: class exactly govuk-button."""
    found = re.findall(r'<a class="govuk-button( govuk-![^"]*)?"[^>]*>(.*?)</a>', page, re.S)
    return [re.sub(r"<[^>]+>.*", "", b, flags=re.S).strip() for _, b in found]


def _prepare(world: World, made: RecordingRequest) -> Declaration:
    return services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )


def test_home_page_is_a_task_list_with_one_next_step(world: World) -> None:
    client = world.client_for("mother")
    page = client.get(reverse("home")).content.decode()
    assert 'class="govuk-task-list"' in page
    assert "What to do next" in page
    assert _primary_buttons(page) == ["Ask to record this meeting"]
    walk_journey(client, world.meeting)
    page = client.get(reverse("home")).content.decode()
    assert "Waiting for a decision" in page
    assert str(only_request().reference) in page
    assert "Ask to record this meeting" not in page


def test_meeting_page_leads_with_the_next_step(world: World) -> None:
    client = world.client_for("mother")
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    button = page.index("Ask to record this meeting")
    assert button < page.index('id="attendees"') < page.index('id="agenda"')


def test_once_allowed_the_primary_button_is_sign_the_declaration(world: World) -> None:
    client = world.client_for("mother")
    walk_journey(client, world.meeting)
    made = only_request()
    allow(world, made)
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "Waiting for your social worker" in page
    assert "Ask to record this meeting" not in page
    declaration = _prepare(world, made)
    for url in (reverse("home"), reverse("meeting_detail", args=[world.meeting.pk])):
        page = client.get(url).content.decode()
        assert _primary_buttons(page) == ["Sign the declaration"], url
        assert reverse("declaration_sign", args=[declaration.pk]) in page
    decision_page = client.get(reverse("request_detail", args=[made.pk])).content.decode()
    assert reverse("declaration_sign", args=[declaration.pk]) in decision_page
    assert reverse("declaration_detail", args=[declaration.pk]) in decision_page


def test_request_page_speaks_to_the_family_member_in_the_first_person(world: World) -> None:
    client = world.client_for("mother")
    walk_journey(client, world.meeting, support="A break halfway")
    made = only_request()
    mine = client.get(reverse("request_detail", args=[made.pk])).content.decode()
    assert "Help I need" in mine
    assert "Help they need" not in mine
    assert "Your request to record" in mine
    staff = world.client_for("chair").get(reverse("request_detail", args=[made.pk]))
    assert "Help they need" in staff.content.decode()


def test_a_pending_request_is_withdrawn_and_everyone_told(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client_for("mother")
    walk_journey(client, world.meeting)
    made = only_request()
    view_links = AccessLink.objects.filter(request=made, used_at__isnull=True)
    assert view_links.exists()
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert reverse("withdraw_request", args=[made.pk]) in page
    refused = client.post(reverse("withdraw_request", args=[made.pk]), {})
    assert refused.status_code == 400
    assert "Confirm you want to withdraw your request" in refused.content.decode()
    assert only_request().status == RecordingRequest.Status.GATHERING_VIEWS
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("withdraw_request", args=[made.pk]), {"confirm": "on", "reason": "Changed"}
        )
    assert done.status_code == 200
    body = done.content.decode()
    assert "Request withdrawn" in body
    assert str(made.reference) in body
    made.refresh_from_db()
    assert made.status == RecordingRequest.Status.WITHDRAWN
    assert made.withdrawn_at
    from django.utils import timezone

    assert all(link.expires_at <= timezone.now() for link in view_links.all())
    subjects = {m.subject for m in mail.outbox}
    assert "You have withdrawn your request to record the meeting" in subjects
    assert any(s.startswith("Your view is no longer needed") for s in subjects)
    assert TimelineEntry.objects.filter(summary__contains="withdrew their request").exists()
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "You withdrew your request" in page
    assert "You can record" not in page


def test_only_the_requester_may_withdraw(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    for persona in ("chair", "father_of_jade"):
        response = world.client_for(persona).post(
            reverse("withdraw_request", args=[made.pk]), {"confirm": "on"}
        )
        assert response.status_code in {403, 404}, persona
    assert only_request().status == RecordingRequest.Status.GATHERING_VIEWS


def test_after_withdrawing_the_declaration_the_page_no_longer_says_you_can_record(
    world: World,
) -> None:
    client = world.client_for("mother")
    walk_journey(client, world.meeting)
    made = only_request()
    allow(world, made)
    declaration = _prepare(world, made)
    services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "You can record this meeting" in page
    assert reverse("declaration_revoke", args=[declaration.pk]) in page
    services.revoke_declaration(declaration, revoked_by=world.users["mother"])
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "You can record" not in page
    assert "You withdrew your declaration" in page
