"""The browser's own recorder (issue 6; Brent: the chair makes the local authority's audio
record), in headless Chromium with its fake microphone: the chair opens the recorder from the
meeting page, records a few seconds (uploaded in chunks as it records), stops, and the recording
is in the vault as the meeting's authority recording and probes as Opus audio. Axe on each page."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveChunk, LiveSession
from onrecord.vault.probe import probe
from onrecord.vault.services import open_recording
from tests.browser.conftest import Visitor, launch
from tests.browser.journeys import open_conference
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium's own test devices: a beeping fake microphone, and no permission prompt.
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


def test_the_chair_records_the_meeting_in_the_browser(world: World, chair: Visitor) -> None:
    open_conference(chair, world, "chair")
    link = chair.page.locator("#live-recorder-link a")
    assert link.get_attribute("target") == "_blank"  # meeting mode stays in its own tab
    assert link.get_attribute("href") == reverse("live_recorder", args=[world.meeting.pk])
    page = chair.goto(reverse("live_recorder", args=[world.meeting.pk]), "Record the meeting")
    status = page.locator("#recorder-status")
    assert status.inner_text() == "Not recording"

    page.get_by_role("button", name="Start recording").click()
    page.get_by_role("button", name="Stop recording").wait_for()
    assert "Recording" in status.inner_text()
    # The first 4-second piece is uploaded while it goes on recording.
    page.wait_for_function(
        "document.getElementById('recorder-saved').textContent.startsWith('Saved up to 00:00:0')",
        timeout=15_000,
    )
    session = LiveSession.objects.get()
    assert session.status == LiveSession.Status.OPEN
    assert session.chunk_count >= 1
    assert session.mime_type == "audio/webm;codecs=opus"
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop recording").click()
    page.locator("#recorder-done").wait_for(state="visible", timeout=30_000)
    chair.check("Record the meeting")
    assert page.locator("#recorder-error").is_hidden()
    assert status.inner_text() == "Stored"

    recording = Recording.objects.get()
    session.refresh_from_db()
    assert session.status == LiveSession.Status.FINISHED
    assert session.recording == recording
    assert session.chunk_count >= 2
    assert LiveChunk.objects.filter(session=session).count() == session.chunk_count
    assert recording.kind == Recording.Kind.AUTHORITY
    assert recording.meeting == world.meeting
    assert recording.provided_by == world.users["chair"]
    assert (recording.container, recording.codec) == ("matroska,webm", "opus")
    assert 4.0 < recording.duration_seconds < 15.0
    assert recording.size == session.bytes_received
    with open_recording(recording, purpose="verify") as audio:
        info = probe(io.BytesIO(audio.read()))
    assert info.codec == "opus"
    assert info.duration_seconds == pytest.approx(recording.duration_seconds, abs=0.01)

    # A second recording on the same page, through a connection that drops: the first two
    # uploads fail, the panel says saving has fallen behind, and the retries get it through.
    failures = {"left": 2}

    def flaky(route: Any) -> None:
        if failures["left"] > 0:
            failures["left"] -= 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/live/*/chunks/*/", flaky)
    page.get_by_role("button", name="Start recording").click()
    page.get_by_role("button", name="Stop recording").wait_for()
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Stop recording").click()
    page.locator("#recorder-behind").wait_for(state="visible", timeout=10_000)
    assert (
        "Saving has fallen behind (the connection failed)"
        in page.locator("#recorder-behind").inner_text()
    )
    page.locator("#recorder-done").wait_for(state="visible", timeout=30_000)
    assert failures["left"] == 0
    chair.check("Record the meeting")
    second = Recording.objects.exclude(pk=recording.pk).get()
    second_session = LiveSession.objects.get(recording=second)
    assert second_session.chunk_count == 1  # numbered from 0 again, stored once
    assert second.duration_seconds < 4.0

    page.get_by_role("link", name="Listen to the recording").click()
    chair.check("Local authority recording")
    assert f"/recordings/{second.pk}/" in page.url
