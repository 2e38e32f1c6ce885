"""The scenario the engine decides: the children and who holds parental responsibility (PR) for
them, the meeting and its agenda, the request, the views gathered and what staff have assessed.

`parse_scenario` turns untrusted JSON-like data into these frozen dataclasses. It checks the
shape against `schemas/scenario.schema.json` (compiled once, in `schema_check.py`) and then the
references between parts (every person and child id named must exist; every child needs PR
holder data), so the engine itself never meets a malformed scenario. Every error names the
field, e.g. `children[1].date_of_birth`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onrecord.policy.schema_check import schema_check

PERSON_KINDS = ("parent", "family_member", "carer", "friend", "child", "professional")
STANCES = ("agrees", "objects", "no_view")
TIMINGS = ("in_advance", "on_the_day", "mid_meeting")
DECLARATION_STATES = ("not_signed", "signed", "revoked")
COURT_ORDERS = ("none", "interim_care_order", "care_order", "placement_order")
PURPOSES = ("memory_aid", "accessibility", "distrust_of_notes", "court", "publish", "other")
MEDIA = ("audio", "video", "photography")
# What an agenda item's sensitive information is (Leeds d: "for example sensitive medical
# information"; Leeds on the law: special category data): health is special category data too.
SENSITIVE_KINDS = ("health", "special_category", "other")
# The need behind a request made for accessibility (Leeds a and principles; Hertfordshire 1.2 a).
NEEDS = (
    "learning_disability",
    "learning_difficulty",
    "literacy",
    "sensory_impairment",
    "physical_impairment",
    "memory_or_concentration",
    "english_not_first_language",
)
FOUND = ("during_meeting", "afterwards")
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
    invited_by: frozenset[str] = frozenset()  # who invited them to the meeting (Leeds)


@dataclass(frozen=True, slots=True)
class Attendee:
    person_id: str
    role: str = ""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: str
    title: str
    child_ids: frozenset[str] = frozenset()
    sensitive: bool = False  # true whenever sensitive_kinds names any
    sensitive_kinds: frozenset[str] = frozenset()
    parts: tuple[AgendaItem, ...] = ()  # an item divided, e.g. one part per child (Hackney 3)


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
    needs: frozenset[str] = frozenset()  # behind an accessibility request (Leeds a)
    raised_before: bool = False  # recording has come up with this family before (Leeds a)
    first_knew_of_meeting_at: dt.datetime | None = None  # Hertfordshire 2.5


@dataclass(frozen=True, slots=True)
class View:
    person_id: str
    stance: str
    reason: str = ""
    # A parent who objects: would they stay away from a recorded meeting? (Leeds, parents who
    # disagree); None when not asked.
    would_not_attend_if_recorded: bool | None = None
    # A professional who objects: is their reason "very valid" (Hertfordshire 2.4)? None: not
    # yet judged.
    very_valid_reason: bool | None = None


@dataclass(frozen=True, slots=True)
class CovertRecording:
    """A recording made without everyone's knowledge (Hackney 4, Leeds e, Brent)."""

    by: str | None = None  # the person recording, when known
    found: str | None = None  # during_meeting / afterwards, when known


@dataclass(frozen=True, slots=True)
class Circumstances:
    """What has happened since consent was last sought (Hertfordshire 2.11) or been found out."""

    new_attendee_ids: frozenset[str] = frozenset()
    covert_recording_discovered: bool = False
    recording_published: bool = False
    covert_recording: CovertRecording | None = None  # set when covert_recording_discovered
    # People asked to stop recording who have not (Leeds and Brent: "If they do not, ...").
    will_not_stop_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Scenario:
    children: tuple[Child, ...]
    people: tuple[Person, ...]
    parental_responsibility: frozenset[tuple[str, str]]  # (person_id, child_id)
    meeting: Meeting
    request: Request
    views: tuple[View, ...] = ()
    declaration: str = "not_signed"  # the requester's own
    # Others who have signed the declaration or undertaking (Hertfordshire 1.3: "both").
    declaration_signed_by: frozenset[str] = frozenset()
    assessments: frozenset[str] = frozenset()  # names from ASSESSMENTS judged true
    circumstances: Circumstances = field(default_factory=Circumstances)


