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
from onrecord.recording_requests.models import Declaration, Medium, Need, Purpose, View

# Sound and video are always offered (a profile that covers only sound says so, citing its
# clause); photos only where the authority's policy speaks of them (Hertfordshire 1.1).
ALWAYS_OFFERED = (Medium.AUDIO, Medium.VIDEO)


class MediumForm(forms.Form):
    medium = forms.ChoiceField(
        label=_("How do you want to record the meeting?"),
        choices=Medium.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose sound only or sound and pictures"),
            "invalid_choice": _("Choose one of the ways to record on this page"),
        },
    )

    def __init__(self, *args: object, media_in_scope: tuple[str, ...] = (), **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        offered = [
            (value, label)
            for value, label in Medium.choices
            if value in ALWAYS_OFFERED or value in media_in_scope
        ]
        field = self.fields["medium"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = offered


OTHER_NEED = "other"

# The family's own words for each need (first person, plain English).
NEED_CHOICES = [
    (Need.LEARNING_DISABILITY.value, _("I have a learning disability")),
    (Need.LEARNING_DIFFICULTY.value, _("I have a learning difficulty")),
    (Need.LITERACY.value, _("I find reading or writing hard")),
    (Need.SENSORY_IMPAIRMENT.value, _("I find it hard to see or hear")),
    (Need.PHYSICAL_IMPAIRMENT.value, _("I have a physical disability")),
    (Need.MEMORY_OR_CONCENTRATION.value, _("I find it hard to remember things or to focus")),
    (Need.ENGLISH_NOT_FIRST_LANGUAGE.value, _("English is not my first language")),
    (OTHER_NEED, _("Something else")),
]


class NeedsForm(forms.Form):
    """Asked only when the family records for accessibility (Leeds a: ways to improve this for
    them should be discussed and addressed)."""

    needs = forms.MultipleChoiceField(
        label=_("What makes meetings hard for you?"),
        choices=NEED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose what makes meetings hard for you, or Something else"),
            "invalid_choice": _("Choose from the list on this page"),
        },
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


ATTEND_CHOICES = [
    ("yes", _("Yes, I would still come")),
    ("no", _("No, I would not come")),
    ("not_sure", _("I do not know yet")),
]
ATTEND_VALUES = {"yes": False, "no": True, "not_sure": None}


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

    would_attend = forms.ChoiceField(
        label=_("If the meeting is recorded, would you still come to it?"),
        choices=ATTEND_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose yes, no or I do not know yet")},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("stance") == View.Stance.OBJECTS and not data.get("reason"):
            self.add_error(
                "reason", _("Tell us why you object, so the decision-maker can weigh it")
            )
        return data

    def would_not_attend_if_recorded(self) -> bool | None:
        """The answer as the scenario takes it (Leeds' trigger for meeting in parts); only
        someone who objects is asked, and may leave it (Leeds: the chair then asks them)."""
        if self.cleaned_data.get("stance") != View.Stance.OBJECTS:
            return None
        return ATTEND_VALUES.get(self.cleaned_data.get("would_attend") or "not_sure")


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
