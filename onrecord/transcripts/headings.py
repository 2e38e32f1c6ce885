"""The heading every transcript export carries (download and court bundle alike): which
meeting, which recording by its SHA-256, which version and why, and that it is machine-made
with unchecked words marked."""

from __future__ import annotations

from onrecord.transcripts import exports
from onrecord.transcripts.models import Transcript, TranscriptVersion


def heading_for(transcript: Transcript, version: TranscriptVersion) -> exports.Heading:
    meeting = transcript.recording.meeting
    return exports.Heading(
        title=f"Transcript: {meeting}, {meeting.scheduled_start:%-d %B %Y}",
        lines=(
            f"{meeting.case.authority.name}. Case {meeting.case.reference}.",
            f"Recording {transcript.recording_id} (SHA-256 {transcript.recording.sha256}).",
            f"Version {version.number}, {version.created_at:%-d %B %Y %H:%M} UTC: "
            f"{version.summary}.",
            f"Made by speech-to-text ({transcript.model_used or transcript.model}). Words marked "
            f"{exports.UNCHECKED_MARK} had low confidence and have not been checked by a person.",
            *_gap_lines(transcript),
            *_overlap_lines(transcript),
            "The audio recording is the original record and has not been edited.",
        ),
    )


def _gap_lines(transcript: Transcript) -> tuple[str, ...]:
    count = len(transcript.gaps or [])
    if not count:
        return ()
    what = "1 stretch" if count == 1 else f"{count} stretches"
    return (
        f"{what} of speech could not be transcribed: each is marked “Speech not transcribed” "
        "with its times. Listen to the recording there.",
    )


def _overlap_lines(transcript: Transcript) -> tuple[str, ...]:
    count = len(transcript.overlaps or [])
    if not count:
        return ()
    what = "1 place" if count == 1 else f"{count} places"
    return (
        f"Two people spoke at once in {what}: each is marked “Two people speaking at once” "
        "with its times, and who said what there may be wrong. Listen to the recording there.",
    )
