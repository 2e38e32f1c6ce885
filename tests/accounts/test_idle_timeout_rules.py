"""The inactivity limits themselves (accounts/idle_timeout.py): pure, no Django."""

from __future__ import annotations

import pytest

from onrecord.accounts.idle_timeout import (
    TOUCH_EVERY_SECONDS,
    IdleTimeouts,
    has_expired,
    needs_touch,
)
from onrecord.accounts.roles import Role

TIMEOUTS = IdleTimeouts(staff_seconds=1800, others_seconds=3600, warn_before_seconds=120)


@pytest.mark.parametrize(
    "role", [Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LEGAL, Role.ADMIN]
)
def test_staff_and_administrators_get_the_staff_limit(role: Role) -> None:
    assert TIMEOUTS.limit_for(role) == 1800


@pytest.mark.parametrize("role", [Role.FAMILY, Role.PROFESSIONAL])
def test_family_and_other_agencies_get_the_longer_limit(role: Role) -> None:
    assert TIMEOUTS.limit_for(role) == 3600


def test_an_unknown_role_gets_the_stricter_staff_limit() -> None:
    assert TIMEOUTS.limit_for("superuser?") == 1800
    assert TIMEOUTS.limit_for("") == 1800


def test_expired_only_after_more_than_the_limit() -> None:
    assert not has_expired(1000.0, 1000.0 + 1800, 1800)
    assert has_expired(1000.0, 1000.0 + 1800.5, 1800)


def test_a_session_with_no_recorded_activity_has_not_expired() -> None:
    assert not has_expired(None, 10_000_000.0, 1800)


def test_activity_is_written_at_most_once_a_minute() -> None:
    assert needs_touch(None, 5.0)
    assert not needs_touch(100.0, 100.0 + TOUCH_EVERY_SECONDS - 1)
    assert needs_touch(100.0, 100.0 + TOUCH_EVERY_SECONDS)


@pytest.mark.parametrize(
    ("staff", "others", "warn", "message"),
    [
        (60, 3600, 30, "staff_seconds must be at least 120"),
        (1800, 90, 30, "others_seconds must be at least 120"),
        (1800, 3600, 0, "warn_before_seconds"),
        (1800, 3600, 1800, "warn_before_seconds"),
    ],
)
def test_limits_that_do_not_fit_together_are_refused(
    staff: int, others: int, warn: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        IdleTimeouts(staff_seconds=staff, others_seconds=others, warn_before_seconds=warn)
