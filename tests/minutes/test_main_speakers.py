"""Main speakers and their roles by talk time, most first (Brent: the explanatory statement's
"main speakers and their role or title")."""

from __future__ import annotations

from onrecord.minutes.draft import main_speakers
from onrecord.speech.types import Word
from tests.minutes.records import FakeTranscript, words


def test_most_talk_time_first_with_roles() -> None:
    fake = FakeTranscript()
    speakers = main_speakers(fake.words, fake.speaker_names, fake.speaker_roles)
    assert [(s.name, s.role) for s in speakers] == [
        ("Priya Shah", "Chair"),
        ("Dana Whitfield", "Mother"),
        ("Speaker 3", ""),
    ]
    assert speakers[0].seconds > speakers[1].seconds > speakers[2].seconds


def test_someone_who_barely_spoke_is_not_a_main_speaker() -> None:
    spoken: list[Word] = [*words(0, 0, "word " * 40), *words(1, 100, "yes")]
    speakers = main_speakers(spoken, {0: "Priya Shah", 1: "Tom Bennett"}, {})
    assert [s.name for s in speakers] == ["Priya Shah"]


def test_no_words_no_speakers() -> None:
    assert main_speakers([], {}, {}) == []


def test_voices_named_as_the_same_person_are_one_main_speaker() -> None:
    # speech-to-text found four voices; the chair named three of them as herself
    spoken: list[Word] = [
        *words(0, 0, "word " * 10),
        *words(1, 10, "word " * 10),
        *words(2, 20, "word " * 30),
        *words(3, 40, "word " * 10),
    ]
    names = {0: "Priya Shah", 1: "Priya Shah", 2: "Dana Whitfield", 3: "Priya Shah"}
    roles = {0: "Chair", 1: "Chair", 2: "Mother", 3: "Chair"}
    speakers = main_speakers(spoken, names, roles)
    assert [(s.name, s.role) for s in speakers] == [
        ("Priya Shah", "Chair"),
        ("Dana Whitfield", "Mother"),
    ]
    assert speakers[0].seconds == 12.0  # 30 words of 0.4 s, added up over her three voices
