"""No silent loss on the real model (issue 18): a file where bare faster-whisper drops speech.

The construction: an English sentence, then seven seconds of nonsense syllables ("ba ta ka
la …", an espeak-ng voice speaking), then another English sentence. Whisper tiny.en writes the
first sentence and then nothing more for the rest of its 30-second chunk: the nonsense AND the
real sentence after it vanish, with nothing to say so (the test proves this on the same audio
first). The pipeline, checking Whisper against voice activity detection, transcribes the
missing stretch again on its own and gets the last sentence back, and marks the nonsense,
which has no words to find, as "speech not transcribed"."""

from __future__ import annotations

import io
import re

import ctranslate2
import pytest

from onrecord.speech import gaps, loaders, pipeline
from onrecord.speech.audio import DecodedWindows
from onrecord.speech.vad import SileroVoiceActivity

from .helpers import conversation

pytestmark = pytest.mark.slow  # the real Whisper model and Silero VAD

OPENING = "Good morning everyone. We are here today to talk about the plan for Sam and his family."
BABBLE = "ba ta ka la ma na pa sa da ga ba ta ka la ma na pa sa da ga ba ta ka la ma na pa sa da ga"
CLOSING = (
    "Thank you all for coming. That is the end of the meeting, and we will meet again in "
    "three months."
)


# The babble's span is the synthesised audio's, with its leading and trailing quiet; VAD's
# speech starts and ends a little inside it.
SPAN_SLACK = 0.5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


@pytest.fixture(scope="module")
def transcriber(tmp_path_factory):
    # On the nonsense, Whisper falls back to sampling at a higher temperature: CTranslate2's
    # generators are seeded when the model's threads first use them, so seed before loading,
    # or bare Whisper's output (the premise) and the pipeline's differ from run to run.
    ctranslate2.set_random_seed(18)
    return loaders.transcriber("tiny.en", cache_dir=tmp_path_factory.mktemp("models"))


def test_speech_bare_whisper_drops_is_recovered_or_marked(tmp_path, transcriber):
    data, spans = conversation(
        [("en-gb", OPENING), ("en-gb", BABBLE), ("en-gb", CLOSING)], tmp_path, pause=0.3
    )
    (_, _, audio), *more = list(DecodedWindows(io.BytesIO(data))(0))
    assert not more

    # Bare faster-whisper (the same model and options, the whole file at once) loses the
    # closing sentence without a trace.
    bare, _ = transcriber.transcribe(audio)
    bare_words = _words("".join(w.text for w in bare))
    assert "morning" in bare_words
    assert not {"coming", "meeting", "months"} & set(bare_words), bare_words
    assert all(w.end < spans[2][0] for w in bare)  # nothing at all in the closing sentence

    result = pipeline.run(
        DecodedWindows(io.BytesIO(data)),
        transcriber,
        _NoVoices(),
        on_window=lambda w: None,
        voice_activity=SileroVoiceActivity(),
    )
    heard = _words("".join(w.text for w in result.words))
    closing = _words(CLOSING)
    assert sum(1 for w in closing if w in heard) >= 0.8 * len(closing), heard
    # whatever is still without words in the babble is marked, with its time
    babble_start, babble_end, _ = spans[1]
    # (the promise, issue 18: no stretch of 2 s or more without words or a marker; Whisper
    # may write words for some of the syllables, and what is left between them may be shorter;
    # a word covers its time and the pipeline's slack either side, gaps.SLACK, as in gaps.py)
    covered = sorted(
        [(w.start - gaps.SLACK, w.end + gaps.SLACK) for w in result.words]
        + [(g.start, g.end) for g in result.gaps]
    )
    unmarked, reached = [], babble_start
    for start, end in covered:
        if end <= reached:
            continue
        if start > reached:
            unmarked.append((reached, min(start, babble_end)))
        reached = max(reached, end)
        if reached >= babble_end:
            break
    if reached < babble_end:
        unmarked.append((reached, babble_end))
    longest = max((end - start for start, end in unmarked), default=0.0)
    assert longest < 2.0 + SPAN_SLACK, (unmarked, result.words, result.gaps)
    assert all(g.end - g.start >= 2.0 for g in result.gaps)
    assert any("speech not transcribed" in note for note in result.notes) == bool(result.gaps)


class _NoVoices:
    """Speakers are not what this test is about: no voice samples, one speaker."""

    def embed(self, audio, speech):
        return []
