"""Who may decide a request is who the authority's policy names (issue 17), with every persona:

- Hackney §3 (000_881dd3342fdd64fe.txt): "If a parent or family member wishes to record a
  meeting they should let the social worker know beforehand" — the decision is the social
  worker's, with the chair: either may record it; a team manager may not.
- Brent, "When a service user requests" (004_a2b517fdd324f552.txt): "practitioners/social
  worker will consult with the Chair/Team Manager" — the chair or team manager decides, the
  social worker does not.
- Hertfordshire 2.12 (002_3f8e43dd3e1c40a6.txt): in a child protection conference "the Chair
  of the meeting will make the overall decision" — the chair only.

Each page says who may decide and why, citing the council's own clause."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.models import Decision, RecordingRequest
from tests.browser.journeys import jade_agrees, requested
from tests.meetings.rules import room_under
from tests.support.personas import World

ALL = [
    "chair",
    "social_worker",
    "team_manager",
    "legal",
    "outsider",
    "other_authority",
    "former_chair",
    "mother",
    "nurse",
    "admin",
]
MAY_DECIDE = {
    "hackney": {"chair", "social_worker"},
    "brent": {"chair", "team_manager"},
    "hertfordshire": {"chair"},
}


def _made(world: World, profile: str) -> RecordingRequest:
    room_under(world, profile)
    made = requested(world)
    jade_agrees(world, made)
    return made


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("profile", list(MAY_DECIDE))
def test_only_those_the_policy_names_open_the_decide_page(
    world: World, profile: str, persona: str
) -> None:
    made = _made(world, profile)
    response = world.client_for(persona).get(reverse("decide_request", args=[made.pk]))
    if persona in MAY_DECIDE[profile]:
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403, 404)
        assert response.status_code != 200


def test_the_social_worker_decides_under_hackney_and_it_is_saved(world: World) -> None:
    made = _made(world, "hackney")
    client = world.client_for("social_worker")
    page = client.get(reverse("decide_request", args=[made.pk])).content.decode()
    assert (
        "London Borough of Hackney, 3 Practice: the decision is for the social worker, with the "
        "chair of the meeting." in page
    )
    assert "They decide together; either of them records the decision here." in page
    response = client.post(
        reverse("decide_request", args=[made.pk]),
        {"outcome": policy_decision(made)["outcome"], "reason": "Jade agrees; Hackney §3."},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(request=made)
    assert decision.decided_by == world.users["social_worker"]


def test_the_request_page_explains_who_decides_to_someone_who_may_not(world: World) -> None:
    made = _made(world, "hackney")
    page = (
        world.client_for("team_manager")
        .get(reverse("request_detail", args=[made.pk]))
        .content.decode()
    )
    assert "Who decides" in page
    assert "a social worker or a chair or independent reviewing officer" in page
    assert "You are not one of them, so you cannot decide on this request." in page
    assert reverse("decide_request", args=[made.pk]) not in page
    own = (
        world.client_for("social_worker")
        .get(reverse("request_detail", args=[made.pk]))
        .content.decode()
    )
    assert reverse("decide_request", args=[made.pk]) in own


def test_a_team_manager_may_not_post_a_decision_under_hackney(world: World) -> None:
    made = _made(world, "hackney")
    response = world.client_for("team_manager").post(
        reverse("decide_request", args=[made.pk]),
        {"outcome": "allowed", "reason": "Trying anyway."},
    )
    assert response.status_code == 403
    assert not Decision.objects.filter(request=made).exists()


def test_brent_names_the_chair_or_team_manager_not_the_social_worker(world: World) -> None:
    made = _made(world, "brent")
    page = (
        world.client_for("team_manager")
        .get(reverse("decide_request", args=[made.pk]))
        .content.decode()
    )
    assert "London Borough of Brent, When a service user requests to record" in page
    assert "a chair or independent reviewing officer or a team manager" in page
    engine = policy_decision(made)
    record_decision(
        made, world.users["team_manager"], outcome="allowed", reason="Agreed.", engine=engine
    )
    assert Decision.objects.get(request=made).decided_by == world.users["team_manager"]
