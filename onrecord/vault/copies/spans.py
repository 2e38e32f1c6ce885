"""Parts of a recording to silence in a redacted copy, as a person writes them. Pure Python.

    parse_spans(["1:30-2:10 a neighbour's name", "1:02:00-1:02:45 the foster carer's address"],
                duration=4000.0)

Each line is START-END then the reason; times are seconds, M:SS or H:MM:SS (fractions allowed).
Every mistake is refused with the line and what is wrong, so nothing is made from a guess.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

_LINE = re.compile(r"^\s*(?P<start>[0-9:.]+)\s*(?:-|–|—|to)\s*(?P<end>[0-9:.]+)\s*(?P<reason>.*)$")
_TIME = re.compile(r"^(?:(?:(?P<h>\d+):)?(?P<m>\d+):)?(?P<s>\d+(?:\.\d+)?)$")
MAX_SPANS = 200


class SpanError(ValueError):
    """A part to silence is not usable; the message names the line and the problem."""


@dataclass(frozen=True, slots=True)
class Span:
    start: float
    end: float
    reason: str

    def as_dict(self) -> dict[str, float | str]:
        return {"start": self.start, "end": self.end, "reason": self.reason}


def parse_time(text: str) -> float:
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match["h"] or 0), int(match["m"] or 0)
    seconds = float(match["s"])
    if (match["m"] is not None and seconds >= 60) or (match["h"] is not None and minutes >= 60):
        raise ValueError(text)
    return hours * 3600 + minutes * 60 + seconds


def clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    fraction = f"{seconds - whole:.2f}"[1:] if seconds != whole else ""
    return (f"{hours}:{minutes:02d}:" if hours else f"{minutes}:") + f"{secs:02d}{fraction}"


def parse_spans(lines: Iterable[str], duration: float) -> list[Span]:
    spans: list[tuple[int, Span]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise SpanError(f"Line {number}: write the start and end like 1:30-2:10, then why")
        try:
            start, end = parse_time(match["start"]), parse_time(match["end"])
        except ValueError as bad:
            raise SpanError(
                f"Line {number}: {bad} is not a time like 90, 1:30 or 1:02:03"
            ) from None
        reason = match["reason"].strip()
        if not reason:
            raise SpanError(f"Line {number}: say why this part is silenced")
        if end <= start:
            raise SpanError(f"Line {number}: the end must come after the start")
        if end > duration + 0.5:
            raise SpanError(
                f"Line {number}: the recording is only {clock(duration)} long, so it cannot end "
                f"at {clock(end)}"
            )
        spans.append((number, Span(start, min(end, duration), reason[:300])))
    if not spans:
        raise SpanError("Give at least one part to silence, like 1:30-2:10 a neighbour's name")
    if len(spans) > MAX_SPANS:
        raise SpanError(f"Give at most {MAX_SPANS} parts to silence")
    spans.sort(key=lambda item: item[1].start)
    for (first_line, first), (second_line, second) in itertools.pairwise(spans):
        if second.start < first.end:
            raise SpanError(f"Lines {first_line} and {second_line} overlap: join them into one")
    return [span for _, span in spans]
