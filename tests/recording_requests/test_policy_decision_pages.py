"""The policy engine's decision on the pages where staff need it: the decide page (with reasons
and the clauses they cite), the meeting page, and what is stored when the decision is made."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.cases.models import ParentalResponsibility
from onrecord.recording_requests.models import Decision, RecordingRequest
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.support.personas import World


def _requested(world: World) -> RecordingRequest:
    walk_journey(world.client_for("mother"), world.meeting, purposes=("memory_aid", "court"))
    return only_request()


def test_decide_page_shows_the_policy_decision_with_cited_clauses(world: World) -> None:
    made = _requested(world)
    page = world.client_for("chair").get(reverse("decide_request", args=[made.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "London Borough of Hackney" in html
    # Hackney 3: Jade is looked after and Gillick competent and has not agreed yet; the reason
    # cites the clause verbatim.
    assert "Refused" in html
    assert "HX-CHILD-HAS-NOT-AGREED" in html
    assert "If they do not give this agreement then the meeting cannot be recorded." in html
    # Deciding before everyone has answered is possible, but the decision-maker is warned.
    assert "Still waiting for" in html
    assert "Jade Whitfield" in html.split("Still waiting for")[1].split("</strong>")[0]
    assert "000_881dd3342fdd64fe.txt" in html


def test_hackney_refuses_until_the_looked_after_competent_child_agrees(world: World) -> None:
    """Hackney 3: a Gillick-competent looked-after child must agree, or it cannot be recorded."""
    made = _requested(world)
    chair = world.client_for("chair")
    html = chair.get(reverse("decide_request", args=[made.pk])).content.decode()
    assert "HX-CHILD-HAS-NOT-AGREED" in html
    world.client_for("social_worker").post(
        reverse("record_view_in_person", args=[made.pk, person("Jade Whitfield").pk]),
        {"stance": "agrees", "reason": "It helps Mum"},
    )
    html = chair.get(reverse("decide_request", args=[made.pk])).content.decode()
    assert "HX-CHILD-HAS-NOT-AGREED" not in html


def test_a_mandatory_outcome_is_confirmed_and_stored_with_the_policy_version(
    world: World,
) -> None:
    made = _requested(world)
    response = world.client_for("chair").post(
        reverse("decide_request", args=[made.pk]),
        # The form asks to allow, but Hackney 3 makes refusal mandatory while Jade has not agreed.
        {"outcome": "allowed", "reason": "Jade has not agreed yet.", "disagreements": ""},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(request=made)
    assert decision.outcome == decision.policy_outcome == "refused"
    stored = decision.policy_decision
    assert (stored["policy"]["name"], stored["policy"]["version"]) == ("hackney", "2023-01")
    assert stored["policy"]["fingerprint"].startswith("sha256:")
    assert "HX-CHILD-HAS-NOT-AGREED" in {r["code"] for r in stored["reasons"]}


def test_meeting_page_shows_staff_what_the_policy_says(world: World) -> None:
    _requested(world)
    html = (
        world.client_for("chair")
        .get(reverse("meeting_detail", args=[world.meeting.pk]))
        .content.decode()
    )
    assert "What London Borough of Hackney’s policy says" in html
    assert "as things stand" in html


def test_family_member_does_not_see_the_staff_policy_panel(world: World) -> None:
    _requested(world)
    page = world.client_for("mother").get(reverse("meeting_detail", args=[world.meeting.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "You asked to record this meeting" in html  # her own panel is there
    assert "What London Borough of Hackney’s policy says" not in html


def test_incomplete_case_record_gives_a_clear_error_and_decides_nothing(world: World) -> None:
    made = _requested(world)
    ParentalResponsibility.objects.filter(child__person__full_name="Jade Whitfield").delete()
    chair = world.client_for("chair")
    response = chair.get(reverse("decide_request", args=[made.pk]), follow=True)
    html = response.content.decode()
    assert "no parental responsibility is recorded for Jade Whitfield" in html
    assert not Decision.objects.filter(request=made).exists()


@pytest.mark.parametrize("persona", ["outsider", "other_authority", "mother", "nurse"])
def test_only_decision_makers_on_the_case_open_the_decide_page(world: World, persona: str) -> None:
    made = _requested(world)
    response = world.client_for(persona).get(reverse("decide_request", args=[made.pk]))
    assert response.status_code in (403, 404)
