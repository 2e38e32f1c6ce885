"""My part of a meeting's approved minutes and transcript: pure Python, no Django.

A family member reads only the agenda items about children they hold parental responsibility
for (or are themselves), the same rule that decides which items they may record (Hackney
000_881dd3342fdd64fe.txt §3: "Parents will not be able to record any part of a meeting where
information relating to a child; who they do not hold Parental Responsibility for … is being
discussed"; the policy's HX-ITEM-NO-PR, and `cases.permissions.agenda_items_shown_in_full`).
Which items those are is worked out by the caller; this module cuts the record to them:

- the heading, who was there and who sent apologies: always (they were in the room);
- speech before the first item and after the last one (introductions, goodbyes): always, as
  the recording decision lets them record it (it is about no child on the agenda);
- each item they may see, whole (discussion, decisions, actions, its transcript); each other
  item is only `shown=False`: the page says something was left out and why, never what;
- the chair's notes about the whole meeting (the recording, objections, incidents, the log,
  other notes) name agenda items and may be about any child: only when no item is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The chair's notes about the whole meeting, in the minutes' own order (minutes/export.py).
WHOLE_MEETING_NOTES = ("recording", "objections", "incidents", "log", "notes")


def lines(text: Any) -> tuple[str, ...]:
    return tuple(line for line in str(text or "").splitlines() if line.strip())


# The minutes' line for speech heard but not transcribed (minutes/draft.py `Unheard.line`):
# it tells staff to listen to the recording, which the family cannot; they are told instead
# that someone spoke there and it could not be written down.
UNHEARD = re.compile(r"^(\d\d:\d\d) to \d\d:\d\d, speech not transcribed \(.*\): listen to it\.$")


@dataclass(frozen=True)
class Line:
    """A line of what was said in the minutes, or (`unheard_at` set) where someone spoke and
    the words could not be written down."""

    text: str
    unheard_at: str = ""


def said_lines(text: Any) -> tuple[Line, ...]:
    out = []
    for line in lines(text):
        found = UNHEARD.match(line.strip())
        out.append(Line(line, found.group(1)) if found else Line(line))
    return tuple(out)


@dataclass(frozen=True)
class Said:
    """One stretch of the transcript: who spoke, when (meeting's clock) and what. `words` is
    empty where speech was heard but could not be written down."""

    start: dt.datetime
    end: dt.datetime
    speaker: str = ""
    role: str = ""
    words: str = ""

    @property
    def heard_only(self) -> bool:
        return not self.words


@dataclass(frozen=True)
class Action:
    action: str
    owner: str
    due: str  # ISO date, as the minutes keep it


@dataclass(frozen=True)
class ItemPart:
    position: int
    shown: bool  # False: about a child I do not hold parental responsibility for
    title: str = ""
    started_at: str = ""
    ended_at: str = ""
    discussion: tuple[Line, ...] = ()
    decisions: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    transcript: tuple[Said, ...] = ()
    item_id: str = ""


@dataclass(frozen=True)
class MyPart:
    heading: Mapping[str, Any]
    present: tuple[str, ...]
    apologies: tuple[str, ...]
    opening: tuple[Line, ...]  # the minutes' speech before the first item
    items: tuple[ItemPart, ...]
    closing: tuple[Line, ...]
    # key (WHOLE_MEETING_NOTES) -> lines; empty when any item was left out
    whole_meeting: tuple[tuple[str, tuple[str, ...]], ...] = ()
    transcript_opening: tuple[Said, ...] = ()
    transcript_closing: tuple[Said, ...] = ()
    has_transcript: bool = False
    unsure_note: str = ""
    left_out: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "left_out", any(not item.shown for item in self.items))

    @property
    def shown_items(self) -> tuple[ItemPart, ...]:
        return tuple(item for item in self.items if item.shown)


def my_part(
    content: Mapping[str, Any],
    shown: Collection[str],
    *,
    transcript: Mapping[str, Sequence[Said]] | None = None,
    transcript_opening: Sequence[Said] = (),
    transcript_closing: Sequence[Said] = (),
) -> MyPart:
    """The minutes `content` (a MinutesVersion's) cut to the items whose ids are in `shown`
    (ids as strings). `transcript`: item id (string) -> what was said in it, where the minutes
    were made from a transcript."""
    items: list[ItemPart] = []
    for item in sorted(content.get("items", []), key=lambda i: int(i.get("position", 0))):
        key = str(item.get("id"))
        if key not in shown:
            items.append(ItemPart(position=int(item.get("position", 0)), shown=False))
            continue
        items.append(
            ItemPart(
                position=int(item.get("position", 0)),
                shown=True,
                title=str(item.get("title", "")),
                started_at=str(item.get("started_at", "")),
                ended_at=str(item.get("ended_at", "")),
                discussion=said_lines(item.get("discussion")),
                decisions=lines(item.get("decisions")),
                actions=tuple(
                    Action(str(a.get("action", "")), str(a.get("owner", "")), str(a.get("due", "")))
                    for a in item.get("actions") or []
                ),
                transcript=tuple((transcript or {}).get(key, ())),
                item_id=key,
            )
        )
    left_out = any(not item.shown for item in items)
    whole = (
        ()
        if left_out
        else tuple(
            (key, lines(content.get(key))) for key in WHOLE_MEETING_NOTES if lines(content.get(key))
        )
    )
    return MyPart(
        heading=dict(content.get("heading", {})),
        present=lines(content.get("attendees")),
        apologies=lines(content.get("apologies")),
        opening=said_lines(content.get("opening")),
        items=tuple(items),
        closing=said_lines(content.get("closing")),
        whole_meeting=whole,
        transcript_opening=tuple(transcript_opening),
        transcript_closing=tuple(transcript_closing),
        has_transcript=transcript is not None,
        unsure_note=str(content.get("unsure_note", "")),
    )
