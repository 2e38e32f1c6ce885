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
    def shown(self) -> str:
        return self.text.strip()

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


def _clean_text(new_text: str) -> list[str]:
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
    return text.split()


def _retext(old_words: Sequence[TWord], new: list[str]) -> list[TWord]:
    """One passage's words saying `new`: unchanged words keep their times; new words share
    the time of those they replace, or sit in the gap where they were inserted."""
    old = [w.text.strip() for w in old_words]
    first, last = old_words[0], old_words[-1]
    speaker = first.speaker
    out: list[TWord] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.extend(
                dataclasses.replace(old_words[a0 + k], text=" " + new[b0 + k], checked=True)
                for k in range(a1 - a0)
            )
            continue
        if b1 == b0:  # deleted words: they go, their time stays in the audio
            continue
        if a1 > a0:  # replaced: the new words share the old words' time
            start, end = old_words[a0].start, old_words[a1 - 1].end
        else:  # inserted: at the gap between neighbours
            start = old_words[a0 - 1].end if a0 > 0 else first.start
            end = old_words[a0].start if a0 < len(old_words) else last.end
            end = max(start, end)
        count = b1 - b0
        step = (end - start) / count
        out.extend(
            TWord(
                start=start + k * step,
                end=start + (k + 1) * step,
                text=" " + new[b0 + k],
                probability=1.0,  # a person wrote it
                speaker=speaker,
                checked=True,
            )
            for k in range(count)
        )
    return out


def edit_passage(
    words: Sequence[TWord],
    index: int,
    *,
    text: str | None = None,
    speaker: int | None = None,
    speakers: int = 0,
) -> tuple[list[TWord], list[str]]:
    """The word list with passage `index` saying `text` and/or said by `speaker` (0-based,
    below `speakers`); every other word is unchanged. Returns it and what changed
    ("text", "speaker"); refuses an edit that changes nothing."""
    segment = _segment(words, index)
    passage = list(segment.words)
    changed: list[str] = []
    if text is not None:
        new = _clean_text(text)
        if new != [w.text.strip() for w in passage]:
            passage = _retext(passage, new)
            changed.append("text")
    if speaker is not None and speaker != segment.speaker:
        if not 0 <= speaker < speakers:
            raise EditRefused("Choose one of the speakers listed.")
        passage = [dataclasses.replace(w, speaker=speaker) for w in passage]
        changed.append("speaker")
    if not changed:
        raise EditRefused("Nothing was changed: there is nothing to save.")
    rest = words[segment.first + len(segment.words) :]
    return [*words[: segment.first], *passage, *rest], changed


def edit_text(words: Sequence[TWord], index: int, new_text: str) -> list[TWord]:
    return edit_passage(words, index, text=new_text)[0]


def edit_speaker(words: Sequence[TWord], index: int, speaker: int, speakers: int) -> list[TWord]:
    return edit_passage(words, index, speaker=speaker, speakers=speakers)[0]


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
