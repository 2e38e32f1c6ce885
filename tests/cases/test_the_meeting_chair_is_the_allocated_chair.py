"""Chair-only actions (approving minutes) are for the meeting's chair while allocated to its
case (cases/permissions.py `is_meeting_chair`): other allocated staff are not its chair, a chair
whose allocation has ended is no longer, and a meeting without a chair has none."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from onrecord.cases.permissions import is_meeting_chair
from tests.support.personas import World


def test_the_named_chair_allocated_now_is_the_chair(world: World) -> None:
    assert world.meeting.chair_id == world.users["chair"].pk
    assert is_meeting_chair(world.users["chair"], world.meeting) is True


def test_other_staff_and_people_are_not(world: World) -> None:
    for persona in ("social_worker", "team_manager", "legal", "mother", "nurse", "admin"):
        assert is_meeting_chair(world.users[persona], world.meeting) is False, persona
    assert is_meeting_chair(AnonymousUser(), world.meeting) is False


def test_a_chair_whose_allocation_ended_is_not(world: World) -> None:
    world.meeting.chair = world.users["former_chair"]
    world.meeting.save(update_fields=["chair"])
    assert is_meeting_chair(world.users["former_chair"], world.meeting) is False
    assert is_meeting_chair(world.users["chair"], world.meeting) is False


def test_the_chair_of_another_authoritys_meeting_is_not_chair_here(world: World) -> None:
    world.other_meeting.chair = world.users["other_authority"]
    world.other_meeting.save(update_fields=["chair"])
    assert is_meeting_chair(world.users["other_authority"], world.other_meeting) is True
    assert is_meeting_chair(world.users["other_authority"], world.meeting) is False
    assert is_meeting_chair(world.users["chair"], world.other_meeting) is False


def test_a_meeting_without_a_chair_has_none(world: World) -> None:
    world.meeting.chair = None
    world.meeting.save(update_fields=["chair"])
    for persona in ("chair", "social_worker", "team_manager"):
        assert is_meeting_chair(world.users[persona], world.meeting) is False, persona
