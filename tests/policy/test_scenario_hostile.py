"""Hostile or odd input ends in a ScenarioError, never a traceback; checking changes nothing."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from onrecord.policy import ScenarioError, parse_scenario
from onrecord.policy.schema_check import inline_local_refs
from tests.policy.builders import scenario


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


HUGE = 10**5000  # Python will not repr an int this long (over 4,300 digits)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("people", 0, "name"), HUGE, "people[0].name"),
        (("views", 0, "stance"), HUGE, "views[0].stance"),
        (("views", 0, "stance"), _nested(50_000), "views[0].stance"),
        (("children",), _nested(50_000), "children[0]"),
        (("people", 0, "cares_for"), [_nested(50_000), _nested(50_000)], "(scenario)"),
    ],
    ids=["huge name", "huge stance", "deep stance", "deep children", "deep cares_for"],
)
def test_hostile_values_end_in_a_scenario_error(
    path: tuple[Any, ...], value: Any, field: str
) -> None:
    raw = scenario()
    node: Any = raw
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(raw)
    assert refused.value.field == field
    assert "\n" not in str(refused.value)


def test_parsing_leaves_the_input_as_it_was() -> None:
    raw = scenario()
    del raw["declaration"]
    del raw["request"]["medium"]
    before = copy.deepcopy(raw)
    parse_scenario(raw)
    assert raw == before  # the schema's defaults are not written into the caller's data


def test_only_local_references_are_inlined() -> None:
    schema = {"$defs": {"id": {"type": "string"}}, "items": {"$ref": "#/$defs/id"}}
    assert inline_local_refs(schema) == {"items": {"type": "string"}}
    with pytest.raises(ValueError, match="only local"):
        inline_local_refs({"items": {"$ref": "https://example.org/other.json"}})
