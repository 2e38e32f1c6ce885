"""One calendar month to answer (UK GDPR Article 12(3), the ICO's way of counting): the same
date next month, the month's last day where there is no such date, a weekend moved to Monday."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.family_record import sar_rules


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 3), dt.date(2026, 4, 3)),  # a Friday
        (dt.date(2026, 10, 31), dt.date(2026, 11, 30)),  # no 31 November: the month's last day
        (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),  # 28 February is a Saturday
        (dt.date(2028, 1, 30), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),  # into the next year
        (dt.date(2026, 4, 4), dt.date(2026, 5, 4)),  # a Monday
        (dt.date(2026, 4, 2), dt.date(2026, 5, 4)),  # 2 May is a Saturday: Monday 4 May
        (dt.date(2026, 4, 3), dt.date(2026, 5, 4)),  # 3 May is a Sunday: Monday 4 May
    ],
)
def test_one_calendar_month_then_the_next_working_day(received: dt.date, due: dt.date) -> None:
    assert sar_rules.due_on(received) == due


def test_references_are_readable_and_different() -> None:
    made = {sar_rules.new_reference() for _ in range(50)}
    assert len(made) == 50
    assert all(sar_rules.PATTERN.fullmatch(ref) for ref in made)
