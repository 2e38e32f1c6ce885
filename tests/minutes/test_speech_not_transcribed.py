"""Speech heard but not transcribed (onrecord/speech/gaps.py) is carried into the minutes at
its place, on the meeting's clock with the recording's own times to listen to (issue 18)."""

from __future__ import annotations

from onrecord.minutes.draft import draft
from onrecord.minutes.export import Status, as_text
from onrecord.speech.types import Gap
from tests.minutes.records import FakeTranscript, record

# 1265 s to 1290 s into the recording: 10:22:05 to 10:22:30, in item 2 between two turns.
GAP = Gap(1265.0, 1290.0)


def test_a_gap_is_a_line_in_the_item_where_it_happened() -> None:
    content = draft(record(), FakeTranscript(gaps=(GAP,)))
    items = {item["position"]: item for item in content["items"]}
    assert items[2]["discussion"].splitlines() == [
        "10:22 to 10:22, Priya Shah (Chair): Now Jade's [health?]",
        "10:22 to 10:22, speech not transcribed (21:05 to 21:30 in the recording): listen to it.",
        "10:22 to 10:22, Speaker 3: The school has concerns",
        "10:41 to 10:41, Dana Whitfield (Mother): She sees the doctor weekly",
    ]
    assert items[2]["speakers"] == ["Dana Whitfield", "Priya Shah", "Speaker 3"]


def test_a_gap_before_the_first_item_is_in_the_opening_and_in_the_text() -> None:
    content = draft(record(), FakeTranscript(gaps=(Gap(10.0, 40.0),)))
    assert content["opening"] == (
        "10:01 to 10:01, speech not transcribed (0:10 to 0:40 in the recording): listen to it."
    )
    text = as_text(content, Status(version=1, approved=False))
    assert "speech not transcribed (0:10 to 0:40 in the recording)" in text
