"""The family's request: one question per page, plain answers when it cannot be made, late
requests accepted with a warning, everyone the seeds name told and asked (issue 4)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from onrecord.recording_requests.models import (
    RecordingRequest,
    TimelineEntry,
    ViewInvitation,
)
from tests.recording_requests.helpers import (
    move_meeting,
    only_request,
    outbox_to,
    person,
    walk_journey,
)
from tests.support.personas import World


def test_mother_asks_and_everyone_is_told(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client_for("mother")
    with django_capture_on_commit_callbacks(execute=True):
        response = walk_journey(
            client, world.meeting, purposes=("memory_aid", "accessibility"), support="A break"
        )
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "Request sent" in done
    made = only_request()
    assert made.requester == person("Dana Whitfield")
    assert made.channel == RecordingRequest.Channel.SIGNED_IN
    assert made.purposes == ["memory_aid", "accessibility"]
    assert made.support_needed == "A break"
    assert not made.is_late

    # The mother, the chair and the organiser are told; professionals, both fathers and Jade
    # (14, Gillick competent) are asked for their view. Leo (6) is not asked directly.
    assert outbox_to("dana.whitfield@eastmere.example")
    assert outbox_to("priya.shah@eastmere.example")
    assert outbox_to("tom.bennett@eastmere.example")
    asked = set(ViewInvitation.objects.values_list("person__full_name", flat=True))
    assert asked == {"Amira Hassan", "Dan Pryce", "Marcus Reid", "Samuel Okafor", "Jade Whitfield"}
    nurse_mail = outbox_to("amira.hassan@eastmere.example")[0]
    assert "/link/" in nurse_mail.body
    # Jade has no email: the message is on the timeline for her social worker to pass on.
    jade_entry = TimelineEntry.objects.get(to__startswith="Jade Whitfield")
    assert "pass this on in person" in jade_entry.to
    assert TimelineEntry.objects.filter(kind="request", for_minutes=True).count() == 1


def test_duplicate_request_gets_a_clear_answer(world: World) -> None:
    client = world.client_for("mother")
    walk_journey(client, world.meeting)
    again = client.get(reverse("ask_to_record", args=[world.meeting.pk]))
    assert "You already asked to record this meeting" in again.content.decode()
    assert RecordingRequest.objects.count() == 1


def test_someone_not_invited_is_told_they_have_no_place(world: World) -> None:
    world.meeting.attendees.filter(person__full_name="Samuel Okafor").delete()
    client = world.client_for("father_of_leo")
    response = client.get(reverse("ask_to_record", args=[world.meeting.pk]))
    assert response.status_code == 404
    assert RecordingRequest.objects.count() == 0


def test_late_request_is_accepted_with_a_warning(world: World) -> None:
    move_meeting(world.meeting, hours=20)
    client = world.client_for("mother")
    start = client.get(reverse("ask_to_record", args=[world.meeting.pk])).content.decode()
    assert "less than 48 hours away" in start
    response = walk_journey(client, world.meeting)
    done = client.get(response["Location"]).content.decode()
    assert "You asked less than 48 hours before the meeting" in done
    made = only_request()
    assert made.is_late
    assert made.status == RecordingRequest.Status.GATHERING_VIEWS


def test_missing_answers_are_named_and_nothing_is_stored(world: World) -> None:
    client = world.client_for("mother")
    client.get(reverse("ask_to_record", args=[world.meeting.pk]))
    how = client.post(reverse("ask_to_record_how", args=[world.meeting.pk]), {})
    assert how.status_code == 400
    assert "Choose sound only or sound and pictures" in how.content.decode()
    why = client.post(
        reverse("ask_to_record_why", args=[world.meeting.pk]), {"purposes": ["other"]}
    )
    assert "Tell us your other reason" in why.content.decode()
    forged = client.post(
        reverse("ask_to_record_why", args=[world.meeting.pk]), {"purposes": ["blackmail"]}
    )
    assert forged.status_code == 400
    # Jumping to the check page without answers sends them back to the first question.
    check = client.post(reverse("ask_to_record_check", args=[world.meeting.pk]))
    assert check.status_code == 302
    assert check["Location"].endswith("/how/")
    assert RecordingRequest.objects.count() == 0


def test_professionals_cannot_use_the_family_journey(world: World) -> None:
    response = world.client_for("nurse").get(reverse("ask_to_record", args=[world.meeting.pk]))
    assert response.status_code == 404


def test_family_member_sees_the_request_on_the_meeting_page(world: World) -> None:
    client = world.client_for("mother")
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "Ask to record this meeting" in page
    walk_journey(client, world.meeting)
    page = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert "You asked to record this meeting" in page
    assert "Ask to record this meeting" not in page
