"""The pure cut of approved minutes to my part (onrecord/family_record/part.py): a left-out item
keeps nothing but its place; the chair's notes about the whole meeting only when nothing is
left out; speech before the first item and after the last always."""

from __future__ import annotations

import datetime as dt

from onrecord.family_record.part import Said, my_part

CONTENT = {
    "heading": {"meeting": "Conference", "date": "2025-03-04"},
    "attendees": "Dana Whitfield, Mother: from 10:00",
    "opening": "10:01 to 10:01, Priya Shah (Chair): Hello",
    "items": [
        {"id": 12, "position": 2, "title": "Leo: school", "discussion": "Leo is well",
         "decisions": "Leo stays",
         "actions": [{"action": "Visit Leo", "owner": "Tom", "due": "2025-04-01"}]},
        {"id": 11, "position": 1, "title": "Jade: school", "discussion": "Jade is well",
         "decisions": "", "actions": []},
    ],
    "closing": "11:11 to 11:11, Dana Whitfield (Mother): Bye",
    "log": "10:40 Item 2. Leo: school started",
    "notes": "Leo's father sent apologies",
}  # fmt: skip
AT = dt.datetime(2025, 3, 4, 10, 5, tzinfo=dt.UTC)


def test_a_left_out_item_keeps_only_its_place() -> None:
    mine = my_part(CONTENT, {"11"}, transcript={"11": [Said(AT, AT, "Tom", "", "Jade")]})
    assert [item.position for item in mine.items] == [1, 2]  # agenda order
    jade, leo = mine.items
    assert jade.shown
    assert jade.title == "Jade: school"
    assert [line.text for line in jade.discussion] == ["Jade is well"]
    assert jade.transcript[0].words == "Jade"
    assert not leo.shown
    assert (leo.title, leo.discussion, leo.decisions, leo.actions, leo.transcript) == (
        "",
        (),
        (),
        (),
        (),
    )
    assert mine.left_out
    assert "Leo" not in repr(mine)


def test_the_whole_meetings_notes_only_when_nothing_is_left_out() -> None:
    assert my_part(CONTENT, {"11"}).whole_meeting == ()
    everything = my_part(CONTENT, {"11", "12"})
    assert not everything.left_out
    assert dict(everything.whole_meeting) == {
        "log": ("10:40 Item 2. Leo: school started",),
        "notes": ("Leo's father sent apologies",),
    }
    assert everything.items[1].actions[0].action == "Visit Leo"


def test_before_the_first_item_and_after_the_last_are_always_mine() -> None:
    mine = my_part(CONTENT, set())
    assert [line.text for line in mine.opening] == ["10:01 to 10:01, Priya Shah (Chair): Hello"]
    assert [line.text for line in mine.closing] == ["11:11 to 11:11, Dana Whitfield (Mother): Bye"]
    assert not mine.has_transcript


def test_speech_not_written_down_is_told_plainly() -> None:
    content = {
        **CONTENT,
        "opening": "10:01 to 10:02, speech not transcribed (0:05 to 0:40 in the recording): "
        "listen to it.",
    }
    (line,) = my_part(content, set()).opening
    assert line.unheard_at == "10:01"
