"""Reason texts join names as English lists, and their verbs agree with how many are named."""

from __future__ import annotations

from onrecord.policy.wording import agree, english_list, fill
from tests.policy.builders import ABOUT_JADE, ABOUT_MAYA, FATHER, MAYA_FATHER, OPENING
from tests.policy.concepts import decided, reason


def test_lists() -> None:
    assert english_list(()) == "someone"
    assert english_list(("Mary Mother",)) == "Mary Mother"
    assert english_list(("Frank First", "Mary Mother")) == "Frank First and Mary Mother"
    assert (
        english_list(("Frank First", "Fred Second", "Mary Mother"))
        == "Frank First, Fred Second and Mary Mother"
    )


def test_a_text_opening_with_nobody_named_is_capitalised() -> None:
    assert fill("{who} {objects|object}.", ()) == "Someone objects."


def test_verbs_agree() -> None:
    assert agree("{who} {objects|object}.", 1) == "{who} objects."
    assert agree("{who} {objects|object}.", 0) == "{who} objects."
    assert agree("{who} {objects|object}.", 3) == "{who} object."
    assert (
        fill("{who} {objects|object}.", ("Frank First", "Fred Second", "Mary Mother"))
        == "Frank First, Fred Second and Mary Mother object."
    )


def test_two_parents_who_object_are_named_in_good_english() -> None:
    d = decided(
        "hertfordshire",
        agenda=[OPENING, ABOUT_JADE, ABOUT_MAYA],
        views={FATHER: "objects", MAYA_FATHER: "objects"},
        also_attending=[MAYA_FATHER],
    )
    assert reason(d, "HT-OTHER-PR-HOLDER-OBJECTS").text == (
        "Ryan Price and Sam Whitfield, who also hold parental responsibility, object to the "
        "recording."
    )
    leeds = decided(
        "leeds",
        agenda=[OPENING, ABOUT_JADE, ABOUT_MAYA],
        views={FATHER: "objects", MAYA_FATHER: "objects"},
        also_attending=[MAYA_FATHER],
    )
    assert reason(leeds, "LD-PARENTS-DISAGREE").text.startswith(
        "Ryan Price and Sam Whitfield do not want the meeting recorded."
    )
    assert leeds.split_attendance is not None
    assert leeds.split_attendance.steps()[0].startswith(
        "Ryan Price and Sam Whitfield attend, give their views and leave the meeting."
    )
