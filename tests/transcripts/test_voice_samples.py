"""A few seconds of each voice for the chair naming the speakers: the speaker's first passage
long enough to recognise them by (else their longest), at most five seconds of it; the speakers
page offers a "Play sample" button per speaker that plays that stretch of the recording through
the audited audio endpoint."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from onrecord.transcripts.speakers import voice_samples
from onrecord.transcripts.words import TWord
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, transcribed


def _said(speaker: int, start: float, count: int, step: float = 0.5) -> list[TWord]:
    return [
        TWord(start + k * step, start + (k + 1) * step - 0.05, f" w{k}", 0.9, speaker)
        for k in range(count)
    ]


def test_the_first_passage_long_enough_is_the_sample_cut_to_five_seconds() -> None:
    words = [
        *_said(0, 0.0, 2),  # 1 s: too short to recognise a voice
        *_said(1, 1.0, 5),  # 2.45 s: enough
        *_said(0, 4.0, 20),  # 10 s: the first long enough, cut to 5
        *_said(1, 20.0, 30),  # later and longer: speaker 1's first long passage came first
    ]
    samples = voice_samples(words)
    assert samples[0] == pytest.approx((4.0, 9.0))
    assert samples[1] == pytest.approx((1.0, 3.45))
    assert voice_samples(words, seconds=2.0)[1] == pytest.approx((1.0, 3.0))


def test_a_voice_with_only_short_passages_gets_its_longest() -> None:
    words = [*_said(0, 0.0, 1), *_said(1, 3.0, 2), *_said(0, 6.0, 3), *_said(1, 9.0, 1)]
    samples = voice_samples(words)
    assert samples[0] == pytest.approx((6.0, 7.45))
    assert samples[1] == pytest.approx((3.0, 3.95))


def test_words_with_no_speaker_have_no_sample() -> None:
    assert voice_samples([TWord(0.0, 1.0, " hello", 0.9, None)]) == {}


@pytest.mark.django_db
def test_the_speakers_page_has_a_play_sample_button_per_voice_and_the_player(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    transcript = transcribed(world, recording)
    html = world.client_for("chair").get(reverse("transcript_speakers", args=[transcript.pk]))
    page = html.content.decode()
    buttons = re.findall(
        r'<button type="button" class="[^"]*tr-sample" data-start="([\d.]+)" data-end="([\d.]+)"'
        r" hidden>Play sample<span[^>]*> of speaker (\d)",
        page,
    )
    # The fake's three one-second windows: one voice each.
    assert buttons == [("0.000", "0.950", "1"), ("1.000", "1.950", "2"), ("2.000", "2.950", "3")]
    source = transcript.recording.pk
    assert re.search(rf'<source src="/recordings/{source}/audio/\?playback=[0-9a-f]{{32}}"', page)