SCHEMA = "scenario.schema.json"


def parse_scenario(data: Any) -> Scenario:
    """Validate untrusted data and build a Scenario; raise ScenarioError naming the field.

    First the shape (the schema), then each part in document order, checking the ids it names
    against the parts before it; so the first error reported is the first in the document.
    """
    if not isinstance(data, Mapping):
        raise ScenarioError("", "a scenario must be a JSON object")
    _check_shape(data)
    children = _children(data["children"])
    people_raw = data["people"]
    child_ids = _unique([c.id for c in children], "children", "child")
    people = _people(data["people"])
    person_ids = _unique([p.id for p in people], "people", "person")
    _check_people_refs(people_raw, people, person_ids, child_ids)
    pr = _parental_responsibility(data["parental_responsibility"], person_ids, child_ids)
    _check_every_child_has_pr(children, pr)
    meeting = _meeting(data["meeting"], person_ids, child_ids)
    attending = {a.person_id for a in meeting.attendees}
    request = _request(data["request"], person_ids, attending)
    _check_timing(request, meeting)
    _check_born_by(children, meeting)
    views = _views(data.get("views", ()), person_ids, request.requester_id)
    circumstances = _circumstances(data.get("circumstances", {}), attending, person_ids)
    signed_by = _signed_by(data, person_ids, request.requester_id)
    return Scenario(
        children=children,
        people=people,
        parental_responsibility=pr,
        meeting=meeting,
        request=request,
        views=views,
        declaration=data.get("declaration", "not_signed"),
        declaration_signed_by=signed_by,
        assessments=frozenset(k for k, v in data.get("assessments", {}).items() if v),
        circumstances=circumstances,
    )


def _check_shape(data: Mapping[str, Any]) -> None:
    problem = schema_check(SCHEMA).first_problem(data)
    if problem is not None:
        raise ScenarioError(problem.field or "(scenario)", problem.message)


def _children(raw: list[dict[str, Any]]) -> tuple[Child, ...]:
    return tuple(
        Child(
            id=c["id"],
            name=c["name"],
            date_of_birth=_date(c["date_of_birth"], f"children[{i}].date_of_birth"),
            looked_after=c.get("looked_after", False),
            court_order=c.get("court_order", "none"),
            gillick_competent=c.get("gillick_competent"),
        )
        for i, c in enumerate(raw)
    )


def _people(raw: list[dict[str, Any]]) -> tuple[Person, ...]:
    return tuple(
        Person(
            id=p["id"],
            name=p["name"],
            kind=p["kind"],
            agency=p.get("agency", ""),
            child_id=p.get("child_id"),
            cares_for=frozenset(p.get("cares_for", ())),
            invited_by=frozenset(p.get("invited_by", ())),
        )
        for p in raw
    )


def _check_people_refs(
    raw: list[dict[str, Any]],
    people: tuple[Person, ...],
    person_ids: set[str],
    child_ids: set[str],
) -> None:
    """The child a person is, and the children they care for, must be known; and no child may
    be two people, else their view would depend on the order of people."""
    as_person: dict[str, str] = {}
    for i, p in enumerate(people):
        if p.child_id is not None:
            _known(child_ids, p.child_id, f"people[{i}].child_id", "child")
            if p.child_id in as_person:
                raise ScenarioError(
                    f"people[{i}].child_id",
                    f"{p.child_id!r} is already the child {as_person[p.child_id]!r}",
                )
            as_person[p.child_id] = p.id
        for j, cid in enumerate(raw[i].get("cares_for", ())):  # as given, not as the set sorts
            _known(child_ids, cid, f"people[{i}].cares_for[{j}]", "child")
        for j, pid in enumerate(raw[i].get("invited_by", ())):
            _known(person_ids, pid, f"people[{i}].invited_by[{j}]", "person")
            if pid == p.id:
                raise ScenarioError(f"people[{i}].invited_by[{j}]", "nobody invites themselves")


