"""Hertfordshire, the whole journey (issue 4): on the day of the conference the mother asks to
record it; at the start of the meeting the chair asks everyone (2.6) and Leo's father refuses;
the policy refuses the recording (HT-ON-THE-DAY-NOT-AGREED, Hertfordshire 2.8), the chair
confirms it, the meeting goes ahead (2.9) and the timeline entry for the minutes says so
(2.10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    CONFERENCE,
    ask_to_record,
    decide,
    open_conference,
    open_request,
    record_view_in_person,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def later_today() -> dt.datetime:
    """A start time later today (local time), so a request made now is "on the day". Within
    the last seconds before midnight there is no such time; the window is halved to keep it."""
    now = timezone.localtime()
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return now + min(dt.timedelta(hours=2), (midnight - now) / 2)


def test_on_the_day_request_is_refused_when_an_attendee_refuses(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    authority = world.case.authority
    authority.policy_profile = "hertfordshire"
    authority.save()
    world.meeting.scheduled_start = later_today()
    world.meeting.save()

    # Dana asks on the morning of the conference, on her phone.
    mother = visitors(phone=True)
    open_conference(mother, world, "mother")
    ask_to_record(mother)
    assert "You asked less than 48 hours before the meeting" in mother.page.inner_text("main")

    # At the start of the meeting the chair asks everyone (2.6); Samuel Okafor refuses.
    chair = visitors()
    open_conference(chair, world, "chair")
    open_request(chair, "Dana Whitfield")
    assert "on the day, before the meeting starts" in chair.page.inner_text("main")
    record_view_in_person(
        chair, "Samuel Okafor", "object to it being recorded", "I do not want Leo's life taped"
    )

    # The policy refuses (2.8); the chair can only confirm it.
    policy = decide(chair, "Samuel Okafor did not give permission, so it cannot be recorded.")
    assert "Hertfordshire" in policy
    assert "The policy makes this decision: Refused" in policy
    assert "HT-ON-THE-DAY-NOT-AGREED" in policy
    assert "Samuel Okafor did not give permission, so the recording may not take place" in policy
    assert "If permission is not given, the meeting still goes ahead" in policy  # 2.9
    banner = chair.page.get_by_role("region", name="Decision").inner_text()
    assert "Refused by Priya Shah" in banner

    # The timeline's entry for the minutes says what was decided and that the meeting goes on.
    chair.page.get_by_role("link", name="Back to the meeting").click()
    chair.check(CONFERENCE)
    assert "Refused" in chair.page.locator("#recording ~ table").inner_text()
    chair.page.get_by_role("link", name="See the case timeline").click()
    chair.check("Timeline")
    entry = chair.page.locator(".govuk-summary-card", has_text="refused by Priya Shah")
    assert "for the minutes" in entry.inner_text()
    entry.get_by_text("Show details").click()
    minutes = entry.inner_text()
    assert "Request by Dana Whitfield to record the Initial child protection conference" in minutes
    assert "The meeting goes ahead without being recorded by the family." in minutes

    # Dana is told, on her phone.
    mother.page.get_by_role("link", name="Back to the meeting").click()
    mother.check(CONFERENCE)
    assert "You cannot record this meeting." in mother.page.inner_text("main")
    mother.page.get_by_role("link", name="See the decision and the reasons").click()
    mother.check("Your request to record")
    assert "did not give permission" in mother.page.inner_text("main")
