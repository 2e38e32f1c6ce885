"""Subject access requests: the reference, the date the answer is due, its extension and where
a request stands. Pure Python.

UK GDPR Article 12(3): the council answers "without undue delay and in any event within one
month of receipt of the request", a period that "may be extended by two further months where
necessary, taking into account the complexity and number of the requests", provided the person
is told of the extension, with the reasons, "within one month of receipt". The ICO's guidance
on the time limit: count from the day the request is received to the corresponding calendar
date in the next month; where the next month has no such date, the last day of that month;
where the date falls on a weekend or a bank holiday, the next working day.

Bank holidays are those of England and Wales (the councils OnRecord serves; Wales has the same
bank holidays as England), from the maintained `holidays` package (pinned in pyproject.toml),
never a hand-typed list.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
import secrets
from functools import lru_cache

import holidays

# The alphabet of the request references (recording_requests/reference.py): no look-alikes.
ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
PATTERN = re.compile(rf"SAR-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")

# Article 12(3): "may be extended by two further months".
MOST_EXTRA_MONTHS = 2


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"SAR-{chars[:4]}-{chars[4:]}"


def months_after(received: dt.date, months: int) -> dt.date:
    """The corresponding calendar date `months` later, or that month's last day."""
    index = received.month - 1 + months
    year, month = received.year + index // 12, index % 12 + 1
    day = min(received.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def one_month_after(received: dt.date) -> dt.date:
    return months_after(received, 1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # England and Wales share their bank holidays (the Banking and Financial Dealings Act 1971).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: dt.date) -> bool:
    """A bank holiday in England and Wales (substitute days included)."""
    return day in _bank_holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_on(received: dt.date) -> dt.date:
    """The last day to answer a request received on `received`."""
    return next_working_day(one_month_after(received))


def extended_due_on(received: dt.date, extra_months: int) -> dt.date:
    """The last day to answer when the time is extended by `extra_months` (1 or 2)."""
    if not 1 <= extra_months <= MOST_EXTRA_MONTHS:
        raise ValueError(f"An extension is 1 or {MOST_EXTRA_MONTHS} further months.")
    return next_working_day(months_after(received, 1 + extra_months))


class ExtensionRefused(ValueError):
    """The extension cannot be recorded as asked; the message says why."""


def check_extension(
    *, received: dt.date, first_due: dt.date, told_on: dt.date, today: dt.date
) -> None:
    """Article 12(3): the person is told of the extension within the first month."""
    if told_on > today:
        raise ExtensionRefused("The date they were told cannot be in the future.")
    if told_on < received:
        raise ExtensionRefused("The date they were told cannot be before the request was received.")
    if told_on > first_due:
        raise ExtensionRefused(
            f"They had to be told by {first_due:%-d %B %Y}, within one month of the request "
            "(UK GDPR Article 12(3)). The time to answer can no longer be extended."
        )


class Standing(enum.StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"
    ANSWERED = "answered"
    ANSWERED_LATE = "answered_late"


def standing(*, due: dt.date, today: dt.date, answered_on: dt.date | None) -> Standing:
    """Where a request stands: answered (on time or late), or open, or overdue after `due`."""
    if answered_on is not None:
        return Standing.ANSWERED if answered_on <= due else Standing.ANSWERED_LATE
    return Standing.OVERDUE if today > due else Standing.OPEN
