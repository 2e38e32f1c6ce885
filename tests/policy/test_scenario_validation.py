"""A malformed scenario is refused with a ScenarioError naming the field, before the engine
sees it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from onrecord.policy import ScenarioError, parse_scenario
from tests.policy.builders import (
    GRANDMOTHER,
    JADE,
    LEO,
    MAYA,
    MOTHER,
    PEOPLE,
    scenario,
)

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "examples" / "scenarios" / "conference-mother-asks.json"
)
PERSON_INDEX = {pid: i for i, pid in enumerate(PEOPLE)}  # the builder keeps this order
GRANDMOTHER_AT = PERSON_INDEX[GRANDMOTHER]

Change = Callable[[dict[str, Any]], object]


def _set(path: str, value: Any) -> Change:
    """Set a dotted path (list indices as numbers): `_set("meeting.agenda.1.title", "")`."""

    def change(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


def _append(path: str, value: Any) -> Change:
    def change(raw: dict[str, Any]) -> None:
        node: Any = raw
        for part in path.split("."):
            node = node[int(part)] if part.isdigit() else node[part]
        node.append(value)

    return change


def _delete(path: str) -> Change:
    def change(raw: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = raw
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[int(last) if last.isdigit() else last]

    return change


def _no_pr_for_maya(raw: dict[str, Any]) -> None:
    raw["parental_responsibility"] = [
        e for e in raw["parental_responsibility"] if e["child_id"] != MAYA
    ]


# (change to the default scenario, the field named, words the message contains)
BAD: dict[str, tuple[Change, str, str]] = {
    "unknown person holds PR": (
        _set("parental_responsibility.0.person_id", "p-nobody"),
        "parental_responsibility[0].person_id",
        "no person has the id 'p-nobody'",
    ),
    "PR for an unknown child": (
        _set("parental_responsibility.1.child_id", "c-nobody"),
        "parental_responsibility[1].child_id",
        "no child has the id 'c-nobody'",
    ),
    "unknown attendee": (
        _set("meeting.attendees.2.person_id", "p-nobody"),
        "meeting.attendees[2].person_id",
        "no person has the id 'p-nobody'",
    ),
    "view from an unknown person": (
        _set("views.0.person_id", "p-nobody"),
        "views[0].person_id",
        "'p-nobody'",
    ),
    "unknown requester": (
        _set("request.requester_id", "p-nobody"),
        "request.requester_id",
        "'p-nobody'",
    ),
    "requester not attending": (
        _set("request.requester_id", GRANDMOTHER),
        "request.requester_id",
        "'p-grace' is not an attendee of this meeting",
    ),
    "agenda item about an unknown child": (
        _set("meeting.agenda.1.child_ids", [JADE, "c-nobody"]),
        "meeting.agenda[1].child_ids[1]",
        "no child has the id 'c-nobody'",
    ),
    "a child with no PR holder": (
        _no_pr_for_maya,
        "children[2]",
        "no parental responsibility is recorded for Maya Price",
    ),
    "a person who is an unknown child": (
        _set(f"people.{GRANDMOTHER_AT}.child_id", "c-nobody"),
        f"people[{GRANDMOTHER_AT}].child_id",
        "'c-nobody'",
    ),
    "two people who are the same child": (
        _set(f"people.{GRANDMOTHER_AT}.child_id", JADE),
        f"people[{GRANDMOTHER_AT}].child_id",
        "already the child 'p-jade'",
    ),
    "cares for an unknown child (named where it is, not where it sorts)": (
        _set(f"people.{GRANDMOTHER_AT}.cares_for", ["c-zed", JADE]),
        f"people[{GRANDMOTHER_AT}].cares_for[0]",
        "no child has the id 'c-zed'",
    ),
    "a new attendee who is not attending": (
        _set("circumstances.new_attendee_ids", [GRANDMOTHER]),
        "circumstances.new_attendee_ids[0]",
        "no attendee has the id 'p-grace'",
    ),
    "an impossible date of birth": (
        _set("children.0.date_of_birth", "2010-02-30"),
        "children[0].date_of_birth",
        "is not a date",
    ),
    "a date of birth in words": (
        _set("children.1.date_of_birth", "last spring"),
        "children[1].date_of_birth",
        "not a date",
    ),
    "a meeting time without a time zone": (
        _set("meeting.scheduled_start", "2026-03-02T10:00:00"),
        "meeting.scheduled_start",
        "needs a time zone",
    ),
    "a request time without a time zone": (
        _set("request.made_at", "2026-02-23T10:00"),
        "request.made_at",
        "needs a time zone",
    ),
    "a request time that is not a time": (
        _set("request.made_at", "next Tuesday"),
        "request.made_at",
        "not a date and time",
    ),
    "duplicate child ids": (
        _set("children.1.id", JADE),
        "children[1].id",
        "a second child has the id 'c-jade'",
    ),
    "duplicate person ids": (
        _set(f"people.{GRANDMOTHER_AT}.id", MOTHER),
        f"people[{GRANDMOTHER_AT}].id",
        "a second person has the id 'p-dana'",
    ),
    "duplicate agenda item ids": (
        _set("meeting.agenda.2.id", "a-open"),
        "meeting.agenda[2].id",
        "'a-open'",
    ),
    "the same attendee twice": (
        _append("meeting.attendees", {"person_id": MOTHER}),
        "meeting.attendees[6].person_id",
        "a second attendee has the id 'p-dana'",
    ),
    "two views from one person": (
        _append("views", {"person_id": "p-sam", "stance": "objects"}),
        "views[5].person_id",
        "a second view",
    ),
    "a flag that is not true or false": (
        _set("children.0.looked_after", "yes"),
        "children[0].looked_after",
        "not of type 'boolean'",
    ),
    "an unknown stance": (
        _set("views.0.stance", "maybe"),
        "views[0].stance",
        "'maybe' is not one of",
    ),
    "an unknown purpose": (
        _set("request.purposes", ["fun"]),
        "request.purposes[0]",
        "'fun' is not one of",
    ),
    "an unknown meeting kind": (
        _set("meeting.kind", "party"),
        "meeting.kind",
        "'party' is not one of",
    ),
    "attendees that are not a list": (
        _set("meeting.attendees", {"person_id": MOTHER}),
        "meeting.attendees",
        "not of type 'array'",
    ),
    "no attendees": (_set("meeting.attendees", []), "meeting.attendees", "should be non-empty"),
    "an empty id": (_set("children.0.id", ""), "children[0].id", "should be non-empty"),
    "a number for a name": (_set("people.0.name", 7), "people[0].name", "not of type 'string'"),
    "an unknown assessment": (
        _set("assessments", {"is_rude": True}),
        "assessments",
        "'is_rude' was unexpected",
    ),
    "an unknown top-level key": (_set("colour", "blue"), "(scenario)", "'colour' was unexpected"),
    "no request": (_delete("request"), "(scenario)", "'request' is a required property"),
}


@pytest.mark.parametrize(("change", "field", "words"), BAD.values(), ids=BAD.keys())
def test_a_bad_scenario_names_the_field(change: Change, field: str, words: str) -> None:
    raw = scenario(people={GRANDMOTHER: {"cares_for": [LEO]}})
    parse_scenario(raw)  # it is the change that makes it bad
    change(raw)
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(raw)
    assert refused.value.field == field
    assert words in refused.value.message
    assert str(refused.value) == f"{field}: {refused.value.message}"
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "data", [[], "a scenario", None, 42], ids=["list", "string", "null", "number"]
)
def test_a_scenario_must_be_an_object(data: Any) -> None:
    with pytest.raises(ScenarioError, match="a scenario must be a JSON object"):
        parse_scenario(data)


def test_scenario_errors_are_value_errors() -> None:
    assert issubclass(ScenarioError, ValueError)


def test_the_example_scenario_is_valid() -> None:
    s = parse_scenario(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert s.request.requester_id == "p-dana"
    assert {c.id for c in s.children} == {"c-jade", "c-leo", "c-maya"}
    assert ("p-ryan", "c-maya") in s.parental_responsibility


def test_defaults_fill_what_is_left_out() -> None:
    raw = scenario()
    for key in ("views", "declaration", "assessments", "circumstances"):
        del raw[key]
    for key in ("medium", "purposes", "timing"):
        del raw["request"][key]
    s = parse_scenario(raw)
    assert (s.declaration, s.assessments, s.views) == ("not_signed", frozenset(), ())
    assert (s.request.medium, s.request.timing, s.request.purposes) == (
        "audio",
        "in_advance",
        frozenset(),
    )
    assert s.circumstances.new_attendee_ids == frozenset()


def test_assessments_given_as_false_are_not_judged_true() -> None:
    raw = scenario()
    raw["assessments"] = {"history_of_misuse": False, "threat_to_publish": True}
    assert parse_scenario(raw).assessments == frozenset({"threat_to_publish"})
