"""One calendar month to answer (UK GDPR Article 12(3), the ICO's way of counting): the same
date next month, the month's last day where there is no such date, a weekend or an England and
Wales bank holiday moved to the next working day; an extension of one or two further months
counted the same way; where a request stands."""

from __future__ import annotations

import datetime as dt

import pytest

from onrecord.family_record import sar_rules


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 2, 3), dt.date(2026, 3, 3)),  # a Tuesday
        (dt.date(2026, 3, 3), dt.date(2026, 4, 7)),  # Good Friday, then Easter Monday
        (dt.date(2026, 10, 31), dt.date(2026, 11, 30)),  # no 31 November: the month's last day
        (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),  # 28 February is a Saturday
        (dt.date(2028, 1, 30), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),  # into the next year
        (dt.date(2026, 5, 1), dt.date(2026, 6, 1)),  # a Monday
        # 2 May is a Saturday, Monday 4 May the early May bank holiday: Tuesday 5 May
        (dt.date(2026, 4, 2), dt.date(2026, 5, 5)),
        (dt.date(2026, 4, 3), dt.date(2026, 5, 5)),  # 3 May is a Sunday, then the bank holiday
        (dt.date(2026, 11, 25), dt.date(2026, 12, 29)),  # Christmas Friday, Boxing Day Saturday
        (dt.date(2026, 11, 28), dt.date(2026, 12, 29)),  # 28 December is Boxing Day (substitute)
        (dt.date(2027, 2, 26), dt.date(2027, 3, 30)),  # Good Friday, then Easter Monday
        (dt.date(2026, 7, 31), dt.date(2026, 9, 1)),  # 31 August, the summer bank holiday
    ],
)
def test_one_calendar_month_then_the_next_working_day(received: dt.date, due: dt.date) -> None:
    assert sar_rules.due_on(received) == due


def test_references_are_readable_and_different() -> None:
    made = {sar_rules.new_reference() for _ in range(50)}
    assert len(made) == 50
    assert all(sar_rules.PATTERN.fullmatch(ref) for ref in made)


def test_bank_holidays_are_those_of_england_and_wales_from_the_library() -> None:
    assert sar_rules.is_bank_holiday(dt.date(2026, 5, 25))  # spring bank holiday
    assert not sar_rules.is_bank_holiday(dt.date(2026, 8, 3))  # Scotland's summer holiday only
    assert not sar_rules.is_bank_holiday(dt.date(2027, 3, 17))  # St Patrick's Day: N. Ireland
    assert not sar_rules.is_working_day(dt.date(2026, 12, 28))


@pytest.mark.parametrize(
    ("received", "extra", "due"),
    [
        (dt.date(2026, 3, 3), 2, dt.date(2026, 6, 3)),  # three months in all
        (dt.date(2026, 3, 3), 1, dt.date(2026, 5, 5)),  # 3 May Sunday, 4 May bank holiday
        (dt.date(2026, 11, 30), 2, dt.date(2027, 3, 1)),  # no 30 February; 28th is a Sunday
        (dt.date(2026, 10, 31), 1, dt.date(2026, 12, 31)),
    ],
)
def test_an_extension_adds_one_or_two_further_months(
    received: dt.date, extra: int, due: dt.date
) -> None:
    assert sar_rules.extended_due_on(received, extra) == due


@pytest.mark.parametrize("extra", [0, 3, -1])
def test_an_extension_is_one_or_two_months_only(extra: int) -> None:
    with pytest.raises(ValueError, match="1 or 2"):
        sar_rules.extended_due_on(dt.date(2026, 3, 3), extra)


def test_the_person_is_told_of_an_extension_within_the_first_month() -> None:
    received, first_due = dt.date(2026, 3, 3), dt.date(2026, 4, 3)
    sar_rules.check_extension(
        received=received, first_due=first_due, told_on=first_due, today=dt.date(2026, 4, 10)
    )
    with pytest.raises(sar_rules.ExtensionRefused, match="within one month"):
        sar_rules.check_extension(
            received=received,
            first_due=first_due,
            told_on=dt.date(2026, 4, 4),
            today=dt.date(2026, 4, 10),
        )
    with pytest.raises(sar_rules.ExtensionRefused, match="future"):
        sar_rules.check_extension(
            received=received,
            first_due=first_due,
            told_on=dt.date(2026, 3, 20),
            today=dt.date(2026, 3, 19),
        )
    with pytest.raises(sar_rules.ExtensionRefused, match="before the request"):
        sar_rules.check_extension(
            received=received,
            first_due=first_due,
            told_on=dt.date(2026, 3, 2),
            today=dt.date(2026, 3, 19),
        )


@pytest.mark.parametrize(
    ("today", "answered_on", "standing"),
    [
        (dt.date(2026, 4, 3), None, sar_rules.Standing.OPEN),  # the last day is still open
        (dt.date(2026, 4, 4), None, sar_rules.Standing.OVERDUE),
        (dt.date(2026, 4, 9), dt.date(2026, 4, 3), sar_rules.Standing.ANSWERED),
        (dt.date(2026, 4, 9), dt.date(2026, 4, 6), sar_rules.Standing.ANSWERED_LATE),
    ],
)
def test_where_a_request_stands(
    today: dt.date, answered_on: dt.date | None, standing: sar_rules.Standing
) -> None:
    due = dt.date(2026, 4, 3)
    assert sar_rules.standing(due=due, today=today, answered_on=answered_on) == standing
