"""Voices enrolled from the introductions round: who each speaker is, by how they sound.

Every conference starts with introductions; in meeting mode the chair taps each attendee as
they introduce themselves, which gives a labelled stretch of the council's own recording per
attendee (`Introduction`: attendee id, start and end in seconds on the recording's clock). The
voice samples inside a stretch make that attendee's voiceprint (their mean direction). Then:

- `name_speakers`: each speaker of a finished transcript is matched to at most one attendee,
  one-to-one, by the cosine similarity of the speaker's samples' mean to each voiceprint
  (Hungarian assignment, best total); a pair below `MATCH` is no match, and that speaker is an
  unknown voice (None): someone who did not introduce themselves, or a voice too unlike anyone's.
- `enrolled_labels`: diarization guided by the introductions: average-linkage clustering in
  which each attendee's introduction samples start as one cluster and no cluster may hold two
  attendees' introductions; a cluster joins an attendee's when at least `MATCH` alike on
  average, and what joins no one is an unknown voice. Voices the clustering alone merges (two
  women on one microphone) are pulled apart by their own introductions; a short introduction
  (one 1.6 s sample, half of it the next speaker's) is not a voiceprint each sample is judged
  against alone, as it was before (issue 18: the two-woman call with `base`, docs/SPEECH.md).

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

from onrecord.speech.diarize import (
    FULL_SECONDS,
    MAX_CLUSTERED,
    cluster,
    diarize,
    min_cluster_size,
)
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
    voice): labels 0, 1, ... are the introduced attendees in id order, then the unknown voices
    by first appearance. Samples inside an attendee's own introduction are theirs; the rest are
    clustered around them (`_constrained`): a cluster joins an attendee's when their samples are
    on average at least `match` alike, two clusters of no one's when at least `same_voice` (or
    `match` where the encoder has no threshold of its own), and no cluster ever holds two
    attendees' introductions; at most `most` voices in all, where given. The clustering is done
    in two orders (the introductions drawing samples from the start, or the samples first
    finding each other) and the one whose voices hang together best is kept (`_cohesion`)."""
    prints = voiceprints(samples, introductions)
    attendees = sorted(prints)
    if not attendees:
        labels = cluster(samples, None, most=most, same_voice=same_voice)
        return labels, [None] * (max(labels, default=-1) + 1)
    own: dict[int, int] = {}
    for intro in introductions:
        if intro.attendee_id in prints:
            for i, s in enumerate(samples):
                if _inside(s, intro.start_s, intro.end_s):
                    own[i] = attendees.index(intro.attendee_id)
    vectors = _unit(np.asarray([s.vector for s in samples], dtype=np.float64))
    # as diarize.cluster: short samples (a lone "yes", zero-padded) and, on a long meeting, all
    # but an evenly spaced subset are not clustered; they join the nearest voice afterwards
    others = [i for i, s in enumerate(samples) if i not in own and s.end - s.start >= FULL_SECONDS]
    if len(others) > MAX_CLUSTERED:
        spaced = np.unique(np.linspace(0, len(others) - 1, MAX_CLUSTERED).astype(np.intp))
        others = [others[int(k)] for k in spaced]
    introduced = [[i for i, a in own.items() if a == k] for k in range(len(attendees))]
    tried = []
    for unknown_first in (False, True):
        groups = _constrained(
            vectors,
            introduced,
            others,
            match=match,
            same_voice=match if same_voice is None else same_voice,
            room=None if most is None else max(0, most - len(attendees)),
            min_size=min_cluster_size(len(own) + len(others)),
            unknown_first=unknown_first,
        )
        unknown = sorted(groups[len(attendees) :], key=lambda g: min(samples[i].start for i in g))
        labels = _nearest(vectors, groups[: len(attendees)] + unknown)
        for i, label in own.items():
            labels[i] = label
        tried.append((len(unknown), -_cohesion(vectors, labels), labels))
    count, _, labels = min(tried, key=lambda t: t[:2])
    return labels, [*attendees, *([None] * count)]


def _nearest(vectors: Vectors, groups: list[list[int]]) -> list[int]:
    """Each group's samples its label; every other sample the label of the nearest group's
    centre."""
    centres = _unit(
        np.stack([vectors[g].mean(axis=0) if g else np.zeros(vectors.shape[1]) for g in groups])
    )
    likeness = vectors @ centres.T
    likeness[:, [not g for g in groups]] = -np.inf  # an attendee left with no samples of their own
    labels = [int(k) for k in np.argmax(likeness, axis=1)]
    for label, group in enumerate(groups):
        for i in group:
            labels[i] = label
    return labels


def _cohesion(vectors: Vectors, labels: Sequence[int]) -> float:
    """How well the voices hang together: the sum over voices of the length of the sum of their
    samples' unit vectors (spherical k-means' objective: each sample's cosine to its voice's
    centre, summed)."""
    label = np.asarray(labels)
    return sum(float(np.linalg.norm(vectors[label == k].sum(axis=0))) for k in set(labels))