def _parental_responsibility(
    raw: list[dict[str, str]], person_ids: set[str], child_ids: set[str]
) -> frozenset[tuple[str, str]]:
    return frozenset(
        (
            _known(person_ids, e["person_id"], f"parental_responsibility[{i}].person_id", "person"),
            _known(child_ids, e["child_id"], f"parental_responsibility[{i}].child_id", "child"),
        )
        for i, e in enumerate(raw)
    )


def _check_every_child_has_pr(children: tuple[Child, ...], pr: frozenset[tuple[str, str]]) -> None:
    held = {cid for _, cid in pr}
    for i, c in enumerate(children):
        if c.id not in held:
            raise ScenarioError(
                f"children[{i}]",
                f"no parental responsibility is recorded for {c.name} ({c.id}): "
                "add who holds it to parental_responsibility",
            )


def _meeting(raw: dict[str, Any], person_ids: set[str], child_ids: set[str]) -> Meeting:
    attendees = tuple(
        Attendee(
            _known(person_ids, a["person_id"], f"meeting.attendees[{i}].person_id", "person"),
            a.get("role", ""),
        )
        for i, a in enumerate(raw["attendees"])
    )
    _unique([a.person_id for a in attendees], "meeting.attendees", "attendee", key="person_id")
    agenda = tuple(
        _agenda_item(item, f"meeting.agenda[{i}]", child_ids)
        for i, item in enumerate(raw.get("agenda", ()))
    )
    _unique([a.id for a in agenda], "meeting.agenda", "agenda item")
    return Meeting(
        kind=raw["kind"],
        scheduled_start=_datetime(raw["scheduled_start"], "meeting.scheduled_start"),
        attendees=attendees,
        agenda=agenda,
    )


def _agenda_item(
    item: dict[str, Any], where: str, child_ids: set[str], within: frozenset[str] | None = None
) -> AgendaItem:
    about = frozenset(
        _known(child_ids, cid, f"{where}.child_ids[{j}]", "child")
        for j, cid in enumerate(item.get("child_ids", ()))
    )
    if within is not None:  # a part is about some of its item's children, not others
        for j, cid in enumerate(item.get("child_ids", ())):
            if cid not in within:
                raise ScenarioError(
                    f"{where}.child_ids[{j}]", f"the item this part belongs to is not about {cid!r}"
                )
    kinds = frozenset(item.get("sensitive_kinds", ()))
    if kinds and item.get("sensitive") is False:
        raise ScenarioError(
            f"{where}.sensitive_kinds",
            "names kinds of sensitive information, but the item says it is not sensitive",
        )
    parts = tuple(
        _agenda_item(part, f"{where}.parts[{k}]", child_ids, about)
        for k, part in enumerate(item.get("parts", ()))
    )
    _unique([p.id for p in parts], f"{where}.parts", "part")
    return AgendaItem(
        id=item["id"],
        title=item["title"],
        child_ids=about,
        sensitive=item.get("sensitive", False) or bool(kinds),
        sensitive_kinds=kinds,
        parts=parts,
    )


def _request(raw: dict[str, Any], person_ids: set[str], attending: set[str]) -> Request:
    requester = _known(person_ids, raw["requester_id"], "request.requester_id", "person")
    if requester not in attending:
        raise ScenarioError(
            "request.requester_id", f"{requester!r} is not an attendee of this meeting"
        )
    return Request(
        requester_id=requester,
        made_at=_datetime(raw["made_at"], "request.made_at"),
        medium=raw.get("medium", "audio"),
        purposes=frozenset(raw.get("purposes", ())),
        timing=raw.get("timing", "in_advance"),
        needs=frozenset(raw.get("needs", ())),
        raised_before=raw.get("raised_before", False),
        first_knew_of_meeting_at=(
            _datetime(raw["first_knew_of_meeting_at"], "request.first_knew_of_meeting_at")
            if "first_knew_of_meeting_at" in raw
            else None
        ),
    )


