"""Voices enrolled from the introductions round: who each speaker is, by how they sound.

Every conference starts with introductions; in meeting mode the chair taps each attendee as
they introduce themselves, which gives a labelled stretch of the council's own recording per
attendee (`Introduction`: attendee id, start and end in seconds on the recording's clock). The
voice samples inside a stretch make that attendee's voiceprint (their mean direction). Then:

- `name_speakers`: each speaker of a finished transcript is matched to at most one attendee,
  one-to-one, by the cosine similarity of the speaker's samples' mean to each voiceprint
  (Hungarian assignment, best total); a pair below `MATCH` is no match, and that speaker is an
  unknown voice (None): someone who did not introduce themselves, or a voice too unlike anyone's.
- `enrolled_labels`: diarization guided by the voiceprints: each sample joins the attendee it
  sounds most like when that is at least `MATCH`; the rest are clustered among themselves as
  unknown voices. Voices the clustering alone merges (two women on one microphone) are pulled
  apart by their own introductions.

`MATCH` was measured on the real-speech set (docs/SPEECH.md, "Real speech") with resemblyzer:
a speaker's samples scored 0.88-0.99 against their own voiceprint (their introduction's samples
included), 0.41-0.67 against another sex's, and 0.79-0.84 between the telephone call's two
women. 0.75 keeps every right match and refuses the cross-sex ones; same-sex voices are kept
apart by the one-to-one assignment, not by the threshold (an un-introduced woman can be taken
for an introduced one: the chair's confirmation catches it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from onrecord.speech.diarize import cluster, diarize
from onrecord.speech.types import SpeechError, VoiceSample, Word

MATCH = 0.75
MIN_OVERLAP = 0.5  # a sample belongs to a stretch when at least half of it lies inside

Vectors = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Introduction:
    """One attendee introducing themselves: seconds from the start of the recording."""

    attendee_id: int
    start_s: float
    end_s: float

    def __post_init__(self) -> None:
        if not (0 <= self.start_s < self.end_s):
            raise SpeechError(
                f"An introduction must end after it starts, at or after 0 s "
                f"(attendee {self.attendee_id}: {self.start_s}-{self.end_s})."
            )


def _unit(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _inside(sample: VoiceSample, start: float, end: float) -> bool:
    overlap = min(sample.end, end) - max(sample.start, start)
    return overlap >= MIN_OVERLAP * (sample.end - sample.start)


def voiceprints(
    samples: Sequence[VoiceSample], introductions: Sequence[Introduction]
) -> dict[int, Vectors]:
    """attendee id -> unit voiceprint, from the samples inside their introductions (an attendee
    whose stretches hold no sample has none)."""
    chosen: dict[int, list[Vectors]] = {}
    for intro in introductions:
        for s in samples:
            if _inside(s, intro.start_s, intro.end_s):
                chosen.setdefault(intro.attendee_id, []).append(np.asarray(s.vector, np.float64))
    return {a: _unit(np.mean(_unit(np.stack(v)), axis=0)) for a, v in chosen.items()}


def _speaker_of(sample: VoiceSample, words: Sequence[Word]) -> int | None:
    """The speaker whose words overlap the sample most."""
    weight: dict[int, float] = {}
    for w in words:
        if w.speaker is None:
            continue
        overlap = min(sample.end, w.end) - max(sample.start, w.start)
        if overlap > 0:
            weight[w.speaker] = weight.get(w.speaker, 0.0) + overlap
    return max(weight, key=lambda k: weight[k]) if weight else None


def name_speakers(
    words: Sequence[Word],
    samples: Sequence[VoiceSample],
    introductions: Sequence[Introduction],
    *,
    match: float = MATCH,
) -> dict[int, int | None]:
    """speaker -> attendee id, or None for a voice that matches nobody, for every speaker
    heard in `words`."""
    from scipy.optimize import linear_sum_assignment

    speakers = sorted({w.speaker for w in words if w.speaker is not None})
    prints = voiceprints(samples, introductions)
    result: dict[int, int | None] = dict.fromkeys(speakers)
    if not prints or not speakers:
        return result
    grouped: dict[int, list[Vectors]] = {}
    for s in samples:
        who = _speaker_of(s, words)
        if who is not None:
            grouped.setdefault(who, []).append(np.asarray(s.vector, np.float64))
    heard = [k for k in speakers if k in grouped]
    if not heard:
        return result
    centres = _unit(np.stack([np.mean(_unit(np.stack(grouped[k])), axis=0) for k in heard]))
    attendees = sorted(prints)
    similarity = centres @ np.stack([prints[a] for a in attendees]).T
    rows, cols = linear_sum_assignment(-similarity)
    for r, c in zip(rows, cols, strict=True):
        if similarity[r, c] >= match:
            result[heard[r]] = attendees[c]
    return result


def enrolled_labels(
    samples: Sequence[VoiceSample],
    introductions: Sequence[Introduction],
    *,
    match: float = MATCH,
    most: int | None = None,
    same_voice: float | None = None,
) -> tuple[list[int], list[int | None]]:
    """A label per sample and who each label is (an attendee id, or None for an unknown
    voice). Samples inside an attendee's own introduction are theirs; every other sample joins
    the voiceprint it is most like, if at least `match`; the rest are clustered (at most
    `most` minus the enrolled, where given) as unknown voices."""
    prints = voiceprints(samples, introductions)
    attendees = sorted(prints)
    if not attendees:
        labels = cluster(samples, None, most=most, same_voice=same_voice)
        return labels, [None] * (max(labels, default=-1) + 1)
    vectors = _unit(np.asarray([s.vector for s in samples], dtype=np.float64))
    similarity = vectors @ np.stack([prints[a] for a in attendees]).T
    labels = [int(i) for i in np.argmax(similarity, axis=1)]
    own = {}
    for intro in introductions:
        if intro.attendee_id in prints:
            for i, s in enumerate(samples):
                if _inside(s, intro.start_s, intro.end_s):
                    own[i] = attendees.index(intro.attendee_id)
    rest = [
        i for i in range(len(samples)) if i not in own and float(similarity[i, labels[i]]) < match
    ]
    for i, label in own.items():
        labels[i] = label
    names: list[int | None] = list(attendees)
    room = None if most is None else most - len(attendees)
    if rest and (room is None or room > 0):
        extra = cluster([samples[i] for i in rest], None, most=room, same_voice=same_voice)
        for i, label in zip(rest, extra, strict=True):
            labels[i] = len(attendees) + label
        names += [None] * (max(extra) + 1)
    return labels, names


def diarize_enrolled(
    words: Sequence[Word],
    samples: Sequence[VoiceSample],
    introductions: Sequence[Introduction],
    speakers: int | None = None,
    *,
    most: int | None = None,
    same_voice: float | None = None,
    match: float = MATCH,
) -> tuple[list[Word], int]:
    """`diarize`, with each introduced attendee's voice one speaker and the rest clustered as
    unknown voices; plain `diarize` where no introduction holds a voice sample. `same_voice`:
    the encoder's clustering threshold (diarize.cluster); `match`: its own threshold for a sample
    to join a voiceprint (`MATCH` was measured with resemblyzer; campplus.ENROL_MATCH)."""
    if not voiceprints(samples, introductions):
        return diarize(words, samples, speakers, most=most, same_voice=same_voice)
    labels, _ = enrolled_labels(
        samples, introductions, most=most or speakers, same_voice=same_voice, match=match
    )
    return diarize(words, samples, labels=labels)
