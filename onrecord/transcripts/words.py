"""A transcript's word list and the edits a person may make to it: pure Python, no Django.

The word list is what every version stores (as JSON): each word keeps the start and end time
the speech model gave it, so the text stays lined up with the audio whatever is corrected.
Edits work on *segments* (one speaker's stretch of speech, split at long pauses and at sentence
ends once long enough), the unit a person reads and corrects:

- `edit_text` replaces a segment's words. Words left as they were keep their own times; new or
  changed words share the time of the words they replace (or sit at the gap where they were
  inserted), so times only ever stay within the segment and never go backwards.
- `edit_speaker` says who spoke a segment; it must be one of the transcript's known speakers.

Words in a segment a person has corrected count as checked: they read it while correcting it.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Below this confidence a word is marked for the chair to check: speech-to-text invents text on
# quiet or noisy audio, and the page must never hide that.
LOW_CONFIDENCE = 0.5
MAX_SEGMENT_TEXT = 2000
PAUSE_SPLIT = 2.0  # seconds of silence that start a new segment
SENTENCE_SPLIT_AFTER = 25  # words: a segment this long ends at the next sentence end
HARD_SPLIT = 60  # words: never longer than this
SENTENCE_ENDS = (".", "?", "!")


class EditRefused(Exception):
    """An edit that cannot be made; the message says why, in plain English."""


@dataclass(frozen=True, slots=True)
class TWord:
    start: float
    end: float
    text: str  # leading space as the model wrote it
    probability: float
    speaker: int | None = None
    checked: bool = False  # a person has read it while correcting its segment

    @property
    def needs_check(self) -> bool:
        return self.probability < LOW_CONFIDENCE and not self.checked

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "text": self.text,
            "probability": round(self.probability, 4),
            "speaker": self.speaker,
        }
        if self.checked:
            data["checked"] = True
        return data


def word_from_json(data: Mapping[str, Any]) -> TWord:
    speaker = data.get("speaker")
    return TWord(
        start=float(data["start"]),
        end=float(data["end"]),
        text=str(data["text"]),
        probability=float(data["probability"]),
        speaker=None if speaker is None else int(speaker),
        checked=bool(data.get("checked", False)),
    )


def words_from_json(items: Iterable[Mapping[str, Any]]) -> list[TWord]:
    return [word_from_json(item) for item in items]


def words_to_json(words: Iterable[TWord]) -> list[dict[str, Any]]:
    return [word.to_json() for word in words]


@dataclass(frozen=True, slots=True)
class Segment:
    index: int
    first: int  # index of its first word in the word list
    words: tuple[TWord, ...]

    @property
    def speaker(self) -> int | None:
        return self.words[0].speaker

    @property
    def start(self) -> float:
        return self.words[0].start

    @property
    def end(self) -> float:
        return self.words[-1].end

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words).strip()

    @property
    def to_check(self) -> int:
        return sum(1 for w in self.words if w.needs_check)


def segments(words: Sequence[TWord]) -> list[Segment]:
    result: list[Segment] = []
    current: list[TWord] = []
    first = 0
    for i, word in enumerate(words):
        if current:
            previous = current[-1]
            sentence_end = previous.text.rstrip().endswith(SENTENCE_ENDS)
            if (
                word.speaker != previous.speaker
                or word.start - previous.end >= PAUSE_SPLIT
                or (len(current) >= SENTENCE_SPLIT_AFTER and sentence_end)
                or len(current) >= HARD_SPLIT
            ):
                result.append(Segment(len(result), first, tuple(current)))
                current, first = [], i
        current.append(word)
    if current:
        result.append(Segment(len(result), first, tuple(current)))
    return result


def to_check(words: Iterable[TWord]) -> int:
    return sum(1 for w in words if w.needs_check)


def _segment(words: Sequence[TWord], index: int) -> Segment:
    parts = segments(words)
    if not 0 <= index < len(parts):
        raise EditRefused("That part of the transcript does not exist; reload the page.")
    return parts[index]


def _tokens(text: str) -> list[str]:
    return text.split()


def edit_text(words: Sequence[TWord], index: int, new_text: str) -> list[TWord]:
    """The word list with segment `index` saying `new_text`; every other word is unchanged."""
    text = " ".join(new_text.split())
    if not text:
        raise EditRefused(
            "Write what was said. If nothing can be made out, write [inaudible] rather than "
            "leaving it empty."
        )
    if len(text) > MAX_SEGMENT_TEXT:
        raise EditRefused(
            f"A passage can be at most {MAX_SEGMENT_TEXT} characters; this is {len(text)}. "
            "Correct it in smaller steps."
        )
    segment = _segment(words, index)
    old = [w.text.strip() for w in segment.words]
    new = _tokens(text)
    if old == new:
        raise EditRefused("The text is the same as before: there is nothing to save.")
    speaker = segment.speaker
    out: list[TWord] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.extend(
                dataclasses.replace(segment.words[a0 + k], text=" " + new[b0 + k], checked=True)
                for k in range(a1 - a0)
            )
            continue
        if b1 == b0:  # deleted words: they go, their time stays in the audio
            continue
        if a1 > a0:  # replaced: the new words share the old words' time
            start, end = segment.words[a0].start, segment.words[a1 - 1].end
        else:  # inserted: at the gap between neighbours
            start = segment.words[a0 - 1].end if a0 > 0 else segment.start
            end = segment.words[a0].start if a0 < len(segment.words) else segment.end
            end = max(start, end)
        count = b1 - b0
        step = (end - start) / count
        for k in range(count):
            out.append(
                TWord(
                    start=start + k * step,
                    end=start + (k + 1) * step,
                    text=" " + new[b0 + k],
                    probability=1.0,  # a person wrote it
                    speaker=speaker,
                    checked=True,
                )
            )
    return [*words[: segment.first], *out, *words[segment.first + len(segment.words) :]]


def edit_speaker(words: Sequence[TWord], index: int, speaker: int, speakers: int) -> list[TWord]:
    """The word list with segment `index` said by `speaker` (0-based, below `speakers`)."""
    if not 0 <= speaker < speakers:
        raise EditRefused("Choose one of the speakers listed.")
    segment = _segment(words, index)
    if segment.speaker == speaker:
        raise EditRefused("That is already who said it: there is nothing to save.")
    changed = [dataclasses.replace(w, speaker=speaker) for w in segment.words]
    return [*words[: segment.first], *changed, *words[segment.first + len(segment.words) :]]


def check_timing(words: Sequence[TWord]) -> None:
    """Every word's times are finite, in order and within its own span (an invariant: edits
    never break it, so a failure here is a bug or damaged data)."""
    last = 0.0
    for word in words:
        if not (math.isfinite(word.start) and math.isfinite(word.end)):
            raise ValueError(f"word {word.text!r} has no valid time")
        if word.end < word.start or word.start < last - 1e-6:
            raise ValueError(f"word {word.text!r} at {word.start:.2f}s is out of order")
        last = word.start


def clock(seconds: float) -> str:
    """12:04 or 1:02:09: how a time into the recording is shown to people."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