def _check_timing(request: Request, meeting: Meeting) -> None:
    """When the request says it was made must agree with when it was made."""
    start = meeting.scheduled_start
    made = request.made_at
    if request.timing == "in_advance" and made >= start:
        raise ScenarioError(
            "request.timing",
            f"is 'in_advance', but the request was made at {made.isoformat()}, after the "
            f"meeting was due to start ({start.isoformat()})",
        )
    # No check the other way: a request on the day or mid-meeting may be made on another day
    # than the one scheduled (a meeting held early or moved, which meeting mode records as it
    # happens), and "the day" is a local date the scenario does not know.
    knew = request.first_knew_of_meeting_at
    if knew is not None and knew > made:
        raise ScenarioError(
            "request.first_knew_of_meeting_at",
            f"is after the request was made ({made.isoformat()}): nobody asks to record a "
            "meeting before they know of it",
        )


def _check_born_by(children: tuple[Child, ...], meeting: Meeting) -> None:
    day = meeting.scheduled_start.date()
    for i, c in enumerate(children):
        if c.date_of_birth > day:
            raise ScenarioError(
                f"children[{i}].date_of_birth",
                f"{c.name} is born on {c.date_of_birth}, after the meeting ({day})",
            )


def _views(raw: list[dict[str, Any]], person_ids: set[str], requester: str) -> tuple[View, ...]:
    views = []
    for i, v in enumerate(raw):
        pid = _known(person_ids, v["person_id"], f"views[{i}].person_id", "person")
        if pid == requester:
            raise ScenarioError(
                f"views[{i}].person_id",
                f"{pid!r} made the request, so cannot give a view on it",
            )
        stance = v["stance"]
        for key, when in (
            ("very_valid_reason", "an objection's reason"),
            ("would_not_attend_if_recorded", "someone who objects"),
        ):
            if v.get(key) is not None and stance != "objects":
                raise ScenarioError(
                    f"views[{i}].{key}", f"is about {when}, but this view {stance!r}"
                )
        views.append(
            View(
                pid,
                stance,
                v.get("reason", ""),
                v.get("would_not_attend_if_recorded"),
                v.get("very_valid_reason"),
            )
        )
    _unique([v.person_id for v in views], "views", "view", key="person_id")
    return tuple(views)


def _circumstances(raw: dict[str, Any], attending: set[str], person_ids: set[str]) -> Circumstances:
    discovered = raw.get("covert_recording_discovered", False)
    covert = None
    if "covert_recording" in raw:
        if raw.get("covert_recording_discovered") is False:
            raise ScenarioError(
                "circumstances.covert_recording",
                "describes a covert recording, but covert_recording_discovered is false",
            )
        c = raw["covert_recording"]
        by = c.get("by")
        if by is not None:
            _known(person_ids, by, "circumstances.covert_recording.by", "person")
        covert = CovertRecording(by, c.get("found"))
        discovered = True
    return Circumstances(
        new_attendee_ids=frozenset(
            _known(attending, pid, f"circumstances.new_attendee_ids[{i}]", "attendee")
            for i, pid in enumerate(raw.get("new_attendee_ids", ()))
        ),
        covert_recording_discovered=discovered,
        recording_published=raw.get("recording_published", False),
        covert_recording=covert,
        will_not_stop_ids=frozenset(
            _known(attending, pid, f"circumstances.will_not_stop_ids[{i}]", "attendee")
            for i, pid in enumerate(raw.get("will_not_stop_ids", ()))
        ),
    )


def _signed_by(data: Mapping[str, Any], person_ids: set[str], requester: str) -> frozenset[str]:
    signed = []
    for i, pid in enumerate(data.get("declaration_signed_by", ())):
        where = f"declaration_signed_by[{i}]"
        _known(person_ids, pid, where, "person")
        if pid == requester:
            raise ScenarioError(
                where, "the requester's own declaration is `declaration`, not listed here"
            )
        signed.append(pid)
    return frozenset(signed)


def _known(ids: set[str], value: str, where: str, what: str) -> str:
    if value not in ids:
        raise ScenarioError(where, f"no {what} has the id {value!r}")
    return value


def _unique(ids: list[str], where: str, what: str, key: str = "id") -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise ScenarioError(f"{where}[{i}].{key}", f"a second {what} has the id {value!r}")
        seen.add(value)
    return seen


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
