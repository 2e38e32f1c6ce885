"""Leeds meets in parts only when the parent who does not want recording would not attend a
recorded meeting. 001, parents who differ: "If agreement is not possible, and the
non-recording parent does not want to attend the meeting if it is recorded, the chair could
decide that to manage the meeting differently in each circumstance.\" """

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.builders import FATHER
from tests.policy.concepts import codes, decided, view


def father_objects(would_not_attend: bool | None) -> Any:
    return lambda d: view(
        d, FATHER, stance="objects", would_not_attend_if_recorded=would_not_attend
    )


def test_meeting_in_parts_when_the_objecting_parent_would_stay_away() -> None:
    d = decided("leeds", father_objects(True))
    assert d.split_attendance is not None
    assert d.split_attendance.not_recording == ("Sam Whitfield",)
    assert "LD-ASK-WOULD-ATTEND" not in codes(d)


def test_no_meeting_in_parts_when_the_objecting_parent_would_attend() -> None:
    d = decided("leeds", father_objects(False))
    assert d.split_attendance is None
    assert "LD-OBJECTOR-WOULD-ATTEND" in codes(d)
    assert "LD-PARENTS-DISAGREE" in codes(d)  # the chair still explores with each parent


def test_not_yet_asked_the_plan_is_offered_and_the_question_put() -> None:
    d = decided("leeds", father_objects(None))
    assert d.split_attendance is not None
    assert "LD-ASK-WOULD-ATTEND" in codes(d)


@pytest.mark.parametrize("policy", ["hackney", "hertfordshire", "brent"])
def test_no_other_profile_meets_in_parts(policy: str) -> None:
    assert decided(policy, father_objects(True)).split_attendance is None
