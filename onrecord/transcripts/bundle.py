"""The transcript as files of a court disclosure bundle (onrecord/disclosure/bundle.py adds them,
hashed in its signed manifest like every other file): the current version of the recording's
latest finished transcript, as read (`transcript/transcript.txt`), as captions
(`transcript/transcript.vtt`) and as data with its history (`transcript/transcript.json`).

A transcript is machine-made and then corrected by people; the files say so, name the version
and who made it, and mark the words nobody has checked. The audio remains the record.
"""

from __future__ import annotations

import datetime as dt
import json

from onrecord.transcripts import exports, services
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.headings import heading_for
from onrecord.vault.models import Recording

TRANSCRIPT_JSON = "transcript/transcript.json"
TRANSCRIPT_TEXT = "transcript/transcript.txt"
TRANSCRIPT_VTT = "transcript/transcript.vtt"


def transcript_files(recording: Recording) -> list[tuple[str, bytes]]:
    transcript = services.latest_done(recording)
    if transcript is None:
        return []
    pair = services.current_words(transcript)
    if pair is None:
        return []
    version, words = pair
    speakers = services.speaker_names(transcript)
    names = {cluster: speaker.label for cluster, speaker in speakers.items()}
    author = version.author
    gaps = services.gaps_of(transcript)
    overlaps = services.overlaps_of(transcript)
    document = {
        "recording": str(recording.pk),
        "transcript": str(transcript.pk),
        "version": version.number,
        "version_summary": version.summary,
        "version_written_by": (
            str(author.get_full_name() or author.username) if author else "speech-to-text"
        ),
        "version_created_at": version.created_at.astimezone(dt.UTC).isoformat(),
        "versions": transcript.versions.count(),
        "model": transcript.model_used or transcript.model,
        "speakers": [
            {
                "speaker": cluster,
                "name": speaker.name,
                "role": speaker.role,
                "confirmed_by_chair": speaker.confirmed,
            }
            for cluster, speaker in sorted(speakers.items())
        ],
        "words_to_check": word_rules.to_check(words),
        # speech heard but not transcribed (onrecord/speech/gaps.py), seconds into the recording
        "speech_not_transcribed": services.gaps_to_json(gaps),
        # two people speaking at once (onrecord/speech/overlap.py), seconds into the recording
        "two_people_speaking_at_once": services.overlaps_to_json(overlaps),
        "words": word_rules.words_to_json(words),
    }
    heading = heading_for(transcript, version)
    return [
        (TRANSCRIPT_JSON, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode()),
        (TRANSCRIPT_TEXT, exports.to_text(words, names, heading, [*gaps, *overlaps]).encode()),
        (TRANSCRIPT_VTT, exports.to_webvtt(words, names, [*gaps, *overlaps]).encode()),
    ]
