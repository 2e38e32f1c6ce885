"""The chair's changes to the minutes, checked as a whole: pure Python, no Django.

`apply_changes(content, changes, meeting_date)` returns the new content, or raises
`ChangesRefused` with one plain-English message per field (for the GOV.UK error summary), and
then nothing is changed. Only the sections the chair writes may change; the heading, the
transcript's provenance and the main speakers come from the record.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TEXT_SECTIONS = (
    "attendees",
    "apologies",
    "recording",
    "opening",
    "closing",
    "objections",
    "incidents",
    "log",
    "notes",
)
ITEM_TEXTS = ("discussion", "decisions")
MAX_TEXT = 20_000
MAX_ACTION = 1_000
MAX_OWNER = 200
MAX_ACTIONS = 30


class ChangesRefused(Exception):
    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Action:
    action: str
    owner: str
    due: str  # what was typed, checked here


def _text(value: Any) -> str:
    # Windows line endings from a textarea become plain newlines; trailing space is noise.
    return str(value).replace("\r\n", "\n").strip()


def check_actions(
    actions: Sequence[Action], meeting_date: dt.date, field: str
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Rows left wholly empty are dropped; any other row needs all three parts, and the due
    date may not be before the meeting."""
    kept: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    if sum(1 for a in actions if _text(a.action) or _text(a.owner) or _text(a.due)) > MAX_ACTIONS:
        errors[field] = f"At most {MAX_ACTIONS} actions per item."
        return kept, errors
    # Numbered as the rows were given, so each message names the row the chair filled in.
    for n, row in enumerate(actions, start=1):
        what, owner, due = _text(row.action), _text(row.owner), _text(row.due)
        if not (what or owner or due):
            continue
        where = f"{field}-{n}"
        if not what:
            errors[f"{where}-action"] = f"Action {n}: say what is to be done."
        elif len(what) > MAX_ACTION:
            errors[f"{where}-action"] = f"Action {n}: at most {MAX_ACTION} characters."
        if not owner:
            errors[f"{where}-owner"] = f"Action {n}: say who will do it (the owner)."
        elif len(owner) > MAX_OWNER:
            errors[f"{where}-owner"] = f"Action {n}: at most {MAX_OWNER} characters for the owner."
        try:
            when = dt.date.fromisoformat(due)
        except ValueError:
            errors[f"{where}-due"] = (
                f"Action {n}: give the date it is due by as a real date, e.g. 2025-04-01."
            )
        else:
            if when < meeting_date:
                errors[f"{where}-due"] = (
                    f"Action {n}: the date it is due by cannot be before the meeting "
                    f"({meeting_date:%-d %B %Y})."
                )
        kept.append({"action": what, "owner": owner, "due": due})
    return kept, errors


def apply_changes(
    content: Mapping[str, Any], changes: Mapping[str, Any], meeting_date: dt.date
) -> dict[str, Any]:
    """`changes`: any of TEXT_SECTIONS as text, and `items`: {item id: {"discussion": text,
    "decisions": text, "actions": [Action, ...]}} for the items being changed."""
    new = copy.deepcopy(dict(content))
    errors: dict[str, str] = {}
    unknown = sorted(set(changes) - {*TEXT_SECTIONS, "items"})
    if unknown:
        raise ChangesRefused({k: f"{k} cannot be changed here." for k in unknown})
    for key in TEXT_SECTIONS:
        if key in changes:
            value = _text(changes[key])
            if len(value) > MAX_TEXT:
                errors[key] = f"Keep this section under {MAX_TEXT} characters."
            if key in new or value:  # minutes drafted before a section existed stay as they were
                new[key] = value
    items = {str(item["id"]): item for item in new.get("items", [])}
    for item_id, changed in dict(changes.get("items", {})).items():
        item = items.get(str(item_id))
        if item is None:
            errors[f"item-{item_id}"] = "That agenda item is not in these minutes."
            continue
        for key in ITEM_TEXTS:
            if key in changed:
                value = _text(changed[key])
                if len(value) > MAX_TEXT:
                    errors[f"item-{item_id}-{key}"] = (
                        f"Item {item['position']}: keep this under {MAX_TEXT} characters."
                    )
                item[key] = value
        if "actions" in changed:
            kept, problems = check_actions(
                list(changed["actions"]), meeting_date, f"item-{item_id}-action"
            )
            errors.update(
                {k: f"Item {item['position']}, {v[0].lower()}{v[1:]}" for k, v in problems.items()}
            )
            item["actions"] = kept
    if errors:
        raise ChangesRefused(errors)
    return new
