"""The parts to silence are written by a person; each mistake is named with its line."""

from __future__ import annotations

import pytest

from onrecord.vault.copies.spans import Span, SpanError, clock, parse_spans, parse_time


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90.0), ("1:30", 90.0), ("01:02:03", 3723.0), ("0:00.5", 0.5), ("2:05.25", 125.25)],
)
def test_times_people_write(text: str, seconds: float) -> None:
    assert parse_time(text) == seconds


def test_spans_are_sorted_with_their_reasons() -> None:
    spans = parse_spans(
        ["1:02:00 - 1:02:45 the foster carer's address", "", "1:30–2:10 a neighbour's name"],
        duration=4000,
    )
    assert spans == [
        Span(90, 130, "a neighbour's name"),
        Span(3720, 3765, "the foster carer's address"),
    ]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "Give at least one part to silence"),
        (["   "], "Give at least one part to silence"),
        (["1:30 a name"], "Line 1: write the start and end like 1:30-2:10"),
        (["1:30-2:10"], "Line 1: say why this part is silenced"),
        (["2:10-1:30 a name"], "Line 1: the end must come after the start"),
        (["1:75-2:00 a name"], "Line 1: 1:75 is not a time"),
        (["0:10-0:20 a", "0:15-0:30 b"], "Lines 1 and 2 overlap"),
        (["9:00-11:00 a name"], "the recording is only 10:00 long, so it cannot end at 11:00"),
        ([f"{i}-{i}.5 n" for i in range(201)], "at most 200"),
    ],
)
def test_mistakes_are_named(lines: list[str], message: str) -> None:
    with pytest.raises(SpanError, match=message):
        parse_spans(lines, duration=600)


def test_clock() -> None:
    assert (clock(5), clock(90), clock(3723), clock(1.5)) == ("0:05", "1:30", "1:02:03", "0:01.50")
