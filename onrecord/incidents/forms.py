from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting
from onrecord.incidents.follow_up import KIND_LABELS
from onrecord.incidents.models import (
    HarmAssessment,
    Incident,
    RecordedBy,
    RemovalAction,
    recorded_by_errors,
)


class WhenField(forms.MultiValueField):
    """A GOV.UK date input (day, month, year) plus a 24-hour time, as one aware datetime."""

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=2000, max_value=2100),
            forms.CharField(max_length=5),
        )
        super().__init__(fields=fields, require_all_fields=True, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.datetime | None:
        if not data_list:
            return None
        day, month, year, time_text = data_list
        try:
            hour, minute = (int(part) for part in str(time_text).split(":"))
            naive = dt.datetime(year, month, day, hour, minute)
        except ValueError as exc:
            raise forms.ValidationError(
                "Enter a real date, and a time like 14:30", code="invalid"
            ) from exc
        return timezone.make_aware(naive)


class WhenWidget(forms.MultiWidget):
    def __init__(self) -> None:
        super().__init__(
            [forms.NumberInput(), forms.NumberInput(), forms.NumberInput(), forms.TextInput()]
        )

    def decompress(self, value: dt.datetime | None) -> list[Any]:
        if value is None:
            return [None, None, None, None]
        local = timezone.localtime(value)
        return [local.day, local.month, local.year, f"{local:%H:%M}"]


class AttendeeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An attendee of the incident's meeting, by name and role."""

    def label_from_instance(self, obj: Attendee) -> str:
        return f"{obj.person.full_name} ({obj.role})"


class OpenIncidentForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=[(k.value, v) for k, v in KIND_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened"},
    )
    discovered_by = forms.CharField(
        label="Who found out?",
        max_length=200,
        error_messages={"required": "Say who found out"},
    )
    discovered_at = WhenField(
        label="When was it found?",
        widget=WhenWidget(),
        error_messages={
            "required": "Enter the date and time it was found",
            "incomplete": "Enter the date and time it was found",
        },
    )
    description = forms.CharField(
        label="What happened, in your words",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Describe what happened"},
    )
    chair_action = forms.ChoiceField(
        label="What did the chair do?",
        choices=Incident.ChairAction.choices,
        widget=forms.RadioSelect,
        initial=Incident.ChairAction.NONE,
        error_messages={"required": "Choose what the chair did"},
    )
    where_found = forms.CharField(
        label="Where was it published or used? (if known)",
        max_length=500,
        required=False,
    )
    recorded_by = forms.ChoiceField(
        label="Who made the recording?",
        help_text="For a covert recording, or a recording published or used for another "
        "purpose: the legal advice needs it.",
        choices=RecordedBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    recorded_by_attendee = AttendeeChoiceField(
        label="Who at the meeting",
        queryset=Attendee.objects.none(),
        required=False,
        empty_label="Choose who",
        error_messages={"invalid_choice": "Choose someone on this meeting's attendee list"},
    )
    recorded_by_name = forms.CharField(
        label="The family member's name", max_length=200, required=False
    )

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        field = self.fields["recorded_by_attendee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Attendee.objects.filter(meeting=meeting).select_related("person")
            if meeting is not None
            else Attendee.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        errors = recorded_by_errors(
            kind=data.get("kind", ""),
            recorded_by=data.get("recorded_by", ""),
            attendee=data.get("recorded_by_attendee"),
            name=data.get("recorded_by_name", ""),
            meeting_id=self.meeting.pk if self.meeting is not None else None,
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data

    def clean_discovered_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["discovered_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError("The time it was found cannot be in the future")
        return value


class CompleteTaskForm(forms.Form):
    outcome = forms.CharField(
        label="What was done",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Say what was done"},
    )


class AssessmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = HarmAssessment
        fields = ["child_identifiable", "risk_of_further_harm", "possible_emotional_abuse", "notes"]
        labels = {
            "child_identifiable": "Can the child be identified?",
            "risk_of_further_harm": "Is the child at risk of further harm?",
            "possible_emotional_abuse": "Could this constitute emotional abuse?",
            "notes": "Notes",
        }
        widgets = {
            "child_identifiable": forms.RadioSelect,
            "risk_of_further_harm": forms.RadioSelect,
            "possible_emotional_abuse": forms.RadioSelect,
        }


class LegalQuestionForm(forms.Form):
    question = forms.CharField(
        label="What advice is needed",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Say what advice is needed"},
    )


class LegalAnswerForm(forms.Form):
    advice = forms.CharField(
        label="The advice given",
        max_length=10000,
        widget=forms.Textarea,
        error_messages={"required": "Write down the advice given"},
    )


class StartRemovalForm(forms.Form):
    type = forms.ChoiceField(
        label="Action", choices=RemovalAction.Type.choices, widget=forms.RadioSelect
    )
    target = forms.CharField(
        label="Site, platform or court",
        max_length=500,
        error_messages={"required": "Say where the action is taken"},
    )


class EndRemovalForm(forms.Form):
    state = forms.ChoiceField(
        label="How did it end?",
        choices=[
            (RemovalAction.State.GRANTED, "Granted or removed"),
            (RemovalAction.State.REFUSED, "Refused"),
            (RemovalAction.State.WITHDRAWN, "Withdrawn"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how it ended"},
    )
    notes = forms.CharField(label="Notes", max_length=5000, required=False, widget=forms.Textarea)


class CloseIncidentForm(forms.Form):
    outcome = forms.CharField(
        label="Outcome",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"required": "Write the outcome before closing"},
    )
