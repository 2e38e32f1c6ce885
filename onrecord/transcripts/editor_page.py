"""What the transcript editor shows: the passages, the gaps and the stretches where two people
spoke at once, in the order they were spoken, the counts of words to check, of speech not
transcribed and of two people speaking at once, the version and its history, and the
audio the player plays (a browser recording's seekable copy). Built once for the whole page
(views.editor) and again for the part a saved in-place correction redraws (in_place.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from onrecord.speech.overlap import inside
from onrecord.speech.types import Overlap
from onrecord.transcripts import exports, permissions, services
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.models import Transcript
from onrecord.transcripts.words import TWord
from onrecord.vault.copies.derive import playback_source
from onrecord.vault.views import content_type_of

# The play/pause shortcut, as the page documents it and aria-keyshortcuts names it.
PLAY_PAUSE_KEYS = "Alt+P"


def passage_row(
    index: int,
    segment: word_rules.Segment,
    names: dict[int, services.SpeakerName],
    overlaps: Sequence[Overlap] = (),
) -> dict[str, Any]:
    name = names.get(segment.speaker) if segment.speaker is not None else None
    return {
        "index": index,
        "number": index + 1,
        "speaker": name.label if name else "Unknown speaker",
        "start": segment.start,
        "end": segment.end,
        "clock": word_rules.clock(segment.start),
        "end_clock": word_rules.clock(segment.end),
        "words": segment.words,
        "runs": runs(segment.words, overlaps),
        "overlapped": any(inside(w.start, w.end, overlaps) for w in segment.words),
        "to_check": segment.to_check,
    }


def runs(words: Sequence[TWord], overlaps: Sequence[Overlap]) -> list[dict[str, Any]]:
    """A passage's words in runs: those said while two people spoke at once (the word's middle
    inside an overlap stretch, onrecord/speech/overlap.py) and those not, in order, so the page
    can mark each overlapped run once, for the eye and for a screen reader."""
    out: list[dict[str, Any]] = []
    for word in words:
        both = inside(word.start, word.end, overlaps)
        if out and out[-1]["overlap"] == both:
            out[-1]["words"].append(word)
        else:
            out.append({"overlap": both, "words": [word]})
    return out


def passages(
    words: list[TWord],
    names: dict[int, services.SpeakerName],
    overlaps: Sequence[Overlap] = (),
) -> list[dict[str, Any]]:
    return [passage_row(s.index, s, names, overlaps) for s in word_rules.segments(words)]


def gaps(transcript: Transcript) -> list[dict[str, Any]]:
    """Speech heard but not transcribed (onrecord/speech/gaps.py), for the page."""
    return [
        {
            "gap": True,
            "number": number,
            "start": gap.start,
            "end": gap.end,
            "clock": word_rules.clock(gap.start),
            "end_clock": word_rules.clock(gap.end),
            "seconds": round(gap.end - gap.start),
        }
        for number, gap in enumerate(services.gaps_of(transcript), start=1)
    ]


def overlaps(transcript: Transcript) -> list[dict[str, Any]]:
    """Where two people spoke at once (onrecord/speech/overlap.py), for the page."""
    return [
        {
            "overlap": True,
            "number": number,
            "start": item.start,
            "end": item.end,
            "clock": word_rules.clock(item.start),
            "end_clock": word_rules.clock(item.end + 0.999),
        }
        for number, item in enumerate(services.overlaps_of(transcript), start=1)
    ]


def player(transcript: Transcript) -> dict[str, Any]:
    """The audio the page plays: the recording (or its seekable copy) through the audited
    range endpoint, under one playback token so one listening is one audit entry."""
    source = playback_source(transcript.recording)
    return {
        "source": source,
        "content_type": content_type_of(source),
        "playback": uuid.uuid4().hex,
        "play_pause_keys": PLAY_PAUSE_KEYS,
    }


def editor_context(transcript: Transcript, user: Any) -> dict[str, Any]:
    """Everything the editor's text part shows, for the current version (empty until the
    transcript has text)."""
    pair = services.current_words(transcript)
    if pair is None:
        return {}
    version, words = pair
    recording = transcript.recording
    names = services.speaker_names(transcript)
    rows = passages(words, names, services.overlaps_of(transcript))
    gap_rows = gaps(transcript)
    overlap_rows = overlaps(transcript)
    return {
        "version": version,
        "passages": rows,
        "gaps": gap_rows,
        "overlaps": overlap_rows,
        "rows": sorted(
            [*rows, *gap_rows, *overlap_rows],
            key=lambda row: (row["start"], "gap" in row or "overlap" in row),
        ),
        "to_check": word_rules.to_check(words),
        "check_passages": [p for p in rows if p["to_check"]],
        "names": sorted(names.values(), key=lambda n: n.cluster),
        "speakers_confirmed": any(n.confirmed for n in names.values()),
        "history": services.history(transcript),
        "can_edit": permissions.can_edit(user, recording),
        "can_name": permissions.can_name_speakers(user, recording),
        "formats": [(key, label) for key, (_, _, label) in exports.FORMATS.items()],
        "low_confidence": int(word_rules.LOW_CONFIDENCE * 100),
        "play_pause_keys": PLAY_PAUSE_KEYS,
    }
