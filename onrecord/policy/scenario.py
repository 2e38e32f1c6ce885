"""The scenario the engine decides: the children and who holds parental responsibility (PR) for
them, the meeting and its agenda, the request, the views gathered and what staff have assessed.

`parse_scenario` turns untrusted JSON-like data into these frozen dataclasses. It checks the
shape against `schemas/scenario.schema.json` and then the references between parts (every person
and child id named must exist; every child needs PR holder data), so the engine itself never
meets a malformed scenario. Every error names the field, e.g. `children[1].date_of_birth`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

PERSON_KINDS = ("parent", "family_member", "carer", "friend", "child", "professional")
STANCES = ("agrees", "objects", "no_view")
TIMINGS = ("in_advance", "on_the_day", "mid_meeting")
DECLARATION_STATES = ("not_signed", "signed", "revoked")
COURT_ORDERS = ("none", "interim_care_order", "care_order", "placement_order")
PURPOSES = ("memory_aid", "accessibility", "distrust_of_notes", "court", "publish", "other")
MEETING_KINDS = (
    "child_protection_conference",
    "review_conference",
    "looked_after_child_review",
    "core_group",
    "child_in_need",
    "strategy",
    "home_visit",
    "phone_call",
    "other",
)
# What staff have judged about the request; each defaults to false when not given.
ASSESSMENTS = (
    "history_of_misuse",
    "threat_to_publish",
    "alternatives_meet_need",
    "risk_of_further_harm",
)


class ScenarioError(ValueError):
    """A scenario is malformed; `field` names where, e.g. `meeting.agenda[2].child_ids[0]`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Child:
    id: str
    name: str
    date_of_birth: dt.date
    looked_after: bool = False
    court_order: str = "none"
    gillick_competent: bool | None = None

    @property
    def local_authority_holds_pr(self) -> bool:
        """Under an interim or full care order or a placement order (Leeds, principles)."""
        return self.court_order != "none"


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    kind: str
    agency: str = ""
    child_id: str | None = None  # set when this person is one of the children
    cares_for: frozenset[str] = frozenset()  # child ids they have caring responsibility for


@dataclass(frozen=True, slots=True)
class Attendee:
    person_id: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: str
    title: str
    child_ids: frozenset[str] = frozenset()
    sensitive: bool = False


