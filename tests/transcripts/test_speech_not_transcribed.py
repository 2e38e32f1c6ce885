"""Speech heard but not transcribed (issue 18) is stored with the transcript, counted and shown
in its place on the transcript page with a button to play it, and written into every export
and the court bundle. (The pipeline that finds it: tests/speech/test_no_silent_loss*.py.)"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from onrecord.audit.context import Actor, acting_as
from onrecord.disclosure.bundle import export_bundle
from onrecord.speech.types import Gap
from onrecord.transcripts import exports, services
from onrecord.transcripts.models import Transcript, TranscriptWindow
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

GAP = Gap(3.25, 5.5)  # the fake's windows 3 to 5 have no words; someone spoke there
WORDS = [TWord(0.0, 0.4, " Hello", 0.9, 0), TWord(6.0, 6.4, " Yes", 0.95, 1)]
NAMES = {0: "Priya Shah (Chair)", 1: "Dana Whitfield (Mother)"}
HEADING = exports.Heading("Transcript: conference", ("Version 1.",))


@pytest.fixture
def long_recording(world: World) -> Recording:
    return store_conference_recording(world, seconds=7.0)


def test_the_job_stores_the_gaps_and_a_killed_run_keeps_them(
    world: World, long_recording: Recording, engine: FakeEngine
) -> None:
    engine.gaps = (GAP,)
    engine.kill_after = 5  # dies after window 4, whose checkpoint holds the gap
    transcript = services.request_transcription(long_recording, by=world.users["chair"])
    with pytest.raises(Killed):
        run_jobs("dying-worker")
    stored = TranscriptWindow.objects.get(transcript=transcript, index=3)
    assert stored.data["gaps"] == [{"start": 3.25, "end": 5.5}]
    expire_lease(job_of(transcript))
    engine.kill_after = None
    run_jobs("healthy-worker")
    transcript.refresh_from_db()
    assert transcript.gaps == [{"start": 3.25, "end": 5.5}]
    assert services.gaps_of(transcript) == (GAP,)


def test_the_page_counts_the_gaps_and_shows_each_in_its_place_with_play(
    world: World, long_recording: Recording, engine: FakeEngine
) -> None:
    engine.gaps = (GAP,)
    transcript = transcribed(world, long_recording)
    page = world.client_for("chair").get(reverse("transcript_editor", args=[transcript.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 stretch of speech not transcribed" in html
    assert 'href="#gap-1">0:03 to 0:05</a>' in html
    gap = html[html.index('id="gap-1"') :]
    assert "Speech not transcribed" in gap[:300]
    assert 'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 tr-play" ' in gap
    assert 'data-start="3.250"' in gap[: gap.index("</li>")]
    # in time order: after the last passage of the scripted windows 0 to 2
    assert html.index('id="passage-3"') < html.index('id="gap-1"')


def test_no_gaps_no_warning(world: World, recording: Recording, engine: FakeEngine) -> None:
    transcript = transcribed(world, recording)
    html = world.client_for("chair").get(reverse("transcript_editor", args=[transcript.pk]))
    assert "not transcribed" not in html.content.decode()


def test_exports_write_each_gap_in_its_place() -> None:
    text = exports.to_text(WORDS, NAMES, HEADING, (GAP,))
    assert text == (
        "Transcript: conference\nVersion 1.\n\n"
        "[0:00] Priya Shah (Chair):\nHello\n\n"
        "[0:03] Speech not transcribed, 0:03 to 0:05.\n\n"
        "[0:06] Dana Whitfield (Mother):\nYes\n"
    )
    vtt = exports.to_webvtt(WORDS, NAMES, (GAP,))
    assert "2\n00:00:03.250 --> 00:00:05.500\n[Speech not transcribed, 0:03 to 0:05]\n" in vtt
    assert "3\n00:00:06.000 --> 00:00:06.400\n<v Dana Whitfield (Mother)>Yes\n" in vtt
    srt = exports.to_srt(WORDS, NAMES, (GAP,))
    assert "2\n00:00:03,250 --> 00:00:05,500\n[Speech not transcribed, 0:03 to 0:05]\n" in srt


def test_the_bundle_carries_the_gaps(
    world: World, long_recording: Recording, engine: FakeEngine, tmp_path: Path
) -> None:
    engine.gaps = (GAP,)
    transcribed(world, long_recording)
    legal = world.users["legal"]
    with acting_as(Actor(legal.pk, legal.username, legal.role, "10.0.0.9")):
        export_bundle(long_recording, out=tmp_path / "b.zip", reason="C100 directions")
    with zipfile.ZipFile(tmp_path / "b.zip") as bundle:
        text = bundle.read("transcript/transcript.txt").decode()
        data = json.loads(bundle.read("transcript/transcript.json"))
        vtt = bundle.read("transcript/transcript.vtt").decode()
    assert "[0:03] Speech not transcribed, 0:03 to 0:05." in text
    assert "1 stretch of speech could not be transcribed" in text
    assert data["speech_not_transcribed"] == [{"start": 3.25, "end": 5.5}]
    assert "[Speech not transcribed, 0:03 to 0:05]" in vtt


def test_speech_heard_with_no_words_at_all_fails_saying_so(
    world: World, long_recording: Recording, engine: FakeEngine
) -> None:
    engine.script = [[] for _ in range(7)]
    engine.gaps = (GAP, Gap(5.5, 6.75))
    transcript = services.request_transcription(long_recording, by=world.users["chair"])
    run_jobs()
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.FAILED
    assert transcript.error == (
        "Speech was heard in this recording (4 seconds in all) but no words could be made out, "
        "even when it was transcribed again. Nothing was transcribed. Listen to it to check."
    )
    assert not transcript.versions.exists()
