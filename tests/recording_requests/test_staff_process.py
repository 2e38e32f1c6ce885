"""Staff run the process: see the request and who has answered, write down views given in
person (a child), remind people 24 hours before, and see it all on the case timeline."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from onrecord.recording_requests.models import AccessLink, View, ViewInvitation
from onrecord.recording_requests.services import send_reminders
from tests.recording_requests.helpers import move_meeting, only_request, person, walk_journey
from tests.support.personas import World


def test_social_worker_records_jades_view_given_in_person(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    jade = person("Jade Whitfield")
    worker = world.client_for("social_worker")
    page = worker.get(reverse("request_detail", args=[made.pk])).content.decode()
    assert "Jade Whitfield" in page
    assert "Waiting" in page
    response = worker.post(
        reverse("record_view_in_person", args=[made.pk, jade.pk]),
        {"stance": "agrees", "reason": "Fine if it helps Mum"},
    )
    assert response.status_code == 302
    view = View.objects.get()
    assert (view.person, view.stance, view.recorded_by) == (
        jade,
        "agrees",
        world.users["social_worker"],
    )


def test_recording_a_view_for_someone_not_asked_is_refused(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    leo = person("Leo Okafor")  # six: his view is not sought directly
    response = world.client_for("social_worker").post(
        reverse("record_view_in_person", args=[made.pk, leo.pk]), {"stance": "agrees"}
    )
    assert response.status_code == 404
    assert not View.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 200),
        ("social_worker", 200),
        ("legal", 200),
        ("mother", 200),
        ("father_of_jade", 404),
        ("nurse", 404),
        ("outsider", 404),
        ("other_authority", 404),
        ("other_family", 404),
    ],
)
def test_who_can_see_a_request(world: World, persona: str, status: int) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    response = world.client_for(persona).get(reverse("request_detail", args=[made.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["legal", "mother", "nurse"])
def test_only_process_staff_record_views(world: World, persona: str) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    jade = person("Jade Whitfield")
    response = world.client_for(persona).post(
        reverse("record_view_in_person", args=[made.pk, jade.pk]), {"stance": "agrees"}
    )
    assert response.status_code in (403, 404)
    assert not View.objects.exists()


def test_reminders_go_to_those_who_have_not_answered_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    assert ViewInvitation.objects.filter(request=made).count() == 5
    from onrecord.recording_requests.services import record_view

    record_view(made, person("Amira Hassan"), "agrees")
    assert send_reminders() == 0, "nobody is reminded earlier than 24 hours before"
    move_meeting(world.meeting, hours=20)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders()
    assert sent == 4
    reminded = {m.to[0] for m in mail.outbox}
    assert "amira.hassan@eastmere.example" not in reminded
    assert "dan.pryce@eastmere.example" in reminded
    assert send_reminders() == 0, "each person is reminded once"


def test_timeline_shows_messages_and_steps(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    page = world.client_for("social_worker").get(reverse("case_timeline", args=[world.case.pk]))
    html = page.content.decode()
    assert "Dana Whitfield asked to record" in html
    assert "Your view: a request to record" in html
    assert (
        world.client_for("mother").get(reverse("case_timeline", args=[world.case.pk])).status_code
        == 404
    )


def test_send_request_link_needs_an_email_address(world: World) -> None:
    samuel = person("Samuel Okafor")
    samuel.email = ""
    samuel.save()
    response = world.client_for("social_worker").post(
        reverse("send_request_link", args=[world.meeting.pk]),
        {"person": str(samuel.pk)},
        follow=True,
    )
    assert "Samuel Okafor has no email address on the case." in response.content.decode()
    assert not AccessLink.objects.exists()


def test_send_request_link_to_someone_not_invited_is_refused(world: World) -> None:
    jade = person("Jade Whitfield")
    response = world.client_for("social_worker").post(
        reverse("send_request_link", args=[world.meeting.pk]),
        {"person": str(jade.pk)},
        follow=True,
    )
    assert "You are not invited to this meeting" in response.content.decode()
    assert not AccessLink.objects.exists()