@dataclass(frozen=True, slots=True)
class Meeting:
    kind: str
    scheduled_start: dt.datetime
    attendees: tuple[Attendee, ...]
    agenda: tuple[AgendaItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Request:
    requester_id: str
    made_at: dt.datetime
    medium: str = "audio"
    purposes: frozenset[str] = frozenset()
    timing: str = "in_advance"


@dataclass(frozen=True, slots=True)
class View:
    person_id: str
    stance: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What has happened since consent was last sought (Hertfordshire 2.11) or been found out."""

    new_attendee_ids: frozenset[str] = frozenset()
    covert_recording_discovered: bool = False
    recording_published: bool = False


@dataclass(frozen=True, slots=True)
class Scenario:
    children: tuple[Child, ...]
    people: tuple[Person, ...]
    parental_responsibility: frozenset[tuple[str, str]]  # (person_id, child_id)
    meeting: Meeting
    request: Request
    views: tuple[View, ...] = ()
    declaration: str = "not_signed"
    assessments: frozenset[str] = frozenset()  # names from ASSESSMENTS judged true
    circumstances: Circumstances = field(default_factory=Circumstances)


@cache
def scenario_schema() -> dict[str, Any]:
    text = resources.files("onrecord.policy").joinpath("schemas/scenario.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        scenario_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def field_path(path: Any) -> str:
    """`["children", 1, "name"]` → `children[1].name`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(where, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _datetime(value: str, where: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ScenarioError(where, f"{value!r} is not a date and time (ISO 8601)") from None
    if parsed.tzinfo is None:
        raise ScenarioError(where, f"{value!r} needs a time zone, e.g. 2026-03-02T10:00:00+00:00")
    return parsed


def parse_scenario(data: Any) -> Scenario:
    """Validate untrusted data and build a Scenario; raise ScenarioError naming the field."""
    if not isinstance(data, Mapping):
        raise ScenarioError("", "a scenario must be a JSON object")
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        raise ScenarioError(field_path(first.absolute_path) or "(scenario)", first.message)

    children = tuple(
        Child(
            id=c["id"],
            name=c["name"],
            date_of_birth=_date(c["date_of_birth"], f"children[{i}].date_of_birth"),
            looked_after=c.get("looked_after", False),
            court_order=c.get("court_order", "none"),
            gillick_competent=c.get("gillick_competent"),
        )
        for i, c in enumerate(data["children"])
    )
    child_ids = _unique([c.id for c in children], "children", "child")
    people = tuple(
        Person(
            id=p["id"],
            name=p["name"],
            kind=p["kind"],
            agency=p.get("agency", ""),
            child_id=p.get("child_id"),
            cares_for=frozenset(p.get("cares_for", ())),
        )
        for p in data["people"]
    )
    person_ids = _unique([p.id for p in people], "people", "person")

    def known(ids: set[str], value: str, where: str, what: str) -> str:
        if value not in ids:
            raise ScenarioError(where, f"no {what} has the id {value!r}")
        return value

    as_person: dict[str, str] = {}
    for i, p in enumerate(people):
        if p.child_id is not None:
            known(child_ids, p.child_id, f"people[{i}].child_id", "child")
            if p.child_id in as_person:  # else their view would depend on the order of people
                raise ScenarioError(
                    f"people[{i}].child_id",
                    f"{p.child_id!r} is already the child {as_person[p.child_id]!r}",
                )
            as_person[p.child_id] = p.id
        for j, cid in enumerate(data["people"][i].get("cares_for", ())):  # as given, not sorted
            known(child_ids, cid, f"people[{i}].cares_for[{j}]", "child")

    pr: set[tuple[str, str]] = set()
    for i, entry in enumerate(data["parental_responsibility"]):
        pid = known(
            person_ids, entry["person_id"], f"parental_responsibility[{i}].person_id", "person"
        )
        cid = known(child_ids, entry["child_id"], f"parental_responsibility[{i}].child_id", "child")
        pr.add((pid, cid))
    held = {cid for _, cid in pr}
    for i, c in enumerate(children):
        if c.id not in held:
            raise ScenarioError(
                f"children[{i}]",
                f"no parental responsibility is recorded for {c.name} ({c.id}): "
                "add who holds it to parental_responsibility",
            )

    m = data["meeting"]
    attendees = tuple(
        Attendee(
            known(person_ids, a["person_id"], f"meeting.attendees[{i}].person_id", "person"),
            a.get("role", ""),
        )
        for i, a in enumerate(m["attendees"])
    )
    _unique([a.person_id for a in attendees], "meeting.attendees", "attendee", key="person_id")
    agenda = tuple(
        AgendaItem(
            id=item["id"],
            title=item["title"],
            child_ids=frozenset(
                known(child_ids, cid, f"meeting.agenda[{i}].child_ids[{j}]", "child")
                for j, cid in enumerate(item.get("child_ids", ()))
            ),
            sensitive=item.get("sensitive", False),
        )
        for i, item in enumerate(m.get("agenda", ()))
    )
    _unique([a.id for a in agenda], "meeting.agenda", "agenda item")
    meeting = Meeting(
        kind=m["kind"],
        scheduled_start=_datetime(m["scheduled_start"], "meeting.scheduled_start"),
        attendees=attendees,
        agenda=agenda,
    )

    r = data["request"]
    attending = {a.person_id for a in attendees}
    requester = known(person_ids, r["requester_id"], "request.requester_id", "person")
    if requester not in attending:
        raise ScenarioError(
            "request.requester_id", f"{requester!r} is not an attendee of this meeting"
        )
    request = Request(
        requester_id=requester,
        made_at=_datetime(r["made_at"], "request.made_at"),
        medium=r.get("medium", "audio"),
        purposes=frozenset(r.get("purposes", ())),
        timing=r.get("timing", "in_advance"),
    )

    views = tuple(
        View(
            known(person_ids, v["person_id"], f"views[{i}].person_id", "person"),
            v["stance"],
            v.get("reason", ""),
        )
        for i, v in enumerate(data.get("views", ()))
    )
    _unique([v.person_id for v in views], "views", "view", key="person_id")

    c = data.get("circumstances", {})
    circumstances = Circumstances(
        new_attendee_ids=frozenset(
            known(attending, pid, f"circumstances.new_attendee_ids[{i}]", "attendee")
            for i, pid in enumerate(c.get("new_attendee_ids", ()))
        ),
        covert_recording_discovered=c.get("covert_recording_discovered", False),
        recording_published=c.get("recording_published", False),
    )
    return Scenario(
        children=children,
        people=people,
        parental_responsibility=frozenset(pr),
        meeting=meeting,
        request=request,
        views=views,
        declaration=data.get("declaration", "not_signed"),
        assessments=frozenset(k for k, v in data.get("assessments", {}).items() if v),
        circumstances=circumstances,
    )


def _unique(ids: list[str], where: str, what: str, key: str = "id") -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise ScenarioError(f"{where}[{i}].{key}", f"a second {what} has the id {value!r}")
        seen.add(value)
    return seen
