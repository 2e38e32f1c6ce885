"""The edit form: one textarea per section, and per agenda item the discussion, the decisions
and rows of actions (what, owner, and a GOV.UK date input for when it is due by). The checks
themselves are edit.py's; this form only gathers what was typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from onrecord.minutes.edit import MAX_OWNER, TEXT_SECTIONS, Action

SECTION_LABELS = {
    "attendees": "Present",
    "apologies": "Apologies and absent",
    "recording": "Recording of the meeting",
    "opening": "Before the first agenda item",
    "closing": "After the last agenda item",
    "objections": "Objections and disagreements",
    "incidents": "Incidents",
    "log": "From the chair's log of the meeting",
    "notes": "Other notes",
}
SECTION_HINTS = {
    "attendees": "One person a line: name, role (organisation): times present.",
    "apologies": "One person a line: who sent apologies or did not attend.",
    "recording": "Who recorded, the declaration, and each pause and why.",
    "opening": "What was said before the first agenda item started, from the transcript.",
    "closing": "What was said after the last agenda item ended, from the transcript.",
}
BLANK_ACTION_ROWS = 2


@dataclass(frozen=True)
class ActionRow:
    n: int
    action: forms.BoundField
    owner: forms.BoundField
    day: forms.BoundField
    month: forms.BoundField
    year: forms.BoundField

    @property
    def due_errors(self) -> list[str]:
        return [str(error) for error in self.day.errors]


@dataclass(frozen=True)
class ItemFields:
    id: int
    position: int
    title: str
    started_at: str
    ended_at: str
    discussion: forms.BoundField
    decisions: forms.BoundField
    actions: list[ActionRow]


def _textarea(label: str, initial: str, max_length: int = 20_000) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, initial=initial, max_length=max_length, strip=False
    )


class MinutesForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label="What did you change? (optional)", required=False, max_length=500)

    def __init__(self, content: Mapping[str, Any], version: int, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.content = content
        self.fields["based_on"].initial = version
        for key in TEXT_SECTIONS:
            self.fields[key] = _textarea(SECTION_LABELS[key], str(content.get(key, "")))
        self._rows: dict[int, int] = {}
        for item in content.get("items", []):
            prefix = f"item-{item['id']}"
            discussion = str(item.get("discussion", ""))
            self.fields[f"{prefix}-discussion"] = _textarea("Discussion", discussion)
            self.fields[f"{prefix}-decisions"] = _textarea("Decisions", item.get("decisions", ""))
            actions = list(item.get("actions", []))
            rows = len(actions) + BLANK_ACTION_ROWS
            self._rows[int(item["id"])] = rows
            for n in range(1, rows + 1):
                have = actions[n - 1] if n <= len(actions) else {}
                year, month, day = [*str(have.get("due", "")).split("-"), "", "", ""][:3]
                row = f"{prefix}-action-{n}"
                self.fields[f"{row}-action"] = forms.CharField(
                    label=f"Action {n}",
                    required=False,
                    initial=have.get("action", ""),
                    max_length=1000,
                )
                self.fields[f"{row}-owner"] = forms.CharField(
                    label="Owner (who will do it)",
                    required=False,
                    initial=have.get("owner", ""),
                    max_length=MAX_OWNER,
                )
                for part, value in (("day", day), ("month", month), ("year", year)):
                    self.fields[f"{row}-due-{part}"] = forms.CharField(
                        label=part.title(),
                        required=False,
                        initial=value.lstrip("0") if part != "year" else value,
                        max_length=4,
                    )

    def items(self) -> list[ItemFields]:
        out: list[ItemFields] = []
        for item in self.content.get("items", []):
            prefix = f"item-{item['id']}"
            rows = [
                ActionRow(
                    n,
                    self[f"{prefix}-action-{n}-action"],
                    self[f"{prefix}-action-{n}-owner"],
                    self[f"{prefix}-action-{n}-due-day"],
                    self[f"{prefix}-action-{n}-due-month"],
                    self[f"{prefix}-action-{n}-due-year"],
                )
                for n in range(1, self._rows[int(item["id"])] + 1)
            ]
            out.append(
                ItemFields(
                    int(item["id"]),
                    int(item["position"]),
                    str(item["title"]),
                    str(item.get("started_at", "")),
                    str(item.get("ended_at", "")),
                    self[f"{prefix}-discussion"],
                    self[f"{prefix}-decisions"],
                    rows,
                )
            )
        return out

    def sections(self) -> list[forms.BoundField]:
        return [self[key] for key in TEXT_SECTIONS]

    @staticmethod
    def _due(day: str, month: str, year: str) -> str:
        """The three boxes as an ISO date for edit.py to check; anything that is not three
        numbers is passed on as typed so the check names it."""
        parts = (day.strip(), month.strip(), year.strip())
        if not any(parts):
            return ""
        if all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
        return "/".join(parts)

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {key: data.get(key, "") for key in TEXT_SECTIONS}
        items: dict[str, Any] = {}
        for item in self.content.get("items", []):
            prefix = f"item-{item['id']}"
            actions = [
                Action(
                    data.get(f"{prefix}-action-{n}-action", ""),
                    data.get(f"{prefix}-action-{n}-owner", ""),
                    self._due(
                        data.get(f"{prefix}-action-{n}-due-day", ""),
                        data.get(f"{prefix}-action-{n}-due-month", ""),
                        data.get(f"{prefix}-action-{n}-due-year", ""),
                    ),
                )
                for n in range(1, self._rows[int(item["id"])] + 1)
            ]
            items[str(item["id"])] = {
                "discussion": data.get(f"{prefix}-discussion", ""),
                "decisions": data.get(f"{prefix}-decisions", ""),
                "actions": actions,
            }
        changes["items"] = items
        return changes

    def refused(self, errors: Mapping[str, str]) -> None:
        """edit.py's errors onto the fields they are about (a date onto its day box)."""
        for key, message in errors.items():
            name = f"{key}-day" if key.endswith("-due") else key
            self.add_error(name if name in self.fields else None, message)


class ApproveForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        required=True,
        label="I have read these minutes and approve them as a true record of the meeting",
        error_messages={"required": "Confirm that you have read and approve these minutes."},
    )
