"""Forms for the vault's pages: the chair's correction of the explanatory statement, and the
reason given for a disclosure bundle. Each validates everything before anything is written."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
MAX_SPEAKERS = 40


def _time(value: str, label: str) -> dt.time | None:
    value = value.strip().lower().replace(" ", "")
    if not value:
        return None
    match = _TIME.match(value)
    if not match:
        raise forms.ValidationError(f"Enter the time the meeting {label} like 10:00 or 14:30")
    return dt.time(int(match.group(1)), int(match.group(2)))


class StatementForm(forms.Form):
    """The chair's correction (Brent: "when and where the recording was made, date and time
    the meeting started and ended, the context of the discussion, the main speakers and their
    role or title"). The recording's own details are not here: they never change."""

    where = forms.CharField(
        label="Where the meeting was held",
        max_length=200,
        error_messages={"required": "Enter where the meeting was held"},
    )
    day = forms.IntegerField(min_value=1, max_value=31, required=False)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    started = forms.CharField(label="Started at", max_length=5, required=False)
    ended = forms.CharField(label="Ended at", max_length=5, required=False)
    context = forms.CharField(
        label="Context of the discussion",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter the context of the discussion"},
    )
    speakers = forms.CharField(
        label="Main speakers and their role or title",
        max_length=4000,
        widget=forms.Textarea,
        error_messages={"required": "Enter at least one main speaker"},
    )
    notes = forms.CharField(
        label="Why you are correcting it",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Say why you are correcting the statement"},
    )

    def clean_speakers(self) -> list[dict[str, str]]:
        speakers = []
        for number, line in enumerate(self.cleaned_data["speakers"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _, role = line.partition(",")
            if not name.strip():
                raise forms.ValidationError(
                    f"Line {number}: put the speaker's name before the comma"
                )
            speakers.append({"name": name.strip()[:200], "role": role.strip()[:200]})
        if not speakers:
            raise forms.ValidationError("Enter at least one main speaker")
        if len(speakers) > MAX_SPEAKERS:
            raise forms.ValidationError(f"List at most {MAX_SPEAKERS} main speakers")
        return speakers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get("day"), data.get("month"), data.get("year")]
        starts, ends = self.data.get("started", ""), self.data.get("ended", "")
        try:
            start_time = _time(str(starts), "started")
        except forms.ValidationError as error:
            self.add_error("started", error)
            return data
        try:
            end_time = _time(str(ends), "ended")
        except forms.ValidationError as error:
            self.add_error("ended", error)
            return data
        if any(p is None for p in parts):
            if any(p is not None for p in parts) or start_time or end_time:
                self.add_error("day", "Enter the date of the meeting, for example 4 3 2025")
            return data
        day, month, year = (int(p) for p in parts if p is not None)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            self.add_error("day", "Enter a real date")
            return data
        if start_time:
            data["started_at"] = dt.datetime.combine(date, start_time).isoformat()
        if end_time:
            data["ended_at"] = dt.datetime.combine(date, end_time).isoformat()
        if start_time and end_time and end_time < start_time:
            self.add_error("ended", "The meeting cannot end before it started")
        return data

    def changes(self) -> dict[str, Any]:
        """What revise_statement takes."""
        data = self.cleaned_data
        changes: dict[str, Any] = {
            "where": data["where"].strip(),
            "context": data["context"].strip(),
            "speakers": data["speakers"],
            "notes": data["notes"].strip(),
        }
        for key in ("started_at", "ended_at"):
            if data.get(key):
                changes[key] = data[key]
        return changes


class ApproveStatementForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked this statement and it is accurate",
        error_messages={"required": "Confirm that you have checked the statement"},
    )


class BundleForm(forms.Form):
    reason = forms.CharField(
        label="Why are you making this bundle?",
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Say why you are making the bundle, for example the court's direction"
        },
    )
    confirm = forms.BooleanField(
        label="I understand the bundle holds the recording itself and must be kept secure",
        error_messages={"required": "Confirm that you will keep the bundle secure"},
    )
