"""Secure one-time links: a parent asks without an account, a professional gives a view; expired,
reused or unknown links are refused with a clear page and audited (issue 4)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.recording_requests import links
from onrecord.recording_requests.models import AccessLink, RecordingRequest, View
from onrecord.recording_requests.services import send_request_link
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.support.personas import World

LINK = re.compile(r"http://\S+/link/(\S+)/")


def _token_sent_to(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    match = LINK.search(str(message.body))
    assert match, message.body
    return match.group(1)


def test_parent_asks_through_a_link_without_an_account(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    marcus = person("Marcus Reid")
    with django_capture_on_commit_callbacks(execute=True):
        send_request_link(world.meeting, marcus, world.users["social_worker"])
    token = _token_sent_to("marcus.reid@eastmere.example")
    assert not AccessLink.objects.filter(token_hash=token).exists(), "only a hash is stored"

    client = Client()
    landing = client.get(reverse("link_start", args=[token]))
    assert landing.status_code == 302
    # Opening the link (as a mail scanner might) does not use it up.
    assert AccessLink.objects.get().used_at is None
    response = walk_journey(client, world.meeting)
    assert response.status_code == 302
    made = only_request()
    assert made.requester == marcus
    assert made.channel == RecordingRequest.Channel.LINK
    assert AccessLink.objects.get(purpose="make_request").used_at is not None

    reused = Client().get(reverse("link_start", args=[token]))
    assert reused.status_code == 410
    assert "already been used" in reused.content.decode()
    assert AuditEvent.objects.filter(action="link_refused").exists()


def test_professional_gives_a_view_through_a_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    token = _token_sent_to("amira.hassan@eastmere.example")
    client = Client()
    page = client.get(reverse("link_start", args=[token]))
    assert "Your view on recording the meeting" in page.content.decode()
    missing_reason = client.post(reverse("link_start", args=[token]), {"stance": "objects"})
    assert missing_reason.status_code == 400
    assert "Tell us why you object" in missing_reason.content.decode()
    ok = client.post(
        reverse("link_start", args=[token]),
        {"stance": "objects", "reason": "Safety of staff at home visits"},
    )
    assert "Your view has been recorded" in ok.content.decode()
    view = View.objects.get()
    assert (view.person.full_name, view.stance) == ("Amira Hassan", "objects")
    again = client.post(reverse("link_start", args=[token]), {"stance": "agrees"})
    assert again.status_code == 410
    assert View.objects.get().stance == "objects"


def test_expired_link_is_refused(world: World) -> None:
    _, token = links.create_link(
        AccessLink.Purpose.MAKE_REQUEST,
        person("Dana Whitfield"),
        world.meeting,
        now=timezone.now() - dt.timedelta(days=30),
    )
    response = Client().get(reverse("link_start", args=[token]))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_unknown_link_is_refused_and_audited(world: World) -> None:
    response = Client().get(reverse("link_start", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "not recognised" in response.content.decode()
    assert AuditEvent.objects.filter(action="link_refused").count() == 1


def test_a_link_cannot_be_pointed_at_another_meeting(world: World) -> None:
    marcus = person("Marcus Reid")
    _, token = links.create_link(AccessLink.Purpose.MAKE_REQUEST, marcus, world.meeting)
    client = Client()
    client.get(reverse("link_start", args=[token]))
    other = client.get(reverse("ask_to_record_how", args=[world.other_meeting.pk]))
    assert other.status_code == 404
