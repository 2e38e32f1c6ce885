"""Issue 18: while the recording plays, the transcript page follows the passage being played
down (it is scrolled into view, clear of the sticky player), until the person scrolls the page
themselves: from then on it stays where they put it, while the highlight still moves on, until
they next choose where to play from. With reduced motion asked for, it jumps rather than
scrolls smoothly."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.transcripts import services
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.support.recordings import store_conference_recording
from tests.transcripts.conftest import FakeEngine, engine, run_jobs  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUDIO = "document.getElementById('transcript-audio')"
# Whether a passage is on the screen below the sticky player.
IN_VIEW = """id => {
  const box = document.getElementById(id).getBoundingClientRect();
  const player = document.getElementById('transcript-player').getBoundingClientRect();
  return box.top >= player.bottom - 1 && box.top < window.innerHeight;
}"""
WORDS = "Jade said that school is going well this term and she likes her new teacher a lot."


def test_the_page_follows_the_passage_played_until_the_person_scrolls(
    world: World,
    engine: FakeEngine,  # noqa: F811  (the fixture imported above)
    visitors: Callable[..., Visitor],
) -> None:
    # Twelve one-second passages, the voices taking turns: a page longer than a phone's screen.
    engine.script = [
        [(f" {word}", 0.9, window % 3) for word in WORDS.split()[:8]] for window in range(12)
    ]
    recording = store_conference_recording(world, seconds=12.0)
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    chair = visitors(phone=True)
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(reverse("transcript_editor", args=[transcript.pk]), "Transcript")
    page.emulate_media(reduced_motion="reduce")
    page.evaluate(f"{AUDIO}.muted = true")
    assert not page.evaluate(IN_VIEW, "passage-5")

    page.get_by_role("button", name="Play from 0:01 (passage 2)").click()
    page.wait_for_function(f"!{AUDIO}.paused")
    assert not page.evaluate(IN_VIEW, "passage-5")
    # The page follows: passage 5, off the screen when it began, is brought into view.
    page.locator("#passage-5[aria-current='true']").wait_for(timeout=8_000)
    page.wait_for_function(IN_VIEW, arg="passage-5", timeout=2_000)

    # The person scrolls back up to read: the page stays there as the highlight moves on.
    page.mouse.wheel(0, -5000)
    page.wait_for_function("window.scrollY === 0")
    page.locator("#passage-8[aria-current='true']").wait_for(timeout=8_000)
    assert page.evaluate("window.scrollY") == 0
    assert not page.evaluate(IN_VIEW, "passage-8")

    # Choosing where to play from again: the page follows again.
    page.get_by_role("button", name="Play from 0:03 (passage 4)").click()
    page.wait_for_function(f"!{AUDIO}.paused")
    assert not page.evaluate(IN_VIEW, "passage-7")
    page.wait_for_function(IN_VIEW, arg="passage-7", timeout=8_000)
    page.evaluate(f"{AUDIO}.pause()")
    chair.check("Transcript")
