"""No silent loss: speech the voice activity detector heard but Whisper wrote no words for.

Whisper decodes 30 s at a time and predicts its own timestamps. Now and then it jumps them
ahead, or stops a 30 s chunk early, and everything in between is skipped without a word: on
real speech a whole 23 s stretch vanished from a 402 s file (issue 18). For a record a court may
read, a silent gap is the worst failure there is. So, after each window:

1. `unheard`: the stretches where voice activity detection (Silero VAD, independent of Whisper's
   decoding) heard speech and no word lies, at least `MIN_GAP` seconds long. Word times are
   widened by `SLACK` each side first: Whisper's word edges are approximate, and the pause
   before or after a word is not lost speech.
2. `recover`: each such stretch is clipped out (with `CONTEXT` either side) and transcribed
   again on its own, with a fresh decoder state; the words it finds there are added, unless a
   word already kept covers the same moment.
3. Whatever is still without words becomes a `Gap`: the transcript shows "speech not
   transcribed, 3:25 to 3:48" with a way to play that moment, so a person can listen and fill it.

Pure Python and numpy; the transcriber and the voice activity detector are ports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from onrecord.speech.types import SAMPLE_RATE, Audio, Gap, Transcriber, Word

MIN_GAP = 2.0  # seconds of speech without words that are looked at again (issue 18)
SLACK = 0.4  # seconds either side of a word that count as covered by it
CONTEXT = 0.3  # seconds of audio either side of a stretch transcribed again


def unheard(
    speech: Sequence[tuple[float, float]],
    words: Sequence[Word],
    *,
    minimum: float = MIN_GAP,
    slack: float = SLACK,
) -> list[tuple[float, float]]:
    """The parts of `speech` (sorted stretches) that no word covers, each at least `minimum`
    seconds long; a word covers its own time and `slack` either side."""
    covered = sorted((w.start - slack, w.end + slack) for w in words)
    out: list[tuple[float, float]] = []
    for start, end in speech:
        cursor = start
        for a, b in covered:
            if b <= cursor:
                continue
            if a >= end:
                break
            if a - cursor >= minimum:
                out.append((cursor, a))
            cursor = max(cursor, b)
        if end - cursor >= minimum:
            out.append((cursor, end))
    return out


def recover(
    audio: Audio,
    offset: float,
    words: Sequence[Word],
    missing: Sequence[tuple[float, float]],
    transcriber: Transcriber,
    *,
    context: float = CONTEXT,
) -> list[Word]:
    """Words found by transcribing each of the `missing` stretches again on its own (times in
    the recording, `offset` being where `audio` starts), leaving out any that fall outside the
    stretch or on a moment an existing word already covers. Sorted by time."""
    found: list[Word] = []
    length = len(audio) / SAMPLE_RATE
    for start, end in missing:
        lo = max(0.0, start - offset - context)
        hi = min(length, end - offset + context)
        clip = audio[round(lo * SAMPLE_RATE) : round(hi * SAMPLE_RATE)]
        if len(clip) == 0:
            continue
        heard, _ = transcriber.transcribe(clip)
        for word in heard:
            placed = replace(word, start=word.start + lo + offset, end=word.end + lo + offset)
            middle = (placed.start + placed.end) / 2
            if not start - context <= middle <= end + context:
                continue
            if any(w.start <= middle <= w.end for w in words):
                continue  # already transcribed the first time
            found.append(placed)
    return sorted(found, key=lambda w: (w.start, w.end))


def owned(
    stretches: Sequence[tuple[float, float]], start: float, end: float
) -> list[tuple[float, float]]:
    """The parts of `stretches` inside [start, end): what one window answers for."""
    out = []
    for a, b in stretches:
        lo, hi = max(a, start), min(b, end)
        if hi > lo:
            out.append((lo, hi))
    return out


def merged(gaps: Sequence[Gap], *, minimum: float = MIN_GAP, join: float = 0.5) -> list[Gap]:
    """Gaps in order, those less than `join` seconds apart (the two sides of a window's cut)
    made one, and any still shorter than `minimum` dropped."""
    out: list[Gap] = []
    for gap in sorted(gaps, key=lambda g: (g.start, g.end)):
        if out and gap.start - out[-1].end < join:
            out[-1] = Gap(out[-1].start, max(out[-1].end, gap.end))
        else:
            out.append(gap)
    return [g for g in out if g.end - g.start >= minimum - 1e-9]


def clock(seconds: float) -> str:
    """A time in the recording as people read it: 3:25, or 1:03:25 past an hour."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe(gap: Gap) -> str:
    """'speech not transcribed, 3:25 to 3:48' (the words the transcript, minutes and exports
    show)."""
    return f"speech not transcribed, {clock(gap.start)} to {clock(gap.end)}"


def note(gaps: Sequence[Gap]) -> str:
    """The transcript's note when speech could not be transcribed ('' when none)."""
    if not gaps:
        return ""
    total = sum(g.end - g.start for g in gaps)
    if len(gaps) == 1:
        what, verb, them = "1 stretch", "is", "it"
    else:
        what, verb, them = f"{len(gaps)} stretches", "are", "them"
    return (
        f"{what} of speech ({round(total)} seconds in all) could not be transcribed and {verb} "
        f"marked “speech not transcribed” in the transcript: listen to {them}."
    )
