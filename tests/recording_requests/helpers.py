from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests.models import Decision, RecordingRequest
from tests.support.personas import World


def walk_journey(
    client: Client,
    meeting: Meeting,
    *,
    medium: str = "audio",
    purposes: tuple[str, ...] = ("memory_aid",),
    details: str = "",
    support: str = "",
) -> Any:
    """Answer every question of the request journey and send it; returns the last response."""
    assert client.get(reverse("ask_to_record", args=[meeting.pk])).status_code == 200
    client.post(reverse("ask_to_record_how", args=[meeting.pk]), {"medium": medium})
    client.post(
        reverse("ask_to_record_why", args=[meeting.pk]),
        {"purposes": list(purposes), "purpose_details": details},
    )
    client.post(reverse("ask_to_record_support", args=[meeting.pk]), {"support_needed": support})
    return client.post(reverse("ask_to_record_check", args=[meeting.pk]))


def person(name: str) -> Person:
    return Person.objects.get(full_name=name)


def move_meeting(meeting: Meeting, **delta: float) -> None:
    from django.utils import timezone

    meeting.scheduled_start = timezone.now() + dt.timedelta(**delta)
    meeting.save()


def outbox_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def only_request() -> RecordingRequest:
    return RecordingRequest.objects.get()


def allow(
    world: World, made: RecordingRequest, reason: str = "To help Dana remember the plan."
) -> RecordingRequest:
    """`made` allowed by the chair for `reason` (the decision as the decide page records it)."""
    Decision.objects.create(
        request=made,
        outcome="allowed",
        decided_by=world.users["chair"],
        decided_by_role="Chair",
        reason=reason,
        policy_outcome="allowed",
        policy_decision={"outcome": "allowed"},
    )
    made.status = RecordingRequest.Status.DECIDED
    made.save()
    return made


def allowed_request(
    world: World, reason: str = "To help Dana remember the plan."
) -> RecordingRequest:
    """Dana's request, made through the family's journey, allowed by the chair."""
    walk_journey(world.client_for("mother"), world.meeting)
    return allow(world, only_request(), reason)