def _constrained(
    vectors: Vectors,
    introduced: list[list[int]],
    others: list[int],
    *,
    match: float,
    same_voice: float,
    room: int | None,
    min_size: int,
    unknown_first: bool,
) -> list[list[int]]:
    """Average-linkage clustering (cosine, as diarize.agglomerative) in which each attendee's
    introduction samples start as one cluster and two clusters holding different attendees'
    introductions never merge (cannot-link). The most alike pair merges first while it is alike
    enough: `match` where one of the pair is an attendee's, `same_voice` between two unknown
    voices; with `unknown_first`, the samples outside the introductions are clustered among
    themselves first, then each attendee takes at most one of those voices, one-to-one
    (Hungarian on their likeness, at least `match`), then the rest as before. A short or
    overlapped introduction (one 1.6 s sample reaching into the next speaker) is thus not a
    voiceprint every sample is measured against on its own: the person's other samples join it
    as a cluster, and a cluster holding another attendee's introduction can never take it; a
    voice a little like two introductions goes to the one no other voice is more like. Then, if
    more unknown voices of at least `min_size` samples are left than `room`, the pair among
    them and the attendees' clusters whose merging adds least to the clusters' spread (Ward's
    criterion, n_a n_b / (n_a + n_b) |m_a - m_b|^2) merges until they fit: it weighs how well
    each centre is known, so a person's own samples join their one-sample introduction rather
    than the other woman's well-heard voice.

    Returns the attendees' clusters (in `introduced`'s order), then the unknown voices of at
    least `min_size` samples (at most `room`); smaller clusters are left out (odd samples: the
    caller gives them the nearest voice)."""
    from scipy.optimize import linear_sum_assignment

    members = [list(g) for g in introduced] + [[i] for i in others]
    owner = np.array([*range(len(introduced)), *([-1] * len(others))], dtype=np.intp)
    sums = np.stack([vectors[g].sum(axis=0) for g in members])
    sizes = np.array([len(g) for g in members], dtype=np.float64)
    alive = sizes > 0  # an attendee whose every sample is in a later introduction has none
    sizes[~alive] = 1.0

    def gains(i: int) -> npt.NDArray[np.float64]:
        """Cluster i's average likeness to each cluster, less the bar to merge (-inf: never)."""
        likeness = (sums @ sums[i]) / (sizes * sizes[i])
        bar = np.where((owner >= 0) | (owner[i] >= 0), match, same_voice)
        never = ~alive | ((owner >= 0) & (owner[i] >= 0) & (owner != owner[i]))
        never[i] = True
        return np.asarray(np.where(never, -np.inf, likeness - bar), dtype=np.float64)

    def merge(i: int, j: int) -> None:
        if owner[i] < 0:
            i, j = j, i  # an attendee's cluster keeps its place
        members[i] += members[j]
        members[j] = []
        sums[i] += sums[j]
        sizes[i] += sizes[j]
        alive[j] = False
        table[j, :] = table[:, j] = -np.inf
        table[i, :] = table[:, i] = gains(i)

    table = np.stack([gains(i) for i in range(len(members))])
    if unknown_first:
        unknown = owner < 0
        while True:
            masked = np.where(unknown[:, None] & unknown[None, :], table, -np.inf)
            i, j = np.unravel_index(int(np.argmax(masked)), masked.shape)
            if masked[i, j] < 0:
                break
            merge(int(i), int(j))
        # each attendee takes at most one of the voices so found, one-to-one (Hungarian on
        # their likeness): a voice that sounds a little like two introductions goes to the one
        # no other voice is more like
        people = [int(c) for c in np.flatnonzero(alive & (owner >= 0))]
        voices = [int(c) for c in np.flatnonzero(alive & (owner < 0) & (sizes >= min_size))]
        if people and voices:
            gain = table[np.ix_(voices, people)]
            rows, cols = linear_sum_assignment(-np.where(np.isfinite(gain), gain, -1e9))
            for r, c in zip(rows, cols, strict=True):
                if gain[r, c] >= 0:
                    merge(people[int(c)], voices[int(r)])
    while True:
        i, j = np.unravel_index(int(np.argmax(table)), table.shape)
        if table[i, j] < 0:
            break
        merge(int(i), int(j))

    def unknown_voices() -> list[int]:
        return [int(c) for c in np.flatnonzero(alive & (owner < 0) & (sizes >= min_size))]

    while room is not None and len(unknown_voices()) > room:
        voices = unknown_voices()
        candidates = [int(c) for c in np.flatnonzero(alive & (owner >= 0))] + voices
        means = sums[candidates] / sizes[candidates, None]
        square = np.sum(means**2, axis=1)
        apart = square[:, None] + square[None, :] - 2 * means @ means.T
        n = sizes[candidates]
        cost = np.outer(n, n) / np.add.outer(n, n) * apart
        whose = owner[candidates]
        cost[(whose[:, None] >= 0) & (whose[None, :] >= 0)] = np.inf  # no unknown voice in it
        np.fill_diagonal(cost, np.inf)
        a, b = np.unravel_index(int(np.argmin(cost)), cost.shape)
        if not np.isfinite(cost[a, b]):
            break  # one voice and no one alive to take it
        merge(candidates[int(a)], candidates[int(b)])
    voices = sorted(unknown_voices(), key=lambda c: -sizes[c])[: room if room is not None else None]
    return [members[k] for k in range(len(introduced))] + [members[c] for c in voices]


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
    the encoder's clustering threshold (diarize.cluster); `match`: its own threshold for samples
    to join an attendee's (`MATCH` was measured with resemblyzer; campplus.ENROL_MATCH)."""
    if not voiceprints(samples, introductions):
        return diarize(words, samples, speakers, most=most, same_voice=same_voice)
    labels, _ = enrolled_labels(
        samples, introductions, most=most or speakers, same_voice=same_voice, match=match
    )
    return diarize(words, samples, labels=labels)
