"""The schedule is configured by a JSON or YAML file, each mistake named precisely."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from onrecord.cases.models import Meeting
from onrecord.retention import schedule as retention
from onrecord.retention.schedule import ScheduleError, load_schedule

KINDS = list(Meeting.Kind.values)


def test_the_defaults_cover_every_meeting_kind_and_name_their_sources() -> None:
    schedule = load_schedule(None, KINDS)
    assert schedule.warning_days == 90
    for rule in schedule.rules.values():
        assert rule.source


def test_a_yaml_file_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "retention.yaml"
    path.write_text(
        "warning_days: 30\n"
        "looked_after_record_type: null\n"
        "record_types:\n"
        "  everything:\n"
        "    label: Every recording\n"
        "    until_age: 30\n"
        "    source: Our records manager, 2026\n"
        "meeting_kinds:\n" + "".join(f"  {kind}: everything\n" for kind in KINDS)
    )
    schedule = load_schedule(path, KINDS)
    assert schedule.warning_days == 30
    assert schedule.rule("everything").until_age == 30


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(retain=1), "unknown key 'retain'"),
        (lambda d: d.update(warning_days=0), "warning_days must be between 1 and 3650, not 0"),
        (
            lambda d: d["record_types"]["child_protection"].update(until_age="26"),
            "record_types.child_protection.until_age must be a whole number, not '26'",
        ),
        (
            lambda d: d["record_types"]["child_protection"].pop("source"),
            "record_types.child_protection: say where the rule comes from (source)",
        ),
        (
            lambda d: d["record_types"]["child_protection"].update(years_after_meeting=5),
            "must have exactly one of until_age, years_after_meeting, same_as_meeting",
        ),
        (
            lambda d: d["meeting_kinds"].update(strategy="strategic"),
            "meeting_kinds.strategy names record type 'strategic', which is not in record_types",
        ),
        (
            lambda d: d["meeting_kinds"].pop("home_visit"),
            "meeting_kinds has no record type for 'home_visit'",
        ),
        (
            lambda d: d.update(looked_after_record_type="parent_copy"),
            "looked_after_record_type 'parent_copy' must be a record type with its own rule",
        ),
    ],
)
def test_mistakes_are_named(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    data = json.loads(json.dumps(retention.DEFAULT_SCHEDULE))
    change(data)
    path = tmp_path / "retention.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ScheduleError) as caught:
        load_schedule(path, KINDS)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_a_file_that_is_not_json_or_cannot_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "retention.json"
    bad.write_text("{record_types: ")
    with pytest.raises(ScheduleError, match="not valid JSON"):
        load_schedule(bad, KINDS)
    with pytest.raises(ScheduleError, match="cannot read the retention schedule"):
        load_schedule(tmp_path / "missing.yaml", KINDS)
    other = tmp_path / "retention.txt"
    other.write_text("{}")
    with pytest.raises(ScheduleError, match=r"a \.json, \.yaml or \.yml file"):
        load_schedule(other, KINDS)
