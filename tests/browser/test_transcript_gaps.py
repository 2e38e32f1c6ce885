"""Issue 18 in a real browser: speech that could not be transcribed is counted at the top of the
transcript, shown in its place, and its play button plays that stretch of the recording and
stops at its end, by keyboard too. The page passes axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.speech.types import Gap
from onrecord.transcripts import services
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.support.recordings import store_conference_recording
from tests.transcripts.conftest import FakeEngine, engine, run_jobs  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_gap_is_counted_shown_and_played(
    world: World,
    engine: FakeEngine,  # noqa: F811  (the fixture imported above)
    visitors: Callable[..., Visitor],
) -> None:
    engine.gaps = (Gap(3.25, 5.5),)
    recording = store_conference_recording(world, seconds=7.0)
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(reverse("transcript_editor", args=[transcript.pk]), "Transcript")
    assert "1 stretch of speech not transcribed" in page.locator("main").inner_text()
    page.get_by_role("link", name="0:03 to 0:05").click()
    chair.check("Transcript")  # the same page, at the gap
    gap = page.locator("#gap-1")
    assert "Speech not transcribed" in gap.inner_text()
    page.evaluate("document.getElementById('transcript-audio').muted = true")
    button = page.get_by_role("button", name="Play 0:03 to 0:05 (speech not transcribed)")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "Math.abs(document.getElementById('transcript-audio').currentTime - 3.25) < 0.3"
    )
    # It stops at the stretch's end, not at the end of the recording.
    page.wait_for_function(
        "(a => a.paused && a.currentTime >= 5.4 && a.currentTime < 6.5)"
        "(document.getElementById('transcript-audio'))",
        timeout=15_000,
    )
