"""GOV.UK dates and times in Welsh (docs/LANGUAGES.md): Django's Welsh day and month names, and
the times as the Welsh Government writes them (yb, yp, yh, canol dydd, hanner nos); English
unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from onrecord.web.templatetags.govuk_dates import govuk_datetime, govuk_time
from onrecord.web.templatetags.languages import html_lang


@pytest.mark.parametrize(
    ("hour", "minute", "english", "welsh"),
    [
        (10, 0, "10am", "10yb"),
        (14, 30, "2:30pm", "2:30yp"),
        (19, 0, "7pm", "7yh"),
        (12, 0, "midday", "canol dydd"),
        (0, 0, "midnight", "hanner nos"),
    ],
)
def test_times(hour: int, minute: int, english: str, welsh: str) -> None:
    when = dt.time(hour, minute)
    with translation.override("en-gb"):
        assert govuk_time(when) == english
    with translation.override("cy"):
        assert govuk_time(when) == welsh


def test_a_date_and_time() -> None:
    when = dt.datetime(2026, 12, 5, 10, 0)
    with translation.override("en-gb"):
        assert govuk_datetime(when) == "Saturday 5 December 2026 at 10am"
    with translation.override("cy"):
        assert govuk_datetime(when) == "Dydd Sadwrn 5 Rhagfyr 2026 am 10yb"


def test_html_lang_capitalises_the_region() -> None:
    assert html_lang("en-gb") == "en-GB"
    assert html_lang("cy") == "cy"
