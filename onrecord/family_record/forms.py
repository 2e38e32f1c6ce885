from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onrecord.family_record.models import SubjectAccessAnswer, SubjectAccessRequest
from onrecord.family_record.subject_access import MAX_ANSWER_TEXT, MAX_DETAILS

ASKS = SubjectAccessRequest.Asks.choices


class CopyForm(forms.Form):
    asks = forms.ChoiceField(
        choices=ASKS,
        widget=forms.RadioSelect,
        label=_("What do you want a copy of?"),
        error_messages={"required": _("Choose what you want a copy of.")},
    )
    details = forms.CharField(
        required=False,
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Tell us more (you do not have to)"),
        error_messages={"max_length": _("Write 1000 characters or fewer.")},
    )


# --- the legal team's steps: staff pages, in English -----------------------------------------


class DayField(forms.MultiValueField):
    """A GOV.UK date input (day, month, year) as one date."""

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=2000, max_value=2100),
        )
        super().__init__(fields=fields, require_all_fields=True, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list:
            return None
        if any(part is None for part in data_list):  # part of an optional date
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = data_list
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise forms.ValidationError("Enter a real date", code="invalid") from exc


class DayWidget(forms.MultiWidget):
    def __init__(self) -> None:
        super().__init__([forms.NumberInput(), forms.NumberInput(), forms.NumberInput()])

    def decompress(self, value: dt.date | None) -> list[Any]:
        return [None, None, None] if value is None else [value.day, value.month, value.year]


def _day(label: str, missing: str) -> DayField:
    return DayField(
        label=label,
        widget=DayWidget(),
        error_messages={"required": missing, "incomplete": missing, "invalid": "Enter a real date"},
    )


class AnswerForm(forms.Form):
    sent_on = _day("When was the response sent?", "Enter the date the response was sent")
    sent_how = forms.ChoiceField(
        label="How was it sent?",
        choices=SubjectAccessAnswer.SentHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the response was sent"},
    )
    disclosed = forms.CharField(
        label="What was disclosed?",
        max_length=MAX_ANSWER_TEXT,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what was disclosed",
            "max_length": f"What was disclosed must be {MAX_ANSWER_TEXT} characters or fewer",
        },
    )
    exemptions = forms.CharField(
        label="Exemptions applied (if any)",
        required=False,
        max_length=MAX_ANSWER_TEXT,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"The exemptions applied must be {MAX_ANSWER_TEXT} characters or fewer"
        },
    )


class ExtendForm(forms.Form):
    extra_months = forms.ChoiceField(
        label="How many further months?",
        choices=[("1", "1 further month"), ("2", "2 further months")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose 1 or 2 further months"},
    )
    reasons = forms.CharField(
        label="Why is the request complex?",
        max_length=MAX_DETAILS,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reasons the request is complex",
            "max_length": f"The reasons must be {MAX_DETAILS} characters or fewer",
        },
    )
    # Blank: OnRecord's message tells them today (subject_access.extend_time); a date where the
    # officer told them before, by letter or phone, which may be the earlier date the law needs.
    told_on = DayField(
        label="If you told them before today, by letter or phone, when?",
        widget=DayWidget(),
        required=False,
        error_messages={
            "incomplete": "Enter the whole date you told them, or leave it blank",
            "invalid": "Enter a real date",
        },
    )
