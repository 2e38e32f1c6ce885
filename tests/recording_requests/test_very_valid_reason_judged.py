"""The decision-maker judges whether a professional's objection is a "very valid reason", on
the decide page; the app's decision for a phone call then follows Hertfordshire 2.4 (issue 14)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from onrecord.recording_requests.models import RecordingRequest, View
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.recording_requests.policy_concepts import codes, decide_page, give_view_by_link, under
from tests.support.personas import World

NURSE = "amira.hassan@eastmere.example"
# Hertfordshire 2.4: in a phone call or visit, the professional spoken to decides.
DECIDER = "social_worker"


def _phone_call_the_nurse_objects_to(world: World, capture: Any) -> RecordingRequest:
    under(world, "hertfordshire")
    world.meeting.kind = "phone_call"
    world.meeting.save(update_fields=["kind"])
    with capture(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    give_view_by_link(NURSE, stance="objects", reason="Safeguarding details of another family")
    return only_request()


def _judge(
    world: World, made: RecordingRequest, judged: str, persona: str = DECIDER, client: Any = None
) -> Any:
    view = View.objects.get(request=made, person=person("Amira Hassan"))
    return (client or world.client_for(persona)).post(
        reverse("decision_facts", args=[made.pk]),
        {"raised_before": "no", "first_knew_of_meeting_at": "", f"very_valid_{view.pk}": judged},
    )


def test_hertfordshire_2_4_a_very_valid_reason_stops_the_device_in_a_conversation(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Hertfordshire 2.4: "the conversation may continue but with the understanding that the
    recording device will not be used" (HT-CONVERSATION-REFUSED)."""
    made = _phone_call_the_nurse_objects_to(world, django_capture_on_commit_callbacks)
    before = decide_page(world, made, DECIDER)
    assert "HT-CONVERSATION-REASON-NEEDED" in codes(before)
    page = world.client_for(DECIDER).get(reverse("decide_request", args=[made.pk]))
    assert "Is Amira Hassan’s reason for objecting a very valid reason?" in page.content.decode()
    assert _judge(world, made, "yes").status_code == 302
    after = decide_page(world, made, DECIDER)
    assert "HT-CONVERSATION-REFUSED" in codes(after)
    assert after["outcome"] == "refused"


def test_hertfordshire_2_4_without_a_very_valid_reason_the_decision_maker_decides(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Hertfordshire 2.4: "(for which there would need to be a very valid reason)"
    (HT-CONVERSATION-REASON-NEEDED)."""
    made = _phone_call_the_nurse_objects_to(world, django_capture_on_commit_callbacks)
    _judge(world, made, "no")
    assert View.objects.get(person=person("Amira Hassan")).very_valid_reason is False
    after = decide_page(world, made, DECIDER)
    assert "HT-CONVERSATION-REASON-NEEDED" in codes(after)
    assert "HT-CONVERSATION-REFUSED" not in codes(after)


def test_only_a_decision_maker_judges_the_reason(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    made = _phone_call_the_nurse_objects_to(world, django_capture_on_commit_callbacks)
    assert _judge(world, made, "yes", persona="mother").status_code in (403, 404)
    assert View.objects.get(person=person("Amira Hassan")).very_valid_reason is None


def test_an_unknown_judgement_is_refused_and_changes_nothing(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    made = _phone_call_the_nurse_objects_to(world, django_capture_on_commit_callbacks)
    client = world.client_for(DECIDER)
    response = _judge(world, made, "perhaps", client=client)
    assert response.status_code == 302
    shown = client.get(response["Location"]).content.decode()
    assert "Choose yes, no or not judged yet" in shown
    assert View.objects.get(person=person("Amira Hassan")).very_valid_reason is None
