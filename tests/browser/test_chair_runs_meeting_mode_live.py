"""The chair runs the demo conference live in meeting mode (issue 17) on a tablet: who is here
and start, the consent round, the parent's recording, every agenda item including the sensitive
one, a late arrival, a covert-recording incident raised without leaving the meeting, and the
end, each under a council's own rules for the room: under Leeds's guidance the sensitive item
pauses the recording by itself (d) and moving on offers to resume, and the policy is silent on
a late arrival (the chair decides); under Hertfordshire's the policy is silent on the sensitive
item and the late arrival stops the meeting to ask everyone again (2.11). In at most
12 chair actions (button presses), with JavaScript and 0 full-page loads after the first
(htmx swaps the screen in place), and the same journey with JavaScript turned off (each press a
plain form post). axe-core on the screen as it starts, mid-way and at the end (in the
JavaScript run: axe is itself JavaScript).

With ONRECORD_SCREENSHOTS=1 the JavaScript run saves the screenshots in docs/MEETING_MODE.md
to docs/images/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from onrecord.meetings.models import MeetingEvent
from tests.browser.conftest import assert_accessible, launch
from tests.browser.journeys import allowed_with_signed_declaration
from tests.browser.test_recorder_fake_microphone import FAKE_MICROPHONE
from tests.meetings.rules import room_under
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_ACTIONS = 12
LATE = "Dan Pryce"
IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
# Counts each swap htmx finishes, so a press can wait for its answer to be on the screen.
COUNT_SWAPS = (
    "window.__swaps = 0;"
    "document.addEventListener('htmx:afterSettle', () => { window.__swaps += 1; });"
)


class Chair:
    """The chair's tablet: presses buttons, counts them and counts full-page loads."""

    def __init__(self, page: Any, *, javascript: bool) -> None:
        self.page = page
        self.javascript = javascript
        self.actions = 0
        self.loads = 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame: Any) -> None:
        if frame.parent_frame is None:
            self.loads += 1

    def press(self, name: str, *, within: Any = None) -> None:
        """One chair action: press the button and wait for the screen to show its answer."""
        self.actions += 1
        button = (within or self.page).get_by_role("button", name=name, exact=True)
        if self.javascript:
            swaps = self.page.evaluate("window.__swaps")
            button.click()
            self.page.wait_for_function(f"window.__swaps > {swaps}")
        else:
            with self.page.expect_navigation():
                button.click()
        error = self.page.locator("#meeting-error")
        assert error.count() == 0, error.inner_text()

    def check(self) -> None:
        """axe-core runs in the page's own JavaScript, so only where the page has it: the
        markup is the same with JavaScript off (the same templates, without htmx)."""
        if self.javascript:
            assert_accessible(self.page)

    def text(self, selector: str) -> str:
        return str(self.page.locator(selector).inner_text())

    def shot(self, name: str, at: str = "h1") -> None:
        """A screenshot for docs/MEETING_MODE.md, from the heading (or `at`) down; the scroll
        position is put back afterwards."""
        if self.javascript and os.environ.get("ONRECORD_SCREENSHOTS") == "1":
            IMAGES.mkdir(exist_ok=True)
            where = self.page.evaluate("window.scrollY")
            self.page.locator(at).first.evaluate("(e) => e.scrollIntoView()")
            self.page.screenshot(path=str(IMAGES / f"meeting-mode-{name}.png"), full_page=False)
            self.page.evaluate(f"window.scrollTo(0, {where})")


