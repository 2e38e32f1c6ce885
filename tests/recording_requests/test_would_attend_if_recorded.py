"""A parent who objects is asked, on the views page, whether they would still come if the
meeting were recorded; the app's decision runs the meeting in parts only when they would not
(issue 14; Leeds, "What should practitioners do when the parents have differences in opinion")."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from onrecord.recording_requests.models import View
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.recording_requests.policy_concepts import (
    codes,
    decide_page,
    give_view_by_link,
    token_sent_to,
    under,
)
from tests.support.personas import World

MARCUS = "marcus.reid@eastmere.example"


def _marcus_objects(world: World, capture: Any, would_attend: str) -> dict[str, Any]:
    under(world, "leeds")
    with capture(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    answer = {"stance": "objects", "reason": "I do not want my voice kept"}
    if would_attend:
        answer["would_attend"] = would_attend
    sent = give_view_by_link(MARCUS, **answer)
    assert "Your view has been recorded" in sent.content.decode()
    return decide_page(world, only_request())


def test_leeds_a_parent_who_would_not_come_leads_to_the_meeting_in_parts(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Leeds: "the non-recording parent could attend, give their views and exit the meeting"
    (LD-SPLIT-ATTENDANCE)."""
    engine = _marcus_objects(world, django_capture_on_commit_callbacks, "no")
    assert View.objects.get(person=person("Marcus Reid")).would_not_attend_if_recorded is True
    assert "LD-SPLIT-ATTENDANCE" in codes(engine)
    assert engine["split_attendance"] is not None
    assert "LD-ASK-WOULD-ATTEND" not in codes(engine)


def test_leeds_a_parent_who_would_still_come_is_not_split_off(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Leeds: only "if ... the non-recording parent does not want to attend the meeting if it
    is recorded" (LD-OBJECTOR-WOULD-ATTEND, no LD-SPLIT-ATTENDANCE)."""
    engine = _marcus_objects(world, django_capture_on_commit_callbacks, "yes")
    assert View.objects.get(person=person("Marcus Reid")).would_not_attend_if_recorded is False
    assert "LD-OBJECTOR-WOULD-ATTEND" in codes(engine)
    assert "LD-SPLIT-ATTENDANCE" not in codes(engine)


def test_leeds_not_answered_the_chair_is_asked_to_find_out(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Not answered (or "I do not know yet"): the chair asks (LD-ASK-WOULD-ATTEND)."""
    engine = _marcus_objects(world, django_capture_on_commit_callbacks, "not_sure")
    assert View.objects.get(person=person("Marcus Reid")).would_not_attend_if_recorded is None
    assert "LD-ASK-WOULD-ATTEND" in codes(engine)


def test_the_question_is_on_the_views_page_and_only_kept_for_an_objection(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    token = token_sent_to(MARCUS)
    html = Client().get(reverse("link_start", args=[token])).content.decode()
    assert "If the meeting is recorded, would you still come to it?" in html
    wrong = Client().post(
        reverse("link_start", args=[token]),
        {"stance": "objects", "reason": "No", "would_attend": "maybe"},
    )
    assert wrong.status_code == 400
    assert "Choose yes, no or I do not know yet" in wrong.content.decode()
    agreed = give_view_by_link(MARCUS, stance="agrees", would_attend="no")
    assert "Your view has been recorded" in agreed.content.decode()
    assert View.objects.get(person=person("Marcus Reid")).would_not_attend_if_recorded is None


def test_staff_record_the_answer_for_a_view_given_in_person(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    under(world, "leeds")
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    world.client_for("social_worker").post(
        reverse("record_view_in_person", args=[made.pk, person("Marcus Reid").pk]),
        {"stance": "objects", "reason": "Said on the phone", "would_attend": "no"},
    )
    assert "LD-SPLIT-ATTENDANCE" in codes(decide_page(world, made))
