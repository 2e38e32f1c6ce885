"""Two people speaking at once (onrecord/speech/overlap.py) is carried into the minutes at its
place, on the meeting's clock with the recording's own times to listen to (issue 18): who said
what there may be wrong, so the chair is told to check."""

from __future__ import annotations

from onrecord.minutes.draft import draft
from onrecord.minutes.export import Status, as_text
from onrecord.speech.types import Overlap
from tests.minutes.records import FakeTranscript, record

# 1265.2 s to 1267.6 s into the recording: 10:22:05, in item 2 between two turns.
BOTH = Overlap(1265.2, 1267.6)


def test_an_overlap_is_a_line_in_the_item_where_it_happened() -> None:
    content = draft(record(), FakeTranscript(overlaps=(BOTH,)))
    items = {item["position"]: item for item in content["items"]}
    assert items[2]["discussion"].splitlines() == [
        "10:22 to 10:22, Priya Shah (Chair): Now Jade's [health?]",
        "10:22 to 10:22, two people speaking at once (21:05 to 21:08 in the recording): check "
        "who said what.",
        "10:22 to 10:22, Speaker 3: The school has concerns",
        "10:41 to 10:41, Dana Whitfield (Mother): She sees the doctor weekly",
    ]
    # a marker, not a speaker
    assert items[2]["speakers"] == ["Dana Whitfield", "Priya Shah", "Speaker 3"]


def test_an_overlap_before_the_first_item_is_in_the_opening_and_in_the_text() -> None:
    content = draft(record(), FakeTranscript(overlaps=(Overlap(10.0, 12.5),)))
    assert content["opening"] == (
        "10:01 to 10:01, two people speaking at once (0:10 to 0:13 in the recording): check who "
        "said what."
    )
    text = as_text(content, Status(version=1, approved=False))
    assert "two people speaking at once (0:10 to 0:13 in the recording)" in text
