"""Speech before the first agenda item started (introductions, often) and after the last one
ended is in the minutes, not dropped; the items keep their own words (issue 18)."""

from __future__ import annotations

from dataclasses import replace

from onrecord.minutes.draft import draft
from onrecord.minutes.export import Status, as_text
from tests.minutes.records import WORDS, FakeTranscript, record, words

# Before item 1 (10:02): 20 s in is 10:01:20. After the meeting ended (11:00): 3600 s in.
BEFORE = words(0, 20, "Can everyone introduce themselves please")
AFTER = words(1, 3600, "Thanks bye")


def test_speech_before_the_first_item_is_the_opening_and_items_keep_their_words() -> None:
    content = draft(record(), FakeTranscript(words=(*BEFORE, *WORDS)))
    assert content["opening"] == (
        "10:01 to 10:01, Priya Shah (Chair): Can everyone introduce themselves please"
    )
    items = {item["position"]: item for item in content["items"]}
    assert items[1]["discussion"] == (
        "10:02 to 10:02, Priya Shah (Chair): Welcome everyone this meeting is recorded\n"
        "10:03 to 10:03, Dana Whitfield (Mother): Thank you I agree"
    )
    assert items[3]["discussion"] == "10:56 to 10:56, Priya Shah (Chair): The plan is agreed"
    assert content["closing"] == ""


def test_speech_after_the_meeting_ended_is_the_closing() -> None:
    content = draft(record(), FakeTranscript(words=(*WORDS, *AFTER)))
    # 3600 s of audio: 2940 s recorded by 11:00 (the pause is skipped), so 11:11
    assert content["closing"] == "11:11 to 11:11, Dana Whitfield (Mother): Thanks bye"
    assert content["opening"] == ""


def test_a_transcript_all_before_the_first_item_is_not_lost_and_items_say_so() -> None:
    content = draft(record(), FakeTranscript(words=tuple(BEFORE)))
    assert "introduce themselves" in content["opening"]
    assert {item["discussion"] for item in content["items"]} == {
        "Nothing in the transcript for this item (not recorded, or no speech)."
    }


def test_with_no_item_started_everything_said_is_the_opening() -> None:
    from tests.minutes.records import LOG

    log = [e for e in LOG if e.item is None]
    content = draft(record(log=log), FakeTranscript())
    assert len(content["opening"].splitlines()) == 6  # every turn of the transcript
    assert content["closing"] == ""


def test_the_minutes_show_the_opening_before_the_items_and_the_closing_after() -> None:
    content = draft(record(), FakeTranscript(words=(*BEFORE, *WORDS, *AFTER)))
    text = as_text(content, Status(version=1, approved=False))
    opening = text.index("Before the first agenda item")
    assert opening < text.index("1. Introductions") < text.index("After the last agenda item")
    assert "Can everyone introduce themselves please" in text
    assert "Dana Whitfield (Mother): Thanks bye" in text


def test_one_voice_for_the_whole_meeting_still_gives_each_item_its_words() -> None:
    # speech-to-text found one speaker: every word is speaker 0, one "turn" from start to end
    one_voice = tuple(replace(w, speaker=0) for w in (*BEFORE, *WORDS))
    content = draft(record(), FakeTranscript(words=one_voice))
    items = {item["position"]: item for item in content["items"]}
    assert content["opening"].endswith("Can everyone introduce themselves please")
    assert items[1]["discussion"] == (
        "10:02 to 10:03, Priya Shah (Chair): Welcome everyone this meeting is recorded Thank "
        "you I agree"
    )
    assert "She sees the doctor weekly" in items[2]["discussion"]
    assert items[3]["discussion"] == "10:56 to 10:56, Priya Shah (Chair): The plan is agreed"
