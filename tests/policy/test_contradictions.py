"""A scenario that contradicts itself is refused, naming the field (`onrecord decide` exits 2),
rather than decided on facts that cannot all be true."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from onrecord.commands import main
from onrecord.policy import ScenarioError, parse_scenario
from tests.policy.builders import (
    FATHER,
    HEALTH_VISITOR,
    JADE,
    JADE_PERSON,
    MEETING_START,
    MOTHER,
    OPENING,
)
from tests.policy.concepts import raw, view


def _in_advance_after_start(d: dict[str, Any]) -> None:
    d["request"]["made_at"] = (MEETING_START + dt.timedelta(minutes=5)).isoformat()


def _born_after_the_meeting(d: dict[str, Any]) -> None:
    next(c for c in d["children"] if c["id"] == JADE)["date_of_birth"] = "2026-06-01"


def _requester_gives_a_view(d: dict[str, Any]) -> None:
    d["views"].append({"person_id": MOTHER, "stance": "agrees"})


THE_THREE = [
    (_in_advance_after_start, "request.timing"),
    (_born_after_the_meeting, "children[0].date_of_birth"),
    (_requester_gives_a_view, "views[5].person_id"),
]


@pytest.mark.parametrize(("edit", "field"), THE_THREE)
def test_the_cli_exits_2_naming_the_field(
    edit: Any, field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(raw(edit)), encoding="utf-8")
    assert main(["decide", "--policy", "hackney", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"onrecord: {field}: ")
    assert err.count("\n") == 1


def similar(edit: Any, field: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(raw(edit))
    assert caught.value.field == field


def test_first_knew_of_the_meeting_after_asking_to_record_it() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["request"]["first_knew_of_meeting_at"] = MEETING_START.isoformat()

    similar(edit, "request.first_knew_of_meeting_at")


def test_the_requester_listed_as_another_signatory() -> None:
    similar(lambda d: d.update(declaration_signed_by=[MOTHER]), "declaration_signed_by[0]")


def test_a_very_valid_reason_for_an_agreement() -> None:
    similar(lambda d: view(d, HEALTH_VISITOR, very_valid_reason=True), "views[3].very_valid_reason")


def test_would_not_attend_though_they_agree() -> None:
    similar(
        lambda d: view(d, FATHER, would_not_attend_if_recorded=True),
        "views[2].would_not_attend_if_recorded",
    )


def test_sensitive_kinds_on_an_item_said_not_to_be_sensitive() -> None:
    item = {**OPENING, "sensitive": False, "sensitive_kinds": ["health"]}
    similar(lambda d: d["meeting"].update(agenda=[item]), "meeting.agenda[0].sensitive_kinds")


def test_a_part_about_a_child_its_item_is_not_about() -> None:
    item = {
        **OPENING,
        "child_ids": [],
        "parts": [{"id": "p1", "title": "Jade", "child_ids": [JADE]}],
    }
    similar(lambda d: d["meeting"].update(agenda=[item]), "meeting.agenda[0].parts[0].child_ids[0]")


def test_a_covert_recording_described_but_said_not_discovered() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["circumstances"]["covert_recording_discovered"] = False
        d["circumstances"]["covert_recording"] = {"by": FATHER, "found": "afterwards"}

    similar(edit, "circumstances.covert_recording")


def test_someone_inviting_themselves() -> None:
    def edit(d: dict[str, Any]) -> None:
        next(p for p in d["people"] if p["id"] == JADE_PERSON)["invited_by"] = [JADE_PERSON]

    similar(edit, "people[3].invited_by[0]")
