"""Forms for the request journey, one question per page (GOV.UK pattern), plain English.
The family's forms are translatable (docs/LANGUAGES.md); the standard declaration's choices and
its "remain in place" line are the council's legal words and stay in English; staff forms
(the decision, the worker's signature) are in English."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onrecord.recording_requests.declaration_text import (
    EASY_READ_CHOICES,
    EASY_READ_UNTIL_REVOKED,
    UNTIL_REVOKED,
)
from onrecord.recording_requests.models import Declaration, Medium, Purpose, View


class MediumForm(forms.Form):
    medium = forms.ChoiceField(
        label=_("How do you want to record the meeting?"),
        choices=Medium.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose sound only or sound and pictures")},
    )


class PurposeForm(forms.Form):
    purposes = forms.MultipleChoiceField(
        label=_("Why do you want to record the meeting?"),
        choices=Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one reason")},
    )
    purpose_details = forms.CharField(
        label=_("Tell us more (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": _("What you tell us must be 1,000 characters or fewer")},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if Purpose.OTHER in (data.get("purposes") or []) and not data.get("purpose_details"):
            self.add_error("purpose_details", _("Tell us your other reason"))
        return data


class SupportForm(forms.Form):
    support_needed = forms.CharField(
        label=_("Is there anything that would help you take part in the meeting?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        error_messages={"max_length": _("What you tell us must be 1,000 characters or fewer")},
    )


class ViewForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("What do you think about the meeting being recorded?"),
        choices=[
            (View.Stance.AGREES, _("I agree to it being recorded")),
            (View.Stance.OBJECTS, _("I object to it being recorded")),
            (View.Stance.NO_VIEW, _("I do not have a view")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you agree or object")},
    )
    reason = forms.CharField(
        label=_("Tell us why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Your reason must be 2,000 characters or fewer")},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("stance") == View.Stance.OBJECTS and not data.get("reason"):
            self.add_error(
                "reason", _("Tell us why you object, so the decision-maker can weigh it")
            )
        return data


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Your decision",
        choices=[("allowed", "Allow the recording"), ("refused", "Refuse the recording")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to allow or refuse the recording"},
    )
    reason = forms.CharField(
        label="Your reasons, in plain English for the family",
        max_length=5000,
        widget=forms.Textarea,
        error_messages={
            "required": "Write your reasons: the family is told them",
            "max_length": "Reasons must be 5,000 characters or fewer",
        },
    )
    disagreements = forms.CharField(
        label="Any disagreement to note in the minutes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        error_messages={"max_length": "This must be 5,000 characters or fewer"},
    )


class WorkerSignForm(forms.Form):
    worker_position = forms.CharField(
        label="Your position", max_length=200, error_messages={"required": "Enter your position"}
    )
    worker_signed_name = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        error_messages={"required": "Type your full name to sign"},
    )
    confirm = forms.BooleanField(
        label="I have discussed the expectations around recording meetings with the family member",
        error_messages={"required": "Confirm you have discussed the expectations"},
    )


class FamilySignForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Please choose one"),
        choices=Declaration.Choice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you agree to the expectations")},
    )
    understands_until_revoked = forms.BooleanField(
        label=UNTIL_REVOKED,
        error_messages={"required": _("Confirm you understand the declaration stays in place")},
    )
    family_signed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        error_messages={"required": _("Type your full name to sign")},
    )


class EasyReadSignForm(forms.Form):
    """The same signing, from the easy-read version: its statements are the labels."""

    choice = forms.ChoiceField(
        label=_("Choose one"),
        choices=[(key, _(text)) for key, text in EASY_READ_CHOICES.items()],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose if you agree to the rules")},
    )
    understands_until_revoked = forms.BooleanField(
        label=_(EASY_READ_UNTIL_REVOKED),
        error_messages={"required": _("Tick the box to say you know the agreement stays")},
    )
    family_signed_name = forms.CharField(
        label=_("Type your full name to sign"),
        max_length=200,
        error_messages={"required": _("Type your full name to sign")},
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Tell us why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Your reason must be 2,000 characters or fewer")},
    )
    confirm = forms.BooleanField(
        label=_("I want to withdraw my declaration"),
        error_messages={"required": _("Confirm you want to withdraw your declaration")},
    )


class WithdrawRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Tell us why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": _("Your reason must be 2,000 characters or fewer")},
    )
    confirm = forms.BooleanField(
        label=_("I want to withdraw my request"),
        error_messages={"required": _("Confirm you want to withdraw your request")},
    )
