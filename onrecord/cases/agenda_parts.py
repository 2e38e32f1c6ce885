"""An agenda item's parts as staff type them, one a line (the scenario's
`meeting.agenda[].parts`; Hackney 3 "any part of a meeting"):

    Title | Child's name; another child's name | sensitive kinds

The children must be ones the item is about; the third column, optional, says the part is
sensitive ("sensitive") or with what (health, special_category, other). Read to the stored
form (`AgendaItem.parts`) and written back for editing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from onrecord.cases.models import MAX_PARTS, SensitiveKind

SENSITIVE = "sensitive"
HELP = (
    "One part a line, for an item whose parts can be recorded on their own (for example one part "
    "a child): Title | the children it is about, separated by ; | optionally 'sensitive', or "
    "what is sensitive: health, special_category, other. Leave empty to decide the item whole."
)


class PartsError(ValueError):
    pass


def read(text: str, children: Mapping[str, str]) -> list[dict[str, Any]]:
    """`children`: the item's children, by name (any case) to id. PartsError names the line."""
    parts: list[dict[str, Any]] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_PARTS:
        raise PartsError(f"An item can have at most {MAX_PARTS} parts")
    by_name = {name.casefold(): pk for name, pk in children.items()}
    for n, line in enumerate(lines, start=1):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 3:
            raise PartsError(f"Part {n}: use at most two | to separate title, children and kinds")
        title, names, kinds = (*cells, "", "")[:3]
        if not title or len(title) > 300:
            raise PartsError(f"Part {n}: enter a title of 1 to 300 characters")
        child_ids: list[str] = []
        for name in (x.strip() for x in names.split(";") if x.strip()):
            if name.casefold() not in by_name:
                raise PartsError(f"Part {n}: {name} is not one of the children this item is about")
            if by_name[name.casefold()] not in child_ids:
                child_ids.append(by_name[name.casefold()])
        named = [k.strip() for k in kinds.split(",") if k.strip()]
        sensitive = SENSITIVE in named
        named = [k for k in named if k != SENSITIVE]
        for k in named:
            if k not in SensitiveKind.values:
                raise PartsError(
                    f"Part {n}: {k} is not a kind of sensitive information; use "
                    + ", ".join(SensitiveKind.values)
                )
        part: dict[str, Any] = {"title": title, "child_ids": child_ids}
        if sensitive or named:
            part["sensitive"] = True
        if named:
            part["sensitive_kinds"] = list(dict.fromkeys(named))
        parts.append(part)
    return parts


def write(parts: list[dict[str, Any]], names: Mapping[str, str]) -> str:
    """The stored parts as lines `read` reads back."""
    lines = []
    for part in parts:
        kinds = list(part.get("sensitive_kinds", ())) or (
            [SENSITIVE] if part.get("sensitive") else []
        )
        children = "; ".join(names.get(i, str(i)) for i in part.get("child_ids", ()))
        cells = [part["title"], children, ", ".join(kinds)]
        while cells and not cells[-1]:
            cells.pop()
        lines.append(" | ".join(cells) if len(cells) > 1 else cells[0])
    return "\n".join(lines)
