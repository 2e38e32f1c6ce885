"""Meeting mode (and the browser's recorder) is for the staff allocated to the case now, its
chair included: they CAN run the meeting. Family members and other agencies attending may see
the meeting's page, not run it; staff not allocated, a chair whose allocation has ended,
another authority's staff and the administrator may not run it either."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.cases.permissions import can_run_meeting
from tests.support.personas import World

MAY_RUN = ["chair", "social_worker", "team_manager", "legal"]
MAY_NOT_RUN = [
    "mother",
    "father_of_jade",
    "nurse",
    "outsider",
    "former_chair",
    "other_authority",
    "other_legal",
    "admin",
]


@pytest.mark.parametrize("persona", MAY_RUN)
def test_allocated_staff_can_run_the_meeting(world: World, persona: str) -> None:
    assert can_run_meeting(world.users[persona], world.meeting) is True
    page = world.client_for(persona).get(reverse("meeting_mode", args=[world.meeting.pk]))
    assert page.status_code == 200


@pytest.mark.parametrize("persona", MAY_NOT_RUN)
def test_others_cannot_run_it(world: World, persona: str) -> None:
    assert can_run_meeting(world.users[persona], world.meeting) is False
    page = world.client_for(persona).get(reverse("meeting_mode", args=[world.meeting.pk]))
    assert page.status_code in {403, 404}


def test_the_other_authoritys_chair_runs_their_own_meeting(world: World) -> None:
    assert can_run_meeting(world.users["other_authority"], world.other_meeting) is True
    assert can_run_meeting(world.users["chair"], world.other_meeting) is False
