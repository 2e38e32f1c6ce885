"""People are told whenever they must act or something was decided (issue 12): the declaration
waiting to be signed, the meeting changed, recording permission withdrawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.urls import reverse

from onrecord.recording_requests import services
from tests.recording_requests.helpers import allowed_request
from tests.support.personas import World


def test_declaration_waiting_is_emailed_with_a_link_to_sign(
    world: World, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.ONRECORD_BASE_URL = "https://onrecord.eastmere.example"
    made = allowed_request(world, "To help you remember.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.prepare_declaration(
            made, world.users["social_worker"], worker_position="SW", worker_signed_name="Tom"
        )
    [message] = [m for m in mail.outbox if "ready to sign" in m.subject]
    assert message.to == ["dana.whitfield@eastmere.example"]
    url = "https://onrecord.eastmere.example" + reverse("declaration_sign", args=[declaration.pk])
    assert url in str(message.body)


def test_withdrawn_permission_is_told_to_the_family_and_the_meeting_staff(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    made = allowed_request(world, "To help you remember.")
    declaration = services.prepare_declaration(
        made, world.users["social_worker"], worker_position="SW", worker_signed_name="Tom"
    )
    services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_declaration(declaration, revoked_by=world.users["mother"])
    subjects = [m.subject for m in mail.outbox]
    assert "You have withdrawn your declaration about recording" in subjects
    staff = [m for m in mail.outbox if m.subject.startswith("Recording permission withdrawn")]
    chair_email = world.case.people.get(user=world.users["chair"]).email
    assert any(chair_email in m.to for m in staff), subjects


def test_attendees_are_told_when_the_meeting_moves(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    meeting = world.meeting
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title = meeting.title  # an unwatched save tells nobody
        meeting.save()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting.scheduled_start += dt.timedelta(days=1)
        meeting.place = "Room 4, Civic Centre"
        meeting.save()
    told = {m.to[0] for m in mail.outbox if m.subject.startswith("Your meeting has changed")}
    expected = {
        a.person.email for a in meeting.attendees.select_related("person") if a.person.email
    }
    assert told == expected
    assert told
    body = str(mail.outbox[0].body)
    assert "Room 4, Civic Centre" in body
    assert "It is now on" in body
