"""Every decision's JSON (what `onrecord decide --json` prints and callers store) matches
schemas/decision.schema.json, which requires each reason's `effect` and the split-attendance
plan's `cites`. Found by mutation testing (docs/MUTATION.md)."""

from __future__ import annotations

import json

import pytest

from onrecord.policy import decide, load_profile
from onrecord.policy.schema_check import schema_check
from tests.policy.builders import FATHER, build
from tests.policy.test_decision_table import ROWS, Row


@pytest.mark.parametrize("case", ROWS, ids=lambda r: f"{r.policy}-{r.id}")
def test_every_decision_in_the_table_matches_the_schema(case: Row) -> None:
    data = json.loads(json.dumps(decide(load_profile(case.policy), build(**case.given)).to_dict()))
    assert schema_check("decision.schema.json").first_problem(data) is None


def test_a_split_attendance_plan_matches_the_schema() -> None:
    data = decide(load_profile("leeds"), build(views={FATHER: "objects"})).to_dict()
    assert data["split_attendance"]["cites"]["seed"]
    assert schema_check("decision.schema.json").first_problem(data) is None
