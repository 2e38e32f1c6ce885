"""Suggesting who each speaker cluster is: pure Python, no Django.

The suggestion only saves the chair typing; the chair confirms or corrects it in one step.
Rules, from what the meeting's record knows:
- The first voice heard is suggested as the chair: the chair opens the meeting by saying that
  it is recorded, by whom and how (Hackney guidance §3, the chair's script in meeting mode).
- The other voices, in the order they first spoke, are suggested as the other people present,
  in the order they arrived (the log of meeting mode), else the order they were invited.
- More voices than people: the extra ones have no suggestion and must be named by the chair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from onrecord.transcripts.words import TWord, segments


@dataclass(frozen=True, slots=True)
class Candidate:
    key: int  # the attendee's id
    name: str
    role: str
    is_chair: bool


def first_spoken(words: Iterable[TWord], speakers: int) -> list[int]:
    """Clusters in the order they first speak; clusters that never speak come last."""
    first: dict[int, float] = {}
    for word in words:
        if word.speaker is not None and word.speaker not in first:
            first[word.speaker] = word.start
    order = sorted(first, key=lambda cluster: (first[cluster], cluster))
    return order + [c for c in range(speakers) if c not in first]


def suggest(
    words: Sequence[TWord], speakers: int, present: Sequence[Candidate]
) -> dict[int, Candidate | None]:
    """cluster -> suggested person (None: no suggestion)."""
    order = first_spoken(words, speakers)
    chair = [c for c in present if c.is_chair][:1]
    others = [c for c in present if not c.is_chair]
    queue = chair + others if chair else others
    suggestion: dict[int, Candidate | None] = {c: None for c in range(speakers)}
    for cluster, candidate in zip(order, queue, strict=False):
        suggestion[cluster] = candidate
    return suggestion


def default_name(cluster: int) -> str:
    return f"Speaker {cluster + 1}"


SAMPLE_SECONDS = 5.0  # how much of each voice "Play sample" plays
SAMPLE_AT_LEAST = 2.0  # a passage this long is enough to recognise a voice by


def voice_samples(
    words: Sequence[TWord], seconds: float = SAMPLE_SECONDS
) -> dict[int, tuple[float, float]]:
    """cluster -> (start, end): a few seconds of each voice for the chair to listen to while
    naming the speakers. The speaker's first passage at least `SAMPLE_AT_LEAST` seconds long
    (else their longest), from its start, at most `seconds` long."""
    best: dict[int, tuple[float, float]] = {}
    for segment in segments(words):
        cluster = segment.speaker
        if cluster is None:
            continue
        span = (segment.start, segment.end)
        held = best.get(cluster)
        if held is None or (
            held[1] - held[0] < SAMPLE_AT_LEAST and span[1] - span[0] > held[1] - held[0]
        ):
            best[cluster] = span
    return {c: (start, min(end, start + seconds)) for c, (start, end) in best.items()}
