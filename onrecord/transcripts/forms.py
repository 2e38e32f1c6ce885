"""Forms for correcting a passage and for naming the speakers (GOV.UK patterns: every error
says what to do, and is linked from the error summary)."""

from __future__ import annotations

from typing import Any

from django import forms

from onrecord.cases.models import Attendee
from onrecord.transcripts.services import SpeakerName
from onrecord.transcripts.words import MAX_SEGMENT_TEXT

SOMEONE_ELSE = "other"


class PassageForm(forms.Form):
    text = forms.CharField(
        label="What was said",
        widget=forms.Textarea(attrs={"rows": 5, "class": "govuk-textarea", "spellcheck": "true"}),
        max_length=MAX_SEGMENT_TEXT,
        error_messages={
            "required": "Write what was said. If nothing can be made out, write [inaudible].",
            "max_length": f"A passage can be at most {MAX_SEGMENT_TEXT} characters.",
        },
    )
    speaker = forms.ChoiceField(
        label="Who said it",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who said it.",
            "invalid_choice": "Choose one of the speakers listed.",
        },
    )
    reason = forms.CharField(
        label="Why are you changing it? (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
        error_messages={"max_length": "Say why in at most 500 characters."},
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, names: dict[int, SpeakerName], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        speaker = self.fields["speaker"]
        assert isinstance(speaker, forms.ChoiceField)
        speaker.choices = [(str(c), n.label) for c, n in sorted(names.items())]


class SpeakersForm(forms.Form):
    """One question per speaker: which attendee it is, or someone else (name and role)."""

    def __init__(
        self,
        *args: Any,
        speakers: int,
        people: list[Attendee],
        initial_choice: dict[int, str],
        initial_names: dict[int, tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.speakers = speakers
        self.people = {str(a.pk): a for a in people}
        choices = [(str(a.pk), f"{a.person.full_name} ({a.role})") for a in people]
        choices.append((SOMEONE_ELSE, "Someone else"))
        for cluster in range(speakers):
            number = cluster + 1
            self.fields[f"who_{cluster}"] = forms.ChoiceField(
                label=f"Who is speaker {number}?",
                choices=choices,
                widget=forms.RadioSelect,
                initial=initial_choice.get(cluster),
                error_messages={"required": f"Choose who speaker {number} is."},
            )
            name, role = initial_names.get(cluster, ("", ""))
            self.fields[f"name_{cluster}"] = forms.CharField(
                label="Their name",
                required=False,
                max_length=200,
                initial=name,
                widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
            )
            self.fields[f"role_{cluster}"] = forms.CharField(
                label="Their role or title",
                required=False,
                max_length=200,
                initial=role,
                widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for cluster in range(self.speakers):
            if (
                data.get(f"who_{cluster}") == SOMEONE_ELSE
                and not (data.get(f"name_{cluster}") or "").strip()
            ):
                self.add_error(f"name_{cluster}", f"Write the name of speaker {cluster + 1}.")
        return data

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "cluster": c,
                "number": c + 1,
                "who": self[f"who_{c}"],
                "name": self[f"name_{c}"],
                "role": self[f"role_{c}"],
            }
            for c in range(self.speakers)
        ]
