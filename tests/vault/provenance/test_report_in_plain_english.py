"""The provenance report in words (the page and the bundle's provenance.txt): times as
minutes and seconds, jumps forward and back told apart, a continuous copy said to be so, and
each outcome's headline."""

from __future__ import annotations

from onrecord.vault.provenance.alignment import (
    Alignment,
    Jump,
    JumpKind,
    Placement,
    Status,
    Stretch,
)
from onrecord.vault.provenance.report_text import clock, describe, report_text


def _result(**given: object) -> dict[str, object]:
    base = Alignment(Status.ALIGNED, copy_seconds=63.0, meeting_seconds=3725.0)
    return {**base.as_dict(), **given}


def test_clock_times() -> None:
    assert clock(0) == "0:00"
    assert clock(65.4) == "1:05"
    assert clock(3725) == "1:02:05"


def test_an_edited_copy_is_described() -> None:
    result = Alignment(
        Status.ALIGNED,
        copy_seconds=63.0,
        meeting_seconds=114.4,
        placements=(
            Placement(0.0, 25.0, 5.0, 30.0, 0.95),
            Placement(25.0, 48.0, 62.0, 85.0, 0.72),
            Placement(48.0, 63.0, 35.0, 50.0, 0.6),
        ),
        covered=(Stretch(5.0, 30.0), Stretch(35.0, 50.0), Stretch(62.0, 85.0)),
        missing=(Stretch(0.0, 5.0), Stretch(30.0, 35.0), Stretch(50.0, 62.0), Stretch(85.0, 114.4)),
        jumps=(
            Jump(25.0, JumpKind.CUT, 30.0, 62.0, 0.0),
            Jump(48.0, JumpKind.BACK, 85.0, 35.0, 0.0),
        ),
        reordered=True,
        windows_compared=58,
        windows_placed=57,
        confidence=0.8,
    )
    described = describe("aligned", result.as_dict())
    assert described.placements[0] == (
        "The family's recording from 0:00 to 0:25 plays the meeting from 0:05 to 0:30; "
        "match high (0.95)."
    )
    assert "match good (0.72)" in described.placements[1]
    assert "match fair (0.60)" in described.placements[2]
    assert described.missing[2] == "0:50 to 1:02 (0:12 long) of the meeting is not in it."
    assert (
        "jumps forward: from 0:30 to 1:02 of the meeting (0:32 cut out here)" in described.jumps[0]
    )
    assert "jumps back: from 1:25 to 0:35" in described.jumps[1]
    assert "Parts of it are in a different order from the meeting." in described.notes
    assert not any("continuous" in note for note in described.notes)


def test_a_continuous_copy_says_so() -> None:
    described = describe("aligned", _result(placements=[Placement(0, 63, 10, 73, 0.9).__dict__]))
    assert "Its audio is continuous: no cuts or joins were found." in described.notes


def test_each_outcome_has_its_headline() -> None:
    assert describe("no_match", {}).headline.startswith("Does not match the council's recording")
    assert describe("no_reference", {"reason": "x"}).headline.startswith(
        "Alignment was not possible: the council has no recording"
    )
    failed = describe("failed", {"reason": "The recordings could not be compared: damaged"})
    assert failed.notes == ("The recordings could not be compared: damaged",)


def test_the_text_report_before_any_comparison() -> None:
    text = report_text(
        {
            "family_member": "Dana Whitfield",
            "given_by": "Sam Solicitor",
            "obtained_label": "Another way",
            "obtained_details": "Sent by her solicitor",
            "received_by": "Tom Bennett",
            "received_at": "2025-03-05T09:00:00+00:00",
            "sha256": "ab" * 32,
            "size": 12345,
            "metadata": {"unreadable": "the file could not be opened (bad header)"},
        },
        None,
    )
    assert "In their words:       Sent by her solicitor" in text
    assert "Size:                 12,345 bytes" in text
    assert "It could not be read: the file could not be opened (bad header)" in text
    assert "Not yet compared with the council's recording." in text


def test_a_word_cut_out_is_told_to_the_tenth_of_a_second() -> None:
    result = Alignment(
        Status.ALIGNED,
        copy_seconds=99.5,
        meeting_seconds=114.4,
        placements=(
            Placement(0.0, 50.0, 0.0, 50.0, 0.98),
            Placement(50.0, 99.5, 50.5, 100.0, 0.98),
        ),
        covered=(Stretch(0.0, 50.0), Stretch(50.5, 100.0)),
        missing=(Stretch(50.0, 50.5), Stretch(100.0, 114.4)),
        jumps=(Jump(50.0, JumpKind.CUT, 50.0, 50.5, 0.0),),
    )
    described = describe("aligned", result.as_dict())
    assert described.missing[0] == "0:50.0 to 0:50.5 (0.5 s long) of the meeting is not in it."
    assert described.jumps[0] == (
        "At 0:50.0 of the family's recording it jumps forward: from 0:50.0 to 0:50.5 of the "
        "meeting (0.5 s cut out here)."
    )
    assert clock(3725.25, tenths=True) == "1:02:05.2"
