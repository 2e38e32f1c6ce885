"""The chair runs the demo conference in meeting mode (issue 5) under the demo council's policy,
Hackney's guidance (issue 17: its own rules, and only its own clauses): marks who is here, runs
the consent round, starts the recording, reaches the sensitive health item, which Hackney says
nothing about pausing for, so the screen says so and the chair chooses to pause; resumes; a new
attendee arrives and the log says to tell them it is being recorded, by whom and how (Hackney
3); ends the meeting with the closing script (Hackney 3), and the minutes entries appear on the
case timeline. Every page is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import Visitor
from tests.browser.journeys import (
    allowed_with_signed_declaration,
    open_conference,
    press_in_meeting_mode,
    start_meeting_with,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODE = "Meeting mode"
HERE = ["Priya Shah", "Tom Bennett", "Dana Whitfield", "Amira Hassan"]


def press(visitor: Visitor, button: str) -> Any:
    return press_in_meeting_mode(visitor, button)


def test_chair_runs_the_conference_in_meeting_mode(
    world: World, visitors: Any, live_server: Any
) -> None:
    allowed_with_signed_declaration(world)
    chair = visitors()
    open_conference(chair, world, "chair")
    page = chair.page
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Open meeting mode")).click()
    chair.check(MODE)
    script = page.locator("#start-script").inner_text()
    assert "This meeting is being recorded by Dana Whitfield, sound only (audio)" in script
    assert "Dana Whitfield has signed the declaration" in script

    start_meeting_with(chair, HERE)
    press(chair, "Everyone present agrees")
    press(chair, "Start the parent’s recording")
    assert "Recording" in page.locator("#recording-status").inner_text()

    press(chair, "Start item 3")
    assert "Recording by Dana Whitfield" in page.locator("#recording-status").inner_text()
    current = page.locator("#current-item").inner_text()
    assert "does not say to pause the recording for sensitive information" in current
    press(chair, "Pause the parent’s recording")  # the chair's choice
    press(chair, "Start item 4")
    press(chair, "Resume the parent’s recording")
    assert "Recording by Dana Whitfield" in page.locator("#recording-status").inner_text()

    press(chair, "Arrived – Dan Pryce")
    assert page.locator("#stop-and-ask").count() == 0
    assert "Recording by Dana Whitfield" in page.locator("#recording-status").inner_text()
    log = page.locator("#log-table").inner_text()
    assert "Tell them the meeting is being recorded: Dan Pryce" in log
    assert "London Borough of Hackney, 3 Practice" in log

    press(chair, "End the meeting")
    assert "The recording has now ended" in page.locator("#end-script").inner_text()
    assert "London Borough of Hackney, 3 Practice" in page.locator("#end-script").inner_text()
    log = page.locator("#log-table").inner_text()
    assert "Agenda item started: 3. Jade: health needs" in log
    assert "Recording paused (the chair's decision)" in log
    assert "The policy is silent: the chair decides: 3. Jade: health needs" in log
    for other in ("Leeds", "Hertfordshire", "Brent"):
        assert other not in log

    with page.expect_navigation():
        page.get_by_role("link", name="See the minutes entries on the case timeline").click()
    chair.check("Timeline")
    timeline = page.locator("main").inner_text()
    assert "The meeting was recorded by Dana Whitfield" in timeline
    assert "Recording paused" in timeline
    assert "Sensitive item 3. Jade: health needs: the policy is silent on pausing" in timeline
    assert "New attendee: Dan Pryce joined" in timeline
    assert "for the minutes" in timeline
