"""Two people speaking at once (issue 18) is stored with the transcript (and in each window's
checkpoint, so a killed worker keeps it), counted and shown in its place on the transcript page
with a button to play it, the words said then marked for the eye and for screen readers, and
written into every export and the court bundle. (The pipeline that finds it:
tests/speech/test_overlap_*.py.)"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from onrecord.audit.context import Actor, acting_as
from onrecord.disclosure.bundle import export_bundle
from onrecord.speech.types import Overlap
from onrecord.transcripts import exports, services
from onrecord.transcripts.models import TranscriptWindow
from onrecord.transcripts.words import TWord
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.support.recordings import store_conference_recording
from tests.transcripts.conftest import (
    FakeEngine,
    Killed,
    expire_lease,
    job_of,
    run_jobs,
    transcribed,
)

pytestmark = pytest.mark.django_db

# The fake's window 1 says " Thank you, I agree." over 1.0 to 2.0 s: its 2nd and 3rd words
# (1.25 to 1.7, 1.5 to 1.95; middles 1.35 and 1.6) fall in this stretch, the others do not.
BOTH = Overlap(1.3, 1.7)
WORDS = [TWord(0.0, 0.4, " Hello", 0.9, 0), TWord(6.0, 6.4, " Yes", 0.95, 1)]
NAMES = {0: "Priya Shah (Chair)", 1: "Dana Whitfield (Mother)"}
HEADING = exports.Heading("Transcript: conference", ("Version 1.",))


@pytest.fixture
def long_recording(world: World) -> Recording:
    return store_conference_recording(world, seconds=7.0)


def test_the_job_stores_the_overlaps_and_a_killed_run_keeps_them(
    world: World, long_recording: Recording, engine: FakeEngine
) -> None:
    engine.overlaps = (Overlap(3.25, 5.5),)
    engine.kill_after = 5  # dies after window 4, whose checkpoint holds the overlap
    transcript = services.request_transcription(long_recording, by=world.users["chair"])
    with pytest.raises(Killed):
        run_jobs("dying-worker")
    stored = TranscriptWindow.objects.get(transcript=transcript, index=3)
    assert stored.data["overlaps"] == [{"start": 3.25, "end": 5.5}]
    expire_lease(job_of(transcript))
    engine.kill_after = None
    run_jobs("healthy-worker")
    transcript.refresh_from_db()
    assert transcript.overlaps == [{"start": 3.25, "end": 5.5}]
    assert services.overlaps_of(transcript) == (Overlap(3.25, 5.5),)


def test_the_page_counts_overlaps_shows_each_with_play_and_marks_the_words_said_then(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    engine.overlaps = (BOTH,)
    transcript = transcribed(world, recording)
    page = world.client_for("chair").get(reverse("transcript_editor", args=[transcript.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 time two people spoke at once" in html
    assert 'href="#two-at-once-1">0:01 to 0:02</a>' in html
    row = html[html.index('id="two-at-once-1"') :]
    row = row[: row.index("</li>")]
    assert "Two people speaking at once" in row
    assert 'tr-play" data-start="1.300" data-end="1.700" hidden>Play 0:01 to 0:02' in row
    # in time order: after passage 2, which it falls in, and before passage 3
    assert html.index('id="passage-2"') < html.index('id="two-at-once-1"')
    assert html.index('id="two-at-once-1"') < html.index('id="passage-3"')
    passage = html[html.index('id="passage-2"') : html.index('id="passage-3"')]
    marked = passage[passage.index('<span class="tr-overlap">') :]
    marked = marked[: marked.index("(end of two people speaking at once)")]
    assert '<span class="govuk-visually-hidden">Two people speaking at once: </span>' in marked
    assert 'aria-hidden="true">2 at once</span>' in marked
    assert ">you,</span> <span" in marked
    assert ">I</span>" in marked
    assert "Thank" not in marked
    assert "agree." not in marked
    assert passage.count('<span class="tr-overlap">') == 1


def test_no_overlaps_no_marks(world: World, recording: Recording, engine: FakeEngine) -> None:
    transcript = transcribed(world, recording)
    html = world.client_for("chair").get(reverse("transcript_editor", args=[transcript.pk]))
    assert "at once" not in html.content.decode()


def test_exports_write_each_overlap_in_its_place() -> None:
    both = Overlap(3.25, 5.5)
    text = exports.to_text(WORDS, NAMES, HEADING, (both,))
    assert text == (
        "Transcript: conference\nVersion 1.\n\n"
        "[0:00] Priya Shah (Chair):\nHello\n\n"
        "[0:03] Two people speaking at once, 0:03 to 0:06.\n\n"
        "[0:06] Dana Whitfield (Mother):\nYes\n"
    )
    vtt = exports.to_webvtt(WORDS, NAMES, (both,))
    assert "2\n00:00:03.250 --> 00:00:05.500\n[Two people speaking at once, 0:03 to 0:06]\n" in vtt
    srt = exports.to_srt(WORDS, NAMES, (both,))
    assert "2\n00:00:03,250 --> 00:00:05,500\n[Two people speaking at once, 0:03 to 0:06]\n" in srt


def test_the_bundle_carries_the_overlaps(
    world: World, long_recording: Recording, engine: FakeEngine, tmp_path: Path
) -> None:
    engine.overlaps = (Overlap(3.25, 5.5),)
    transcribed(world, long_recording)
    legal = world.users["legal"]
    with acting_as(Actor(legal.pk, legal.username, legal.role, "10.0.0.9")):
        export_bundle(long_recording, out=tmp_path / "b.zip", reason="C100 directions")
    with zipfile.ZipFile(tmp_path / "b.zip") as bundle:
        text = bundle.read("transcript/transcript.txt").decode()
        data = json.loads(bundle.read("transcript/transcript.json"))
        vtt = bundle.read("transcript/transcript.vtt").decode()
    assert "[0:03] Two people speaking at once, 0:03 to 0:06." in text
    assert (
        "Two people spoke at once in 1 place: each is marked “Two people speaking at once” with "
        "its times, and who said what there may be wrong. Listen to the recording there."
    ) in text
    assert data["two_people_speaking_at_once"] == [{"start": 3.25, "end": 5.5}]
    assert "[Two people speaking at once, 0:03 to 0:06]" in vtt
