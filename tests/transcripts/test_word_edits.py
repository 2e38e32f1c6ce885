"""The pure word-list rules: passages, and text edits that never move a word outside its
passage or make times go backwards, whatever is typed (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.transcripts import words as w
from onrecord.transcripts.words import TWord


def _words(count: int, speaker: int = 0, start: float = 0.0) -> list[TWord]:
    return [TWord(start + i, start + i + 0.8, f" w{i}", 0.9, speaker) for i in range(count)]


def test_passages_split_at_a_new_speaker_a_long_pause_and_long_sentences() -> None:
    words = _words(3) + _words(2, speaker=1, start=3) + _words(2, speaker=1, start=10)
    assert [len(s.words) for s in w.segments(words)] == [3, 2, 2]
    long = [TWord(i, i + 0.5, " word." if i % 30 == 29 else " word", 0.9, 0) for i in range(70)]
    assert [len(s.words) for s in w.segments(long)] == [30, 30, 10]


def test_low_confidence_words_need_checking_until_a_person_corrects_their_passage() -> None:
    words = [TWord(0, 1, " maybe", 0.2, 0), TWord(1, 2, " sure", 0.9, 0)]
    assert w.to_check(words) == 1
    edited = w.edit_text(words, 0, "maybe not sure")
    assert w.to_check(edited) == 0


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(min_value=1, max_value=12),
    new=st.lists(
        st.text(alphabet="abc .,?", min_size=1, max_size=6).filter(lambda t: t.strip()),
        min_size=1,
        max_size=20,
    ),
)
def test_any_text_edit_keeps_times_in_order_and_within_the_passage(
    count: int, new: list[str]
) -> None:
    before = _words(2, speaker=1) + _words(count, speaker=0, start=5) + _words(2, 1, 30)
    text = " ".join(new)
    try:
        after = w.edit_text(before, 1, text)
    except w.EditRefused:
        assert text.split() == [f"w{i}" for i in range(count)]
        return
    w.check_timing(after)
    assert after[:2] == before[:2]
    assert after[-2:] == before[-2:]
    middle = after[2:-2]
    assert " ".join(x.shown for x in middle) == " ".join(text.split())
    assert all(5.0 <= x.start <= x.end <= 5 + count - 1 + 0.8 for x in middle)
    assert all(a.start <= b.start for a, b in itertools.pairwise(after))


def test_clock() -> None:
    assert (w.clock(0), w.clock(61.9), w.clock(3725)) == ("0:00", "1:01", "1:02:05")
