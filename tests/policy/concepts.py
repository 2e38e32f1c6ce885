"""Helpers for the tests of the concepts issue 14 added to the scenario format: a scenario from
builders.py with the new fields set on top, decided under a profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from onrecord.policy import Decision, decide, load_profile, parse_scenario
from tests.policy.builders import scenario

Edit = Callable[[dict[str, Any]], None]


def raw(edit: Edit | None = None, **overrides: Any) -> dict[str, Any]:
    data = scenario(**overrides)
    if edit is not None:
        edit(data)
    return data


def decided(policy: str, edit: Edit | None = None, **overrides: Any) -> Decision:
    return decide(load_profile(policy), parse_scenario(raw(edit, **overrides)))


def codes(d: Decision) -> set[str]:
    return {r.code for r in (*d.reasons, *d.conditions, *d.actions)}


def reason(d: Decision, code: str) -> Any:
    return next(r for r in (*d.reasons, *d.conditions, *d.actions) if r.code == code)


def view(data: dict[str, Any], person_id: str, **fields: Any) -> None:
    """Set fields on one person's view (adding an objection if they have none)."""
    for v in data["views"]:
        if v["person_id"] == person_id:
            v.update(fields)
            return
    data["views"].append({"person_id": person_id, "stance": "objects", **fields})


def person(data: dict[str, Any], person_id: str, **fields: Any) -> None:
    next(p for p in data["people"] if p["id"] == person_id).update(fields)
