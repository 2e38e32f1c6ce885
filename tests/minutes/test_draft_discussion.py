"""Per agenda item, the transcript's speaker turns that fall within the item's span on the
log, on the meeting's clock across the recorder's pause; unsure words marked; nothing invented
for decisions or actions."""

from __future__ import annotations

from onrecord.minutes.draft import draft
from tests.minutes.records import FakeTranscript, record


def _items() -> dict[int, dict[str, object]]:
    return {item["position"]: item for item in draft(record(), FakeTranscript())["items"]}


def test_turns_fall_in_the_item_whose_span_holds_them() -> None:
    items = _items()
    assert items[1]["discussion"] == (
        "10:02 to 10:02, Priya Shah (Chair): Welcome everyone this meeting is recorded\n"
        "10:03 to 10:03, Dana Whitfield (Mother): Thank you I agree"
    )
    second = str(items[2]["discussion"]).splitlines()
    assert [line.split(", ", 1)[0] for line in second] == [
        "10:22 to 10:22",
        "10:22 to 10:22",
        "10:41 to 10:41",  # after the pause: the audio skips 10:30 to 10:40
    ]
    assert items[3]["discussion"] == "10:56 to 10:56, Priya Shah (Chair): The plan is agreed"
    assert (items[1]["started_at"], items[1]["ended_at"]) == ("10:02", "10:20")
    assert (items[3]["started_at"], items[3]["ended_at"]) == ("10:45", "11:00")


def test_unnamed_voice_is_a_numbered_speaker_and_unsure_words_are_marked() -> None:
    items = _items()
    text = str(items[2]["discussion"])
    assert "Priya Shah (Chair): Now Jade's [health?]" in text
    assert "Speaker 3: The school has concerns" in text
    assert items[2]["unsure_words"] == 1
    assert items[1]["unsure_words"] == 0
    content = draft(record(), FakeTranscript())
    assert "[this?]" in content["unsure_note"]


def test_decisions_and_actions_are_left_for_the_chair() -> None:
    for item in draft(record(), FakeTranscript())["items"]:
        assert item["decisions"] == ""
        assert item["actions"] == []


def test_without_a_transcript_the_discussion_is_empty_for_the_chair_to_write() -> None:
    content = draft(record())
    assert [item["discussion"] for item in content["items"]] == ["", "", ""]
    assert content["main_speakers"] == []
    assert content["unsure_note"] == ""


def test_an_item_never_started_on_the_log_says_so() -> None:
    from tests.minutes.records import LOG

    log = [e for e in LOG if e.item != 13]
    items = {i["position"]: i for i in draft(record(log=log), FakeTranscript())["items"]}
    assert items[3]["discussion"] == "This item was not marked as started on the meeting's log."
    # item 2 now runs to the end of the meeting, and takes the chair's closing words
    assert "The plan is agreed" in str(items[2]["discussion"])


def test_a_recording_known_to_start_at_a_time_runs_through_the_pauses() -> None:
    # The live recorder started at 10:00:30 and never paused: 1800 s in is 10:30:30, which is
    # in item 2 (10:20 to 10:45), and 2700 s in is 10:45:30, in item 3.
    start = record().scheduled_start.replace(second=30)
    content = draft(record(audio_started_at=start), FakeTranscript())
    items = {item["position"]: item for item in content["items"]}
    assert "10:30 to 10:30, Dana Whitfield (Mother): She sees the doctor weekly" in str(
        items[2]["discussion"]
    )
    assert "10:45 to 10:45, Priya Shah (Chair): The plan is agreed" in str(items[3]["discussion"])
    assert content["transcript"]["times_from"] == "recording start"


def test_with_no_recording_on_the_log_the_audio_starts_with_the_meeting() -> None:
    from tests.minutes.records import LOG

    log = [e for e in LOG if "recording" not in e.kind.value]
    content = draft(record(log=log), FakeTranscript())
    assert content["transcript"]["times_from"] == "meeting start"
    items = {item["position"]: item for item in content["items"]}
    # 90 s after 10:00 is 10:01:30: before item 1 started (10:02), so in no item
    assert "Welcome everyone" not in str(items[1]["discussion"])
    assert "10:02 to 10:02, Dana Whitfield (Mother): Thank you I agree" in str(
        items[1]["discussion"]
    )
