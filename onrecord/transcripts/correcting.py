"""Correcting one passage, shared by the correction page (views.passage, without JavaScript)
and the editor's in-place form (in_place.py): who may, which passage of which version, the form
filled from it, and saving it through services.correct_passage (a new version naming who made
it and why; earlier versions are never changed)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from onrecord.transcripts import permissions, services
from onrecord.transcripts import words as word_rules
from onrecord.transcripts.access import forbidden, not_found, transcript_for
from onrecord.transcripts.forms import PassageForm
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.transcripts.words import EditRefused, Segment


@dataclass(frozen=True, slots=True)
class Editable:
    """A passage of the current version that this person may correct."""

    transcript: Transcript
    version: TranscriptVersion
    words: list[word_rules.TWord]
    segment: Segment
    names: dict[int, services.SpeakerName]

    @property
    def index(self) -> int:
        return self.segment.index

    def form(self, data: Any = None, *, prefix: str | None = None) -> PassageForm:
        segment = self.segment
        initial = {
            "text": segment.text,
            "speaker": "" if segment.speaker is None else str(segment.speaker),
            "based_on": self.version.number,
        }
        return PassageForm(data, initial=initial, names=self.names, prefix=prefix)


def editable(request: HttpRequest, transcript_id: uuid.UUID, index: int) -> Editable:
    """The passage, or the audited refusal: 404 for those who may not read the transcript (as
    for one that does not exist), 403 for readers who may not correct it, 404 for a passage
    that is not there."""
    transcript = transcript_for(request, transcript_id)
    if not permissions.can_edit(request.user, transcript.recording):
        raise forbidden(transcript, "may not correct this transcript")
    pair = services.current_words(transcript)
    if pair is None:
        raise not_found(transcript, "no text yet")
    version, words = pair
    parts = word_rules.segments(words)
    if not 0 <= index < len(parts):
        raise not_found(transcript, "no passage")
    return Editable(transcript, version, words, parts[index], services.speaker_names(transcript))


def save(request: HttpRequest, passage: Editable, form: PassageForm) -> TranscriptVersion | None:
    """The new version, or None with the reason on the form's text field (nothing saved)."""
    if not form.is_valid():
        return None
    try:
        return services.correct_passage(
            passage.transcript,
            by=request.user,
            segment=passage.index,
            based_on=form.cleaned_data["based_on"],
            text=form.cleaned_data["text"],
            speaker=int(form.cleaned_data["speaker"]),
            reason=form.cleaned_data["reason"],
        )
    except EditRefused as exc:
        form.add_error("text", str(exc))
        return None


def page_context(passage: Editable, form: PassageForm) -> dict[str, Any]:
    """The correction page's context (views.passage; in_place.py without htmx)."""
    transcript, segment = passage.transcript, passage.segment
    return {
        "transcript": transcript,
        "recording": transcript.recording,
        "meeting": transcript.recording.meeting,
        "version": passage.version,
        "passage": {
            "number": segment.index + 1,
            "clock": word_rules.clock(segment.start),
            "end_clock": word_rules.clock(segment.end),
            "words": segment.words,
        },
        "form": form,
        "nav": "home",
    }


def passage_holding(words: list[word_rules.TWord], word_index: int) -> int:
    """The passage (0-based) that holds the word at `word_index` in a new version: where the
    corrected passage is now (a change of speaker can merge it with its neighbours)."""
    for segment in word_rules.segments(words):
        if segment.first <= word_index < segment.first + len(segment.words):
            return segment.index
    return max(0, len(word_rules.segments(words)) - 1)
