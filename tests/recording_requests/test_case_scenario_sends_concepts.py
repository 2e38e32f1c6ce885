"""case_scenario.py sends each of the policy's newer concepts the case record holds (issue 14),
leaves out what it does not hold so old requests decide as before, and a fully filled case
gives a scenario the published JSON Schema accepts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
from django.utils import timezone

from onrecord import policy
from onrecord.cases.models import AgendaItem
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.models import Declaration, RecordingRequest, View
from onrecord.recording_requests.services import record_view, submit_request
from tests.recording_requests.helpers import person
from tests.support.personas import World

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "scenario.schema.json"
HEALTH = "Jade: health needs"


def _request(world: World, **extra: Any) -> RecordingRequest:
    return submit_request(
        world.meeting,
        person("Dana Whitfield"),
        medium=extra.pop("medium", "audio"),
        purposes=extra.pop("purposes", ["memory_aid"]),
        channel=RecordingRequest.Channel.SIGNED_IN,
        **extra,
    )


def _item(scenario: dict[str, Any], title: str) -> dict[str, Any]:
    item: dict[str, Any] = next(i for i in scenario["meeting"]["agenda"] if i["title"] == title)
    return item


def _view_of(scenario: dict[str, Any], name: str) -> dict[str, Any]:
    pid = str(person(name).pk)
    view: dict[str, Any] = next(v for v in scenario["views"] if v["person_id"] == pid)
    return view


def test_old_data_gives_the_old_scenario_and_the_same_decision(world: World) -> None:
    """Nothing new recorded: not one new key is sent, so each field's documented default
    applies, and the decision is the one the old fields alone give."""
    made = _request(world)
    record_view(made, person("Marcus Reid"), "objects", "No")
    scenario = build_scenario(made)
    assert set(scenario) == {
        "children", "people", "parental_responsibility", "meeting", "request", "views",
        "declaration",
    }  # fmt: skip
    assert set(scenario["request"]) == {"requester_id", "made_at", "medium", "purposes", "timing"}
    assert {frozenset(v) for v in scenario["views"]} == {
        frozenset({"person_id", "stance", "reason"})
    }
    assert {frozenset(i) for i in scenario["meeting"]["agenda"]} == {
        frozenset({"id", "title", "child_ids", "sensitive"})
    }
    # Left out is the documented default: the same decision as every default spelt out.
    spelt_out = json.loads(json.dumps(scenario))
    spelt_out["request"].update(needs=[], raised_before=False)
    spelt_out["declaration_signed_by"] = []
    for view in spelt_out["views"]:
        view.update(would_not_attend_if_recorded=None, very_valid_reason=None)
    for item in spelt_out["meeting"]["agenda"]:
        item["sensitive_kinds"] = []
    for name in ("hackney", "leeds", "hertfordshire", "brent"):
        profile = policy.load_profile(name)
        assert (
            policy.decide(profile, policy.parse_scenario(scenario)).to_dict()
            == policy.decide(profile, policy.parse_scenario(spelt_out)).to_dict()
        ), name


def test_an_items_sensitive_kinds_are_sent(world: World) -> None:
    AgendaItem.objects.filter(title=HEALTH).update(sensitive_kinds=["health", "special_category"])
    item = _item(build_scenario(_request(world)), HEALTH)
    assert (item["sensitive"], item["sensitive_kinds"]) == (True, ["health", "special_category"])


def test_the_need_behind_an_accessibility_request_is_sent(world: World) -> None:
    made = _request(
        world, purposes=["accessibility"], needs=["english_not_first_language", "literacy"]
    )
    assert build_scenario(made)["request"]["needs"] == ["literacy", "english_not_first_language"]


def test_raised_before_and_first_knew_are_sent(world: World) -> None:
    made = _request(world)
    knew = timezone.now() - dt.timedelta(days=2)
    RecordingRequest.objects.filter(pk=made.pk).update(
        raised_before=True, first_knew_of_meeting_at=knew
    )
    made.refresh_from_db()
    sent = build_scenario(made)["request"]
    assert sent["raised_before"] is True
    assert dt.datetime.fromisoformat(sent["first_knew_of_meeting_at"]) == knew


def test_would_not_attend_and_very_valid_reason_are_sent(world: World) -> None:
    made = _request(world)
    record_view(made, person("Marcus Reid"), "objects", "No", would_not_attend_if_recorded=True)
    record_view(made, person("Amira Hassan"), "objects", "Safety")
    View.objects.filter(person=person("Amira Hassan")).update(very_valid_reason=False)
    scenario = build_scenario(made)
    assert _view_of(scenario, "Marcus Reid")["would_not_attend_if_recorded"] is True
    assert _view_of(scenario, "Amira Hassan")["very_valid_reason"] is False
    assert "very_valid_reason" not in _view_of(scenario, "Marcus Reid")


def test_photography_is_sent_as_the_medium(world: World) -> None:
    assert build_scenario(_request(world, medium="photography"))["request"]["medium"] == (
        "photography"
    )


def test_others_signed_undertakings_are_sent(world: World) -> None:
    made = _request(world)
    now = timezone.now()
    Declaration.objects.create(
        case=world.case,
        family_member=person("Jade Whitfield"),
        worker=world.users["social_worker"],
        worker_position="Social worker",
        discussed_on=now.date(),
        worker_signed_name="Tom Bennett",
        worker_signed_at=now,
        choice=Declaration.Choice.AGREE,
        family_signed_name="Jade Whitfield",
        family_signed_at=now,
    )
    assert build_scenario(made)["declaration_signed_by"] == [str(person("Jade Whitfield").pk)]


def test_a_fully_filled_case_gives_a_scenario_the_json_schema_accepts(world: World) -> None:
    AgendaItem.objects.filter(title=HEALTH).update(sensitive_kinds=["health"])
    made = _request(world, purposes=["accessibility", "memory_aid"], needs=["learning_disability"])
    RecordingRequest.objects.filter(pk=made.pk).update(
        raised_before=True, first_knew_of_meeting_at=timezone.now() - dt.timedelta(days=1)
    )
    made.refresh_from_db()
    record_view(made, person("Marcus Reid"), "objects", "No", would_not_attend_if_recorded=False)
    record_view(made, person("Amira Hassan"), "objects", "Safety")
    View.objects.filter(person=person("Amira Hassan")).update(very_valid_reason=True)
    now = timezone.now()
    Declaration.objects.create(
        case=world.case,
        family_member=person("Marcus Reid"),
        worker=world.users["social_worker"],
        worker_position="Social worker",
        discussed_on=now.date(),
        worker_signed_name="Tom Bennett",
        worker_signed_at=now,
        choice=Declaration.Choice.AGREE,
        family_signed_name="Marcus Reid",
        family_signed_at=now,
    )
    scenario = build_scenario(made, history_of_misuse=False)
    for key in ("needs", "raised_before", "first_knew_of_meeting_at"):
        assert key in scenario["request"]
    assert "declaration_signed_by" in scenario
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(scenario)
    policy.parse_scenario(scenario)  # and the engine's own checks
