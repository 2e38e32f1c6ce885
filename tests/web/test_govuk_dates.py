"""Times the GOV.UK way in pages and emails: "10am", "10:30am", "midday", never "a.m.."."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from onrecord.web.templatetags.govuk_dates import govuk_datetime, govuk_time


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (10, 0, "10am"),
        (10, 30, "10:30am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (0, 5, "12:05am"),
        (13, 15, "1:15pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_time(hour: int, minute: int, expected: str) -> None:
    assert govuk_time(dt.time(hour, minute)) == expected


def test_datetime_in_local_time() -> None:
    # 10:00 UTC in summer is 11am in London (BST); the page shows the local time.
    at = dt.datetime(2026, 7, 4, 10, 0, tzinfo=ZoneInfo("UTC"))
    assert govuk_datetime(at) == "Saturday 4 July 2026 at 11am"


def test_sentence_ends_with_one_full_stop() -> None:
    at = dt.datetime(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    text = Template("{% load govuk_dates %}on {{ at|govuk_datetime }}.").render(Context({"at": at}))
    assert text == "on Saturday 5 December 2026 at 10am."
