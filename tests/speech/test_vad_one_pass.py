"""One Silero pass per window (vad.py): the same speech regions and the same words as three."""

from __future__ import annotations

import numpy as np
import pytest
from faster_whisper.vad import VadOptions, get_speech_timestamps

from onrecord.speech import loaders, vad
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.types import SAMPLE_RATE, Audio

from .helpers import conversation

TURNS = [
    ("en-gb", "Good morning everyone. This is the review for the two children."),
    ("en-us+f3", "Thank you. I visited the family four times since the last meeting."),
    ("en-gb+m3", "The school says attendance is much better this term."),
    ("en-us+f3", "Mum goes to the parenting course every Tuesday afternoon."),
]

# The three ways a window is thresholded: Whisper's vad_filter (faster-whisper's defaults), the
# no-silent-loss check (SileroVoiceActivity) and the voiced check before voice samples.
OPTIONS = [
    VadOptions(),
    VadOptions(threshold=0.5, min_silence_duration_ms=500, speech_pad_ms=100),
    VadOptions(min_silence_duration_ms=250, speech_pad_ms=30),
    VadOptions(max_speech_duration_s=3.0, min_speech_duration_ms=250),  # the splitting branch
]


@pytest.fixture(scope="module")
def meeting(tmp_path_factory) -> Audio:
    """Four espeak-ng turns with pauses, at 16 kHz, with a little room noise and a quiet
    stretch, so that probabilities sit near the thresholds as well as far from them."""
    data, _ = conversation(TURNS, tmp_path_factory.mktemp("speech"), pause=0.6)
    import io

    (_, _, audio), *_ = DecodedWindows(io.BytesIO(data), seconds=600)(0)
    rng = np.random.default_rng(3)
    noisy = audio + rng.normal(0, 0.003, len(audio)).astype(np.float32)
    quiet = np.concatenate([noisy, 0.05 * noisy[: 4 * SAMPLE_RATE]])
    return quiet.astype(np.float32)


@pytest.mark.parametrize("options", OPTIONS, ids=["whisper", "gaps", "voiced", "split"])
def test_one_pass_gives_faster_whispers_own_speech_chunks(meeting, options):
    assert vad.speech_chunks(meeting, options) == get_speech_timestamps(meeting, options)


def test_the_network_runs_once_for_every_way_a_window_is_thresholded(meeting, monkeypatch):
    from faster_whisper import vad as fw_vad

    real = fw_vad.get_vad_model()
    calls: list[int] = []

    class Counting:
        def __call__(self, audio: Audio) -> object:
            calls.append(len(audio))
            return real(audio)

    monkeypatch.setattr(fw_vad, "get_vad_model", Counting)
    window = meeting.copy()  # a window the cache has not seen
    for options in OPTIONS:
        vad.speech_chunks(window, options)
    vad.SileroVoiceActivity().speech(window)
    assert len(calls) == 1
    vad.speech_chunks(window.copy(), OPTIONS[0])  # other samples: heard again
    assert len(calls) == 2


def test_a_window_no_longer_in_use_is_not_kept(meeting):
    import gc
    import weakref

    window = meeting.copy()
    vad.probabilities(window)
    ref = weakref.ref(window)
    del window
    gc.collect()
    assert ref() is None  # the remembered probabilities do not hold the samples


@pytest.mark.slow
def test_the_transcriber_writes_the_words_faster_whispers_vad_filter_writes(
    meeting, tmp_path_factory
):
    transcriber = loaders.transcriber("tiny.en", cache_dir=tmp_path_factory.mktemp("models"))
    ours, language = transcriber.transcribe(meeting)
    segments, _ = transcriber._model.transcribe(
        meeting,
        language="en",
        beam_size=transcriber.beam_size,
        word_timestamps=True,
        vad_filter=True,
        condition_on_previous_text=False,
    )
    theirs = [(float(w.start), float(w.end), w.word) for s in segments for w in s.words or ()]
    assert language == "en"
    assert len(ours) > 20
    assert [(w.start, w.end, w.text) for w in ours] == [t for t in theirs if t[2].strip()]


@pytest.mark.slow
def test_the_pipeline_runs_silero_once_per_window(meeting, tmp_path_factory, monkeypatch):
    """Whisper's VAD filter, the no-silent-loss check and the voiced check before voice samples
    share one pass of the network over each window (three before). A stretch transcribed again
    on its own (gaps.py: here the quiet ending) is a new piece of audio with its own pass."""
    import io

    from faster_whisper import vad as fw_vad

    from onrecord.speech import pipeline
    from onrecord.speech.types import WindowResult, Word

    from .helpers import wav_bytes

    cache = tmp_path_factory.mktemp("models")
    transcriber = loaders.transcriber("tiny.en", cache_dir=cache)
    embedder = loaders.embedder(cache_dir=cache)
    real = fw_vad.get_vad_model()
    calls: list[int] = []

    class Counting:
        def __call__(self, audio: Audio) -> object:
            calls.append(len(audio))
            return real(audio)

    monkeypatch.setattr(fw_vad, "get_vad_model", Counting)
    heard: list[int] = []  # every piece of audio given to Whisper: windows and clips

    class Recording:
        name = transcriber.name

        def transcribe(self, audio: Audio) -> tuple[list[Word], str]:
            heard.append(len(audio))
            return transcriber.transcribe(audio)

    stored: list[WindowResult] = []
    result = pipeline.run(
        DecodedWindows(io.BytesIO(wav_bytes(meeting)), seconds=14, overlap=4),
        Recording(),
        embedder,
        speakers=3,
        on_window=stored.append,
        voice_activity=vad.SileroVoiceActivity(),
    )
    assert len(stored) >= 2
    assert result.words
    assert any(w.voices for w in stored)
    assert len(heard) >= len(stored)
    assert len(calls) == len(heard)
