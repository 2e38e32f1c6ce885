from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onrecord.family_record.models import SubjectAccessRequest
from onrecord.family_record.subject_access import MAX_DETAILS

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
