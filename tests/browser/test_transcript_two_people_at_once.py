"""Issue 18 in a real browser: where two people spoke at once is counted at the top of the
transcript, shown in its place, the words said then are marked in a way a screen reader reads
out, and its play button plays that stretch and stops at its end, by keyboard too. The page
passes axe-core."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.speech.types import Overlap
from onrecord.transcripts import services
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.support.recordings import store_conference_recording
from tests.transcripts.conftest import FakeEngine, engine, run_jobs  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_people_at_once_is_counted_marked_and_played(
    world: World,
    engine: FakeEngine,  # noqa: F811  (the fixture imported above)
    visitors: Callable[..., Visitor],
) -> None:
    # the fake's second window says " Thank you, I agree." from 1.0 to 2.0 s
    engine.overlaps = (Overlap(1.3, 1.7),)
    recording = store_conference_recording(world, seconds=3.0)
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(reverse("transcript_editor", args=[transcript.pk]), "Transcript")
    assert "1 time two people spoke at once" in page.locator("main").inner_text()
    # the words said then: a visible label, and words a screen reader hears
    marked = page.locator("#passage-2 .tr-overlap")
    assert marked.count() == 1
    assert marked.locator(".tr-overlap__flag").is_visible()
    assert "Two people speaking at once: you, I" in marked.text_content()
    page.get_by_role("link", name="0:01 to 0:02").click()
    chair.check("Transcript")  # the same page, at the stretch
    assert "Two people speaking at once" in page.locator("#two-at-once-1").inner_text()
    page.evaluate("document.getElementById('transcript-audio').muted = true")
    button = page.get_by_role("button", name="Play 0:01 to 0:02 (two people speaking at once)")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "Math.abs(document.getElementById('transcript-audio').currentTime - 1.3) < 0.3"
    )
    # It stops at the stretch's end, not at the end of the recording.
    page.wait_for_function(
        "(a => a.paused && a.currentTime >= 1.6 && a.currentTime < 2.5)"
        "(document.getElementById('transcript-audio'))",
        timeout=15_000,
    )
