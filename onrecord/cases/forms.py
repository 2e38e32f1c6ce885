from __future__ import annotations

from django import forms

from onrecord.cases.models import CaseNote


class CaseNoteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CaseNote
        fields = ["title", "body"]
        labels = {"title": "Title", "body": "Note"}
        error_messages = {
            "title": {
                "required": "Enter a title for the note",
                "max_length": "Title must be 200 characters or fewer",
            },
            "body": {
                "required": "Enter the note",
                "max_length": "Note must be 20,000 characters or fewer",
            },
        }


class AppendmentForm(forms.Form):
    body = forms.CharField(
        label="What you are adding",
        max_length=20_000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what you are adding to the note",
            "max_length": "What you add must be 20,000 characters or fewer",
        },
    )
