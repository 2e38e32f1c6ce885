"""What the transcript editor shows: the passages and the gaps in the order they were spoken,
the counts of words to check and of speech not transcribed, the version and its history, and the
audio the player plays (a browser recording's seekable copy). Built once for the whole page
(views.editor) and again for the part a saved in-place correction redraws (in_place.py)."""

from __future__ import annotations

import uuid
from typing import Any

from onrecord.transcripts import exports, permissions, services
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.models import Transcript
from onrecord.transcripts.words import TWord
from onrecord.vault.copies.derive import playback_source
from onrecord.vault.views import content_type_of

# The play/pause shortcut, as the page documents it and aria-keyshortcuts names it.
PLAY_PAUSE_KEYS = "Alt+P"


def passage_row(
    index: int, segment: word_rules.Segment, names: dict[int, services.SpeakerName]
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
        "to_check": segment.to_check,
    }


def passages(words: list[TWord], names: dict[int, services.SpeakerName]) -> list[dict[str, Any]]:
    return [passage_row(s.index, s, names) for s in word_rules.segments(words)]


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
    rows = passages(words, names)
    gap_rows = gaps(transcript)
    return {
        "version": version,
        "passages": rows,
        "gaps": gap_rows,
        "rows": sorted([*rows, *gap_rows], key=lambda row: (row["start"], "gap" in row)),
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