@pytest.fixture
def tablet(
    browser: Any, playwright_driver: Any, live_server: Any, world: World, request: Any
) -> Iterator[Chair]:
    javascript = request.param
    # For the screenshots, a fake microphone, so the council's recorder is seen recording.
    shots = javascript and os.environ.get("ONRECORD_SCREENSHOTS") == "1"
    own = launch(playwright_driver, FAKE_MICROPHONE) if shots else None
    context = (own or browser).new_context(
        viewport={"width": 820, "height": 1180},  # a tablet held upright
        has_touch=True,
        java_script_enabled=javascript,
        bypass_csp=True,
    )
    client = Client()
    client.force_login(world.users["chair"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    if javascript:
        context.add_init_script(script=COUNT_SWAPS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Chair(page, javascript=javascript)
    context.close()
    if own is not None:
        own.close()


@pytest.mark.parametrize("council", ["leeds", "hertfordshire"])
@pytest.mark.parametrize(
    "tablet", [True, False], ids=["javascript", "no-javascript"], indirect=True
)
def test_the_chair_runs_the_conference_in_a_dozen_actions(
    world: World, tablet: Chair, live_server: Any, council: str
) -> None:
    room_under(world, council)  # the decision and the room under this council's policy
    allowed_with_signed_declaration(world)
    chair, page = tablet, tablet.page
    page.goto(live_server.url + reverse("meeting_mode", args=[world.meeting.pk]))
    page.get_by_role("heading", name="Meeting mode", level=1).wait_for()
    chair.check()
    loads_at_start = chair.loads
    if chair.javascript:
        page.wait_for_function("typeof htmx !== 'undefined'")

    # Everyone on the list is ticked as here, except the police officer, who is late.
    page.get_by_label(re.compile(f"^{LATE}")).uncheck()
    chair.shot("1-before-the-start")
    chair.press("Start the meeting")
    assert "In progress" in chair.text("#status")
    assert "Not arrived" in chair.text("#attendee-table")

    chair.press("Everyone present agrees")
    table = chair.text("#attendee-table")
    assert table.count("Agrees") >= 6
    chair.press("Start the parent’s recording")
    assert "Recording by Dana Whitfield" in chair.text("#recording-status")
    chair.shot("2-recording", "#council-recorder")

    chair.press("Next: item 1")
    chair.press("Next: item 2")
    chair.press("Next: item 3")  # Jade's health needs: a sensitive item
    if council == "leeds":  # (d): the recording pauses by itself
        assert "Paused" in chair.text("#recording-status")
        assert "Do not record" in chair.text("#current-item")
        chair.check()
        chair.shot("3-paused-for-the-sensitive-item", "#status")
        # Moving on offers to resume in the same press.
        chair.press("Next: item 4 and resume the parent’s recording")
    else:  # Hertfordshire's policy says nothing about sensitive items: the chair decides
        assert "Recording by Dana Whitfield" in chair.text("#recording-status")
        assert "does not say to pause the recording" in chair.text("#current-item")
        chair.press("Next: item 4")
    assert "Recording by Dana Whitfield" in chair.text("#recording-status")

    # The late arrival: the screen stays where it was (no jump to the top).
    arrived = page.get_by_role("button", name=f"Arrived – {LATE}", exact=True)
    arrived.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    chair.press(f"Arrived – {LATE}")
    if chair.javascript:
        assert abs(page.evaluate("window.scrollY") - before) < 50
        assert "Arrived: Dan Pryce" in chair.text("#meeting-said")
    if council == "hertfordshire":  # 2.11: stop and ask everyone again
        banner = chair.text("#stop-and-ask")
        assert "Stop and ask again" in banner
        assert LATE in banner
        assert "2.11" in banner
        assert "Paused" in chair.text("#recording-status")
        chair.shot("4-stop-and-ask-again", "#stop-and-ask")
        stop_box = page.locator("#stop-and-ask")
        chair.press("Everyone present agrees: resume the parent’s recording", within=stop_box)
        assert page.locator("#stop-and-ask").count() == 0
    else:  # Leeds says nothing about someone joining: logged, and the chair decides
        assert page.locator("#stop-and-ask").count() == 0
        assert "The policy is silent: the chair decides" in chair.text("#log-table")
    assert "Recording by Dana Whitfield" in chair.text("#recording-status")
    log = chair.text("#log-table")
    other = {"leeds": "Hertfordshire", "hertfordshire": "Leeds"}[council]
    assert other not in log

    # Covert recording, raised in its panel: the chair stays in meeting mode.
    page.get_by_text("Someone is recording without permission").click()
    panel = page.locator("#covert-recording")
    panel.get_by_label("Who is recording").select_option(label="Marcus Reid")
    panel.get_by_label("What happened").fill("A phone recording on the table.")
    panel.get_by_label("Asked them to stop recording").check()
    chair.shot("5-incident-panel", "#something-wrong")
    chair.press(
        "Log it and open an incident about someone recording without permission", within=panel
    )
    assert page.get_by_role("heading", name="Meeting mode", level=1).is_visible()
    assert "Someone was recording without permission: Marcus Reid" in chair.text("#log-table")

    chair.press("Next: item 5")
    chair.press("End the meeting")
    assert "The recording has now ended" in chair.text("#end-script")
    table = chair.text("#attendee-table")
    assert "Not arrived" not in table
    assert table.count("Left") == 7  # everyone's arrival and leaving time after the end
    chair.check()
    chair.shot("6-ended", "#status")

    assert chair.actions <= MAX_ACTIONS, f"{chair.actions} chair actions"
    if chair.javascript:
        assert chair.loads == loads_at_start, f"{chair.loads - loads_at_start} full-page loads"
    kinds = list(MeetingEvent.objects.values_list("kind", flat=True))
    assert kinds.count("item_started") == 5
    assert kinds.count("covert_recording") == 1
    assert ("reconsent_required" in kinds) is (council == "hertfordshire")
    assert ("policy_silent" in kinds) is True  # Leeds on the arrival, Hertfordshire on item 3
    assert kinds[-1] == "meeting_ended"
