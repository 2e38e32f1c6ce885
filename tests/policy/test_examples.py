"""Every example scenario in examples/scenarios parses and decides under every built-in profile
into a decision that matches schemas/decision.schema.json; the new ones decide as documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.policy import decide, load_profile, parse_scenario
from onrecord.policy.schema_check import schema_check

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "scenarios").glob("*.json"))
POLICIES = ("hackney", "leeds", "hertfordshire", "brent")


def _decided(name: str, policy: str) -> dict[str, object]:
    path = next(p for p in EXAMPLES if p.name == name)
    scenario = parse_scenario(json.loads(path.read_text("utf-8")))
    return decide(load_profile(policy), scenario).to_dict()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("policy", POLICIES)
def test_every_example_decides_under_every_profile(path: Path, policy: str) -> None:
    data = _decided(path.name, policy)
    assert schema_check("decision.schema.json").first_problem(data) is None


def test_the_phone_call_example() -> None:
    assert (
        _decided("phone-call-refused-for-a-very-valid-reason.json", "hertfordshire")["outcome"]
        == "refused"
    )
    assert (
        _decided("phone-call-refused-for-a-very-valid-reason.json", "hackney")["in_scope"] is False
    )


def test_the_item_in_parts_example() -> None:
    items = _decided("item-in-parts-short-notice.json", "hackney")["items"]
    assert isinstance(items, list)
    divided = next(i for i in items if i["id"] == "a4")
    assert divided["status"] == "in_part"
    assert [p["recordable"] for p in divided["parts"]] == [True, False]
