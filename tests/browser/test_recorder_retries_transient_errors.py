"""The recorder treats a passing failure as passing (issue 15): behind a load balancer a chunk
may meet a server that has just died (502), one that is restarting (503) or an error (500); the
finish may meet another request already storing the recording (503 with Retry-After). Each is
retried with backoff until it goes through, and the recording is stored whole; only a real
conflict (409) stops the recorder, and says why. Headless Chromium, fake microphone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.browser.conftest import Visitor, launch
from tests.browser.journeys import open_conference
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAKE_MICROPHONE = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream")


@pytest.fixture(scope="module")
def microphone_browser(playwright_driver: Any) -> Iterator[Any]:
    browser = launch(playwright_driver, FAKE_MICROPHONE)
    yield browser
    browser.close()


@pytest.fixture
def chair(microphone_browser: Any, live_server: Any) -> Iterator[Visitor]:
    visitor = Visitor(microphone_browser, live_server.url, phone=False)
    yield visitor
    assert not visitor.close(), "pages visited without an accessibility check"


def _answer(route: Any, status: int, error: str, headers: dict[str, str] | None = None) -> None:
    route.fulfill(
        status=status,
        content_type="application/json",
        headers=headers or {},
        body=json.dumps({"error": error}),
    )


def _record_briefly(page: Any) -> None:
    page.get_by_role("button", name="Start recording").click()
    page.get_by_role("button", name="Stop recording").wait_for()
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Stop recording").click()


def test_server_errors_are_retried_until_the_recording_is_stored(
    world: World, chair: Visitor
) -> None:
    open_conference(chair, world, "chair")
    page = chair.goto(reverse("live_recorder", args=[world.meeting.pk]), "Record the meeting")
    chunk_failures = [(502, "Bad gateway"), (500, "Server error"), (503, "Restarting")]
    finish_failures = [(503, "This recording is being stored already.")]
    seen = {"chunks": 0, "finishes": 0}

    def chunks(route: Any) -> None:
        seen["chunks"] += 1
        if chunk_failures:
            _answer(route, *chunk_failures.pop(0))
        else:
            route.continue_()

    def finishes(route: Any) -> None:
        seen["finishes"] += 1
        if finish_failures:
            status, error = finish_failures.pop(0)
            _answer(route, status, error, {"Retry-After": "1"})
        else:
            route.continue_()

    page.route("**/live/*/chunks/*/", chunks)
    page.route("**/live/*/finish/", finishes)
    _record_briefly(page)
    page.locator("#recorder-done").wait_for(state="visible", timeout=60_000)
    chair.check("Record the meeting")
    assert page.locator("#recorder-error").is_hidden()
    assert (chunk_failures, finish_failures) == ([], [])
    assert seen["chunks"] == 4
    assert seen["finishes"] == 2
    session = LiveSession.objects.get()
    assert session.status == LiveSession.Status.FINISHED
    assert session.chunk_count == 1
    assert Recording.objects.get().size == session.bytes_received


def test_a_real_conflict_stops_the_recorder_and_says_why(world: World, chair: Visitor) -> None:
    open_conference(chair, world, "chair")
    page = chair.goto(reverse("live_recorder", args=[world.meeting.pk]), "Record the meeting")
    conflict = "chunk 0 was already stored with different content; a stored chunk is never replaced"
    page.route("**/live/*/chunks/*/", lambda route: _answer(route, 409, conflict))
    _record_briefly(page)
    page.locator("#recorder-error").wait_for(state="visible", timeout=30_000)
    chair.check("Record the meeting")
    assert conflict in page.locator("#recorder-error").inner_text()
    assert not Recording.objects.exists()
