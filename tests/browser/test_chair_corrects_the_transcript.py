"""Issue 7 in a real browser: the chair starts a transcription from the recording's page and
watches its progress, opens the transcript beside the audio, selects a word to play from it
(the player jumps there and the word is highlighted), corrects a passage in place (a new
version, shown with her name) and names the speakers; the social worker reads it on a phone.
Every page passes axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.vault.models import Recording
from tests.browser.conftest import Visitor
from tests.support.personas import World
from tests.transcripts.conftest import (  # noqa: F401  (fixtures)
    FakeEngine,
    engine,
    recording,
    run_jobs,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Where the player is, and which word is highlighted, as the page's own click handler leaves
# them (this listener runs after it): read later, the audio has played on, by more than a short
# word on a loaded machine.
RIGHT_AFTER_A_CLICK = """() => document.addEventListener('click', () => {
  const word = document.querySelector('.tr-word--current');
  window.rightAfterClick = {
    time: document.getElementById('transcript-audio').currentTime,
    word: word ? word.textContent.trim() : null,
  };
})"""


def test_chair_transcribes_listens_and_corrects(
    world: World,
    recording: Recording,  # noqa: F811  (the fixture imported above)
    engine: FakeEngine,  # noqa: F811
    visitors: Callable[..., Visitor],
) -> None:
    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(reverse("recording_player", args=[recording.pk]), "Local authority recording")
    assert "This recording has not been transcribed." in page.locator("main").inner_text()
    # A plain form post back to a page with the same heading: wait for the new page, or the
    # check would run on the old one as it goes.
    with page.expect_navigation():
        page.get_by_role("button", name="Transcribe this recording").click()
    chair.check("Local authority recording")
    assert "Transcription has started" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("status").inner_text() == "Waiting to start"

    # A worker runs the job; the page notices by itself and shows the transcript's link.
    run_jobs()
    link = page.get_by_role("link", name="Open the transcript of this recording")
    link.wait_for(timeout=15_000)
    chair.check("Local authority recording")
    link.click()
    chair.check("Transcript")
    main = page.locator("main")
    assert "2 words to check" in main.inner_text()
    assert page.locator("mark.tr-word.tr-check").count() == 2

    # Select a word: the player jumps to it and the word is highlighted.
    page.evaluate("document.getElementById('transcript-audio').muted = true")
    page.evaluate(RIGHT_AFTER_A_CLICK)
    word = page.locator(".tr-word", has_text=re.compile("^Jade$"))
    word.click()
    start = float(word.get_attribute("data-start") or "nan")
    after = page.evaluate("window.rightAfterClick")
    assert abs(after["time"] - start) < 0.3
    assert after["word"] == "Jade"
    page.wait_for_function("!document.getElementById('transcript-audio').paused")
    # The passage buttons do the same for keyboard users.
    page.get_by_role("button", name="Play from 0:01 (passage 2)").click()
    assert page.evaluate("window.rightAfterClick")["time"] < 1.6
    # The audio came from the vault as one audited listening, however many ranges it took.
    page.wait_for_function("document.getElementById('transcript-audio').readyState >= 1")
    plays = AuditEvent.objects.filter(
        action="vault.open", object_id=str(recording.pk), detail__purpose="play"
    )
    assert [e.actor_username for e in plays] == ["priya.shah"]

    # Correct passage 3 where it is: a new version, with the chair's name in the history.
    page.get_by_role("button", name="Edit passage 3").click()
    # Focus moves to the passage's words, as for a keyboard user.
    page.wait_for_function("document.activeElement.name === 'p3-text'")
    page.get_by_label("What was said").fill("Jade is doing fine.")
    page.get_by_label("Why are you changing it? (optional)").fill("misheard")
    # One passage at a time: "Edit" on another takes her back to the open one, words kept.
    page.get_by_role("button", name="Edit passage 2").click()
    said = page.locator("#transcript-said")
    said.filter(has_text="Save or cancel your correction of passage 3 first.").wait_for()
    page.wait_for_function("document.activeElement.name === 'p3-text'")
    assert page.locator("textarea").count() == 1
    assert page.get_by_label("What was said").input_value() == "Jade is doing fine."
    page.get_by_role("button", name="Save correction of passage 3").click()
    page.locator("#transcript-said", has_text="saved as version 2").wait_for()
    chair.check("Transcript")
    assert "Jade is doing fine." in page.locator("#passage-3").inner_text()
    history = page.locator("#history ~ .tr-scroll table").inner_text()
    assert "Priya Shah" in history
    assert "Corrected the words of passage 3. Why: misheard" in history
    assert "1 word to check" in main.inner_text()
    transcript = Transcript.objects.get()
    assert TranscriptVersion.objects.filter(transcript=transcript).count() == 2

    # Name the speakers in one step: suggestions are preselected, one is corrected.
    page.get_by_role("link", name="Say who the speakers are").click()
    chair.check("Who is speaking?")
    page.locator("#id_who_2-8").check()  # "Someone else"
    page.locator("#id_name_2").fill("Ruth Adeyemi")
    page.locator("#id_role_2").fill("Interpreter")
    page.get_by_role("button", name="Save the speakers’ names").click()
    chair.check("Transcript")
    passages = page.locator(".tr-passages").inner_text()
    assert "Priya Shah (Chair)" in passages
    assert "Ruth Adeyemi (Interpreter)" in passages
    assert "Speaker 1" not in passages

    # The social worker reads it on a phone.
    worker = visitors(phone=True)
    worker.already_signed_in(world.users["social_worker"])
    worker.goto(reverse("transcript_editor", args=[transcript.pk]), "Transcript")
    assert "Jade is doing fine." in worker.page.locator("#passage-3").inner_text()
