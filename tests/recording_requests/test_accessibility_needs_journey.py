"""The family says what makes meetings hard for them when they record for accessibility; they
are shown the help on offer, and the app's decision applies the clauses about their need
(issue 14; Leeds a and principles, Hertfordshire 1.2 a)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from onrecord.cases.models import Meeting
from onrecord.recording_requests.models import RecordingRequest
from tests.recording_requests.helpers import only_request, walk_journey
from tests.recording_requests.policy_concepts import codes, decide_page, under
from tests.support.personas import World


def _ask(client: Client, meeting: Meeting, needs: list[str]) -> Any:
    """The journey with its extra question; returns the check page."""
    assert client.get(reverse("ask_to_record", args=[meeting.pk])).status_code == 200
    client.post(reverse("ask_to_record_how", args=[meeting.pk]), {"medium": "audio"})
    why = client.post(
        reverse("ask_to_record_why", args=[meeting.pk]), {"purposes": ["accessibility"]}
    )
    assert why["Location"] == reverse("ask_to_record_needs", args=[meeting.pk])
    answered = client.post(reverse("ask_to_record_needs", args=[meeting.pk]), {"needs": needs})
    assert answered["Location"] == reverse("ask_to_record_support", args=[meeting.pk])
    client.post(reverse("ask_to_record_support", args=[meeting.pk]), {"support_needed": ""})
    return client.get(reverse("ask_to_record_check", args=[meeting.pk]))


def _send(client: Client, meeting: Meeting) -> RecordingRequest:
    client.post(reverse("ask_to_record_check", args=[meeting.pk]))
    return only_request()


def test_leeds_principles_english_not_first_language_offers_an_interpreter(
    world: World,
) -> None:
    """Leeds, principles: "where English is not their first language, we will provide
    additional support" (LD-ADDITIONAL-SUPPORT, LD-LANGUAGE-SUPPORT)."""
    under(world, "leeds")
    client = world.client_for("mother")
    check = _ask(client, world.meeting, ["english_not_first_language"])
    html = check.content.decode()
    assert "English is not my first language" in html
    assert "How we can help you" in html
    assert "You can have an interpreter." in html
    made = _send(client, world.meeting)
    assert made.needs == ["english_not_first_language"]
    staff_page = world.client_for("chair").get(reverse("request_detail", args=[made.pk]))
    assert "English is not a first language" in staff_page.content.decode()
    found = codes(decide_page(world, made))
    assert {"LD-ADDITIONAL-SUPPORT", "LD-LANGUAGE-SUPPORT"} <= found


def test_leeds_a_learning_disability_calls_for_reasonable_adjustments(world: World) -> None:
    """Leeds a: "ways in which to improve this for them should be discussed and addressed"
    (LD-REASONABLE-ADJUSTMENTS), and no interpreter is offered."""
    under(world, "leeds")
    client = world.client_for("mother")
    html = _ask(client, world.meeting, ["learning_disability"]).content.decode()
    assert "You can have papers in easy read." in html
    found = codes(decide_page(world, _send(client, world.meeting)))
    assert "LD-REASONABLE-ADJUSTMENTS" in found
    assert "LD-LANGUAGE-SUPPORT" not in found


def test_hertfordshire_1_2_a_english_alone_is_not_a_listed_need(world: World) -> None:
    """Hertfordshire 1.2 a lists learning disability, literacy and difficulty writing or
    concentrating: English alone is noted as not among them (HT-NEED-NOT-LISTED); a learning
    disability is (HT-RECOGNISED-NEED)."""
    under(world, "hertfordshire")
    client = world.client_for("mother")
    _ask(client, world.meeting, ["english_not_first_language"])
    found = codes(decide_page(world, _send(client, world.meeting)))
    assert "HT-NEED-NOT-LISTED" in found
    assert "HT-RECOGNISED-NEED" not in found


def test_something_else_shows_help_but_sends_no_listed_need(world: World) -> None:
    """Leeds a: an accessibility reason with no need named still calls for adjustments."""
    under(world, "leeds")
    client = world.client_for("mother")
    html = _ask(client, world.meeting, ["other"]).content.decode()
    assert "We will talk with you about what would help." in html
    made = _send(client, world.meeting)
    assert made.needs == []
    assert "LD-REASONABLE-ADJUSTMENTS" in codes(decide_page(world, made))


def test_the_needs_question_must_be_answered_from_the_list(world: World) -> None:
    client = world.client_for("mother")
    _ask(client, world.meeting, ["literacy"])
    url = reverse("ask_to_record_needs", args=[world.meeting.pk])
    empty = client.post(url, {})
    assert empty.status_code == 400
    assert "Choose what makes meetings hard for you" in empty.content.decode()
    wrong = client.post(url, {"needs": ["telepathy"]})
    assert wrong.status_code == 400
    assert "Choose from the list on this page" in wrong.content.decode()


def test_needs_are_not_asked_or_kept_when_accessibility_is_not_a_reason(world: World) -> None:
    client = world.client_for("mother")
    _ask(client, world.meeting, ["literacy"])
    # The family changes their reason: the needs answer goes with it.
    client.post(
        reverse("ask_to_record_why", args=[world.meeting.pk]) + "?change=1",
        {"purposes": ["memory_aid"]},
    )
    needs_page = client.get(reverse("ask_to_record_needs", args=[world.meeting.pk]))
    assert needs_page["Location"] == reverse("ask_to_record_why", args=[world.meeting.pk])
    assert _send(client, world.meeting).needs == []


def test_a_request_without_accessibility_goes_straight_to_support(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    assert only_request().needs == []
