"""Dates and times the GOV.UK way: "10am", "10:30am", "midday", "midnight", and "Saturday
5 December 2026 at 10am" (GOV.UK style guide, "Times"). Django's "a.m." format ends sentences
with a double full stop and reads less plainly.

In Welsh (docs/LANGUAGES.md) the same, as the Welsh Government writes them: "10yb", "2:30yp",
"7yh", "canol dydd", "hanner nos", and "Dydd Sadwrn 5 Rhagfyr 2026 am 10yb": the day and month
names are Django's own Welsh ones."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext

register = template.Library()


@register.filter
def govuk_time(value: dt.datetime | dt.time | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if (value.hour, value.minute) == (12, 0):
        return gettext("midday")
    if (value.hour, value.minute) == (0, 0):
        return gettext("midnight")
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{_suffix(value.hour)}"


def _suffix(hour: int) -> str:
    if (get_language() or "").startswith("cy"):
        # y bore, y prynhawn, yr hwyr
        return "yb" if hour < 12 else "yp" if hour < 18 else "yh"
    return "am" if hour < 12 else "pm"


@register.filter
def govuk_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return gettext("%(date)s at %(time)s") % {
        "date": dateformat.format(local, "l j F Y"),
        "time": govuk_time(local),
    }
