"""Links expire as soon as they are no longer needed (issue 12): the view was given (by link or
in person), the decision made, the request withdrawn, the meeting started. An expired link opens
a clear page, never "giving your view as ...", and the refusal is audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.recording_requests import services
from onrecord.recording_requests.decisions import record_decision
from onrecord.recording_requests.models import AccessLink
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World

LINK = re.compile(r"https?://\S+/link/([A-Za-z0-9_-]+)/")


def _tokens(django_capture_on_commit_callbacks: Any, world: World) -> dict[str, str]:
    """Dana asks; returns each invited person's email address -> their view link's token."""
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    tokens = {}
    for message in mail.outbox:
        match = LINK.search(str(message.body))
        if match:
            tokens[message.to[0]] = match.group(1)
    assert len(tokens) >= 2, "at least two people were asked by link"
    return tokens


def _opens_as_expired(token: str) -> bool:
    response = Client().get(reverse("link_start", args=[token]))
    body = response.content.decode()
    return response.status_code == 410 and "giving your view" not in body.lower()


def test_the_decision_expires_every_unused_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    tokens = _tokens(django_capture_on_commit_callbacks, world)
    token = next(iter(tokens.values()))
    assert Client().get(reverse("link_start", args=[token])).status_code == 200
    record_decision(
        only_request(),
        world.users["chair"],
        outcome="refused",
        reason="Sensitive health information.",
        engine={"outcome": "for_decision_maker"},
    )
    now = timezone.now()
    assert not AccessLink.objects.filter(used_at__isnull=True, expires_at__gt=now).exists()
    assert all(_opens_as_expired(t) for t in tokens.values())
    assert AuditEvent.objects.filter(action="link_expired").count() >= len(tokens)


def test_a_view_given_in_person_expires_that_persons_link(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    tokens = _tokens(django_capture_on_commit_callbacks, world)
    made = only_request()
    address, token = next(iter(tokens.items()))
    invited = made.invitations.get(person__email=address).person
    services.record_view(made, invited, "agrees", recorded_by=world.users["social_worker"])
    assert _opens_as_expired(token)
    others = [t for a, t in tokens.items() if a != address]
    assert Client().get(reverse("link_start", args=[others[0]])).status_code == 200


def test_links_stop_working_when_the_meeting_starts(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    tokens = _tokens(django_capture_on_commit_callbacks, world)
    # A link made close to the meeting keeps an hour's life; the meeting starting ends it.
    AccessLink.objects.update(expires_at=timezone.now() + dt.timedelta(hours=2))
    type(world.meeting).objects.filter(pk=world.meeting.pk).update(
        scheduled_start=timezone.now() - dt.timedelta(minutes=1)
    )
    assert all(_opens_as_expired(t) for t in tokens.values())


def test_the_request_link_expires_once_the_request_is_made(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    dana = world.case.people.get(full_name="Dana Whitfield")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_request_link(world.meeting, dana, world.users["social_worker"])
    token = LINK.search(str(mail.outbox[-1].body))
    assert token
    walk_journey(world.client_for("mother"), world.meeting)  # she asks signed in instead
    assert _opens_as_expired(token.group(1))
