"""An allocation to a case, and a membership of an authority, are in force from their first day
up to, not including, their end date: an allocation ending today has ended, one starting today
has begun, one starting tomorrow has not (cases/scoping.py `active_on`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.cases import permissions, scoping
from onrecord.cases.models import AuthorityMembership, CaseAllocation
from tests.support.personas import World


def _day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def _end(offset: int | None) -> dt.date | None:
    return None if offset is None else _day(offset)


def _social_worker() -> User:
    return User.objects.create(username="period.sw", role="social_worker")


@pytest.mark.parametrize(
    ("starts", "ends", "in_force"),
    [
        (0, None, True),  # starts today, open-ended
        (-30, None, True),
        (1, None, False),  # starts tomorrow
        (-30, 0, False),  # ends today: has ended
        (-30, -1, False),
        (-30, 1, True),  # ends tomorrow: still in force today
        (0, 1, True),
    ],
    ids=[
        "starts-today",
        "started-earlier",
        "starts-tomorrow",
        "ends-today",
        "ended-yesterday",
        "ends-tomorrow",
        "one-day",
    ],
)
def test_an_allocation_is_in_force_from_its_start_until_its_end_date(
    world: World, starts: int, ends: int | None, in_force: bool
) -> None:
    user = _social_worker()
    AuthorityMembership.objects.create(
        user=user, authority=world.case.authority, joined_on=_day(-365)
    )
    CaseAllocation.objects.create(
        case=world.case, user=user, allocated_on=_day(starts), ended_on=_end(ends)
    )
    assert permissions.can_view_case(user, world.case) is in_force
    assert permissions.can_view_meeting(user, world.meeting) is in_force
    assert permissions.can_run_meeting(user, world.meeting) is in_force
    assert list(permissions.visible_cases(user)) == ([world.case] if in_force else [])


@pytest.mark.parametrize(
    ("joined", "left", "in_force"),
    [
        (0, None, True),
        (1, None, False),
        (-30, 0, False),
        (-30, 1, True),
    ],
    ids=["joined-today", "joins-tomorrow", "left-today", "leaves-tomorrow"],
)
def test_a_membership_of_the_authority_is_in_force_the_same_way(
    world: World, joined: int, left: int | None, in_force: bool
) -> None:
    user = _social_worker()
    AuthorityMembership.objects.create(
        user=user, authority=world.case.authority, joined_on=_day(joined), left_on=_end(left)
    )
    CaseAllocation.objects.create(case=world.case, user=user, allocated_on=_day(-365))
    expected = [world.case.authority] if in_force else []
    assert list(scoping.authorities_of(user)) == expected
    assert scoping.within(user, world.case) is in_force
    # A current allocation gives nothing once the user no longer works for the authority.
    assert permissions.can_view_case(user, world.case) is in_force
