"""The policy owner's forms: each field checked, with the error worded for the owner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from onrecord.policy.profile_text import MAX_BYTES


class UploadForm(forms.Form):
    profile = forms.FileField(
        label="Profile file",
        error_messages={
            "required": "Choose the profile file to upload",
            "empty": "The file is empty",
        },
    )

    def clean_profile(self) -> Any:
        upload = self.cleaned_data["profile"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {MAX_BYTES // 1024} KB")
        return upload


class NewDraftForm(forms.Form):
    label = forms.CharField(
        label="Version label for the draft",
        max_length=40,
        error_messages={"required": "Enter a version label, for example 2026-01"},
    )


class EditForm(forms.Form):
    text = forms.CharField(
        label="The profile (YAML)",
        strip=False,
        max_length=MAX_BYTES,
        error_messages={"required": "The profile cannot be empty"},
    )


class ApproveForm(forms.Form):
    day = forms.CharField(required=False, max_length=2)
    month = forms.CharField(required=False, max_length=2)
    year = forms.CharField(required=False, max_length=4)
    confirm = forms.BooleanField(
        label="I have read the rules and the what-if replay, and approve this version",
        error_messages={"required": "Confirm that you approve this version"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [str(data.get(k) or "").strip() for k in ("day", "month", "year")]
        if not all(parts):
            self.add_error("day", "Enter the date this version takes effect from")
            return data
        try:
            day, month, year = (int(p) for p in parts)
            data["effective_from"] = dt.date(year, month, day)
        except ValueError:
            self.add_error("day", "Enter a real date, for example 1 4 2027")
        return data


class DiffForm(forms.Form):
    a = forms.ChoiceField(label="Compare")
    b = forms.ChoiceField(label="with")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
            field.error_messages["invalid_choice"] = "Choose a version of this policy"
