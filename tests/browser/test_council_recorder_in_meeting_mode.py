"""One place for the record (issue 17): the council's own recorder runs inside meeting mode, in
headless Chromium with its fake microphone. Starting the meeting starts it (the box is ticked),
the chair pauses and resumes it from the screen while the screen is swapped in place around it
(it goes on recording: no reload), and ending the meeting stops it and stores it in the vault.
The parent's recording is logged beside it, labelled as the parent's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.browser.conftest import Visitor, launch
from tests.browser.journeys import (
    MEETING_MODE,
    allowed_with_signed_declaration,
    press_in_meeting_mode,
    start_meeting_with,
)
from tests.browser.test_recorder_fake_microphone import FAKE_MICROPHONE
from tests.support.personas import World

# On the PostgreSQL pass too (tests/conftest.py): the recorder's chunks and the meeting screen's
# presses reach the server at the same time, and take turns by PostgreSQL's locks.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_on_postgresql,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def chair(playwright_driver: Any, live_server: Any) -> Iterator[Visitor]:
    browser = launch(playwright_driver, FAKE_MICROPHONE)
    visitor = Visitor(browser, live_server.url, phone=False)
    yield visitor
    assert not visitor.close(), "pages visited without an accessibility check"
    browser.close()


def test_the_councils_recording_follows_the_meeting(world: World, chair: Visitor) -> None:
    allowed_with_signed_declaration(world)
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(reverse("meeting_mode", args=[world.meeting.pk]), MEETING_MODE)
    recorder = page.locator("#council-recorder")
    assert "The council’s own recording" in recorder.inner_text()
    assert "The parent’s recording" in page.locator("#status").inner_text()
    assert page.get_by_label(
        "Start it when the meeting starts, and stop and store it when the meeting ends"
    ).is_checked()
    loads: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))

    start_meeting_with(chair, ["Priya Shah", "Dana Whitfield"])
    page.get_by_role("button", name="Pause the council’s recording").wait_for()
    page.wait_for_function(
        "document.getElementById('recorder-saved').textContent.startsWith('Saved up to')",
        timeout=15_000,
    )
    page.get_by_role("button", name="Pause the council’s recording").click()
    assert "Paused" in page.locator("#recorder-status").inner_text()
    press_in_meeting_mode(chair, "Everyone present agrees")  # the screen swaps; it goes on
    page.get_by_role("button", name="Resume the council’s recording").click()
    assert "Recording" in page.locator("#recorder-status").inner_text()
    page.wait_for_timeout(1500)
    assert LiveSession.objects.get().status == LiveSession.Status.OPEN

    press_in_meeting_mode(chair, "End the meeting")
    page.locator("#recorder-done").wait_for(state="visible", timeout=30_000)
    chair.check(MEETING_MODE)
    assert page.locator("#recorder-status").inner_text() == "Stored"
    assert loads == []  # all in place: no page load
    recording = Recording.objects.get()
    assert recording.kind == Recording.Kind.AUTHORITY
    assert recording.meeting == world.meeting
    assert LiveSession.objects.get().recording == recording
