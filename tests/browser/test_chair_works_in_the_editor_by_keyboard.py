"""Issue 18, the editor people can work in, on a 320 px phone with the keyboard alone: the
player stays at the top of the page and never covers what has focus (WCAG 2.4.11); Tab reaches a
passage and Enter plays from it; the passage and word being played are highlighted and the
highlight moves on as it plays; Alt+P pauses and plays; "Edit" opens the passage's text in place,
Escape puts it back, and a saved correction is a new version with focus back on the passage;
a stretch of speech not transcribed plays and stops at its end; on the speakers page each voice's
"Play sample" plays a few seconds of it. Every listening goes through the audited audio endpoint.
Every state passes axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.speech.types import Gap
from onrecord.transcripts import services
from onrecord.transcripts.models import TranscriptVersion
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.support.recordings import store_conference_recording
from tests.transcripts.conftest import FakeEngine, engine, run_jobs  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AUDIO = "document.getElementById('transcript-audio')"
# True when what has focus is not under the sticky player (or is in it, or is the page), once
# the page has drawn the next two frames (the page's own scrolling done).
NOT_OBSCURED = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const el = document.activeElement;
  const player = document.getElementById('transcript-player');
  if (!el || el === document.body || !player || player.contains(el)) return true;
  const p = player.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  return r.bottom <= p.top + 1 || r.top >= p.bottom - 1;
}"""


def focused_text(page: Any) -> str:
    """What has focus, by its text or (a form field) its label."""
    text: str = page.evaluate(
        """() => {
          const el = document.activeElement;
          const label = el.labels && el.labels.length ? el.labels[0] : el;
          return label.textContent || '';
        }"""
    )
    return " ".join(text.split())


# What the page's own handler has done by the end of a click (Enter on a button is one): this
# listener runs after it. Read later, the audio has played on, past a one-second passage on a
# loaded machine.
RIGHT_AFTER_A_CLICK = """() => document.addEventListener('click', () => {
  const current = document.querySelector("[aria-current='true']");
  const word = document.querySelector('.tr-word--current');
  window.rightAfterClick = {
    time: document.getElementById('transcript-audio').currentTime,
    current: current ? current.id : null,
    word_in: word ? word.closest('li').id : null,
  };
})"""


def tab_to(
    page: Any, name: str | re.Pattern[str], *, limit: int = 80, backwards: bool = False
) -> None:
    """Press Tab (or Shift+Tab) until the element with this text has focus, checking at every
    stop that the player does not cover it."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert page.evaluate(NOT_OBSCURED), f"{focused_text(page)!r} is under the player"
        text = focused_text(page)
        if (name.search(text) is not None) if isinstance(name, re.Pattern) else text == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_chair_plays_edits_and_names_voices_with_the_keyboard_on_a_phone(
    world: World,
    engine: FakeEngine,  # noqa: F811  (the fixture imported above)
    visitors: Callable[..., Visitor],
) -> None:
    engine.gaps = (Gap(3.25, 5.5),)
    recording = store_conference_recording(world, seconds=7.0)
    transcript = services.request_transcription(recording, by=world.users["chair"])
    run_jobs()
    chair = visitors(phone=True)
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(reverse("transcript_editor", args=[transcript.pk]), "Transcript")
    page.evaluate(f"{AUDIO}.muted = true")
    player = page.locator("#transcript-player")

    # The player stays in view at the top at 320 px, wherever the page is scrolled to.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    box = player.bounding_box()
    assert box is not None
    assert box["y"] == pytest.approx(0, abs=1)
    assert box["height"] < 100  # the audio controls alone: it covers little of a phone

    # Tab to passage 2's play button (never under the player on the way), Enter plays from it.
    page.evaluate("window.scrollTo(0, 0)")
    page.evaluate(RIGHT_AFTER_A_CLICK)
    tab_to(page, "Play from 0:01 (passage 2)")
    page.keyboard.press("Enter")
    after = page.evaluate("window.rightAfterClick")
    assert after["current"] == "passage-2"
    assert after["word_in"] == "passage-2"
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime >= 1")
    # As it plays, the highlight moves on to passage 3 and its words.
    page.locator("#passage-3[aria-current='true']").wait_for(timeout=5_000)
    page.locator("#passage-3 .tr-word--current").wait_for()
    assert page.locator("#passage-2").get_attribute("aria-current") is None
    assert page.locator(".tr-word--current").count() == 1

    # The shortcut documented on the page pauses and plays, wherever focus is.
    assert "Alt and P together" in (page.locator("#keyboard-help").text_content() or "")
    page.keyboard.press("Alt+KeyP")
    page.wait_for_function(f"{AUDIO}.paused")
    assert page.locator("#player-said").inner_text().startswith("Paused at 0:0")
    page.keyboard.press("Alt+KeyP")
    page.wait_for_function(f"!{AUDIO}.paused")
    page.keyboard.press("Alt+KeyP")
    page.wait_for_function(f"{AUDIO}.paused")

    # Edit passage 3 in place: its text box takes focus; Escape puts the passage back.
    tab_to(page, "Edit passage 3")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.name === 'p3-text'")
    chair.check("Transcript")  # the open form passes axe and fits 320 px
    page.keyboard.type(" Really.")
    page.keyboard.press("Escape")
    page.wait_for_function("document.activeElement.classList.contains('tr-edit')")
    assert focused_text(page) == "Edit passage 3"
    assert page.locator("textarea").count() == 0
    assert "Really" not in page.locator("#passage-3").inner_text()

    # Again, and save it with the keyboard: a new version by her, focus back on the passage.
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.name === 'p3-text'")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Jade is doing fine.")
    tab_to(page, "Speaker 3", limit=3)  # who said it: as it was
    tab_to(page, "Why are you changing it? (optional)", limit=3)
    page.keyboard.type("misheard")
    tab_to(page, "Save correction of passage 3", limit=3)
    page.keyboard.press("Enter")
    page.locator("#transcript-said", has_text="Your correction is saved as version 2.").wait_for()
    page.wait_for_function("document.activeElement.classList.contains('tr-edit')")
    assert focused_text(page) == "Edit passage 3"
    assert page.evaluate(NOT_OBSCURED)
    chair.check("Transcript")
    assert "Jade is doing fine." in page.locator("#passage-3").inner_text()
    version = TranscriptVersion.objects.get(transcript=transcript, number=2)
    assert version.author == world.users["chair"]
    assert version.summary == "Corrected the words of passage 3. Why: misheard"
    assert TranscriptVersion.objects.filter(transcript=transcript).count() == 2

    # The stretch of speech not transcribed plays, and stops at its end.
    tab_to(page, "Play 0:03 to 0:05 (speech not transcribed)")
    page.keyboard.press("Enter")
    after = page.evaluate("window.rightAfterClick")
    assert after["time"] == pytest.approx(3.25, abs=0.01)
    assert after["current"] == "gap-1"
    page.wait_for_function(f"!{AUDIO}.paused")
    page.wait_for_function(
        f"{AUDIO}.paused && {AUDIO}.currentTime >= 5.4 && {AUDIO}.currentTime < 6.5",
        timeout=15_000,
    )
    # Back up the page: what gets focus is scrolled clear of the player, not under it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    tab_to(page, "Play from 0:00 (passage 1)", backwards=True)

    # The speakers page: each voice's "Play sample" plays a few seconds of it, then stops.
    page.goto(chair.base_url + reverse("transcript_speakers", args=[transcript.pk]))
    chair.check("Who is speaking?")
    page.evaluate(f"{AUDIO}.muted = true")
    tab_to(page, "Play sample of speaker 2, 1 second from 0:01")
    page.keyboard.press("Enter")
    page.wait_for_function(f"!{AUDIO}.paused && {AUDIO}.currentTime >= 1")
    page.wait_for_function(
        f"{AUDIO}.paused && {AUDIO}.currentTime >= 1.9 && {AUDIO}.currentTime < 2.6",
        timeout=10_000,
    )

    # Every listening went through the vault's audited gate: one entry per page's player.
    plays = AuditEvent.objects.filter(
        action="vault.open", object_id=str(recording.pk), detail__purpose="play"
    )
    assert [e.actor_username for e in plays] == ["priya.shah", "priya.shah"]
