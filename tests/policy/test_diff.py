"""The policy owner's diff (onrecord/policy/diff.py): what changed between two versions of a
profile, in plain English; nothing when they agree."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from onrecord.policy.diff import diff_profiles
from onrecord.policy.profiles import Profile, parse_profile
from tests.policy.test_profiles import profile_data

READING = {
    "kind": "reading",
    "reading": "A friend is refused outright.",
    "alternatives": ["Refer a friend to the decision-maker."],
}


def parse(data: dict[str, Any]) -> Profile:
    return parse_profile(data, Path("testshire") / f"{data['version']}.yaml")


def text_of(old: dict[str, Any], new: dict[str, Any]) -> str:
    return diff_profiles(parse(old), parse(new)).to_text()


def test_the_same_profile_has_no_differences() -> None:
    found = diff_profiles(parse(profile_data()), parse(profile_data()))
    assert found.identical
    assert found.to_text() == ""


def test_a_new_version_names_its_version_and_date() -> None:
    new = profile_data(version="2", effective_from="2025-04-01")
    text = text_of(profile_data(), new)
    assert "Version: now “2” (was “1”)" in text
    assert "In force from: now 2025-04-01 (was 2024-01-01)" in text
    assert "Rules" not in text


def test_rules_added_and_removed_are_named_with_their_effect_and_condition() -> None:
    new = profile_data()
    removed = new["rules"].pop(0)
    new["rules"].append(
        {
            "code": "TS-NEW",
            "effect": "refer",
            "when": {"all": ["requester_is_parent", {"not": "pr_holder_objects"}]},
            "text": "Ask the chair.",
            "cites": removed["cites"],
        }
    )
    text = text_of(profile_data(), new)
    added = text.split("Rules added\n")[1].split("Rules removed")[0]
    assert "TS-NEW (request rule): refer when requester_is_parent and not pr_holder_objects" in (
        added
    )
    gone = text.split("Rules removed\n")[1]
    assert "TS-FRIEND (request rule): refuse when requester_is_friend" in gone
    assert "Rules changed" not in text


def test_a_changed_rule_says_each_field_that_changed() -> None:
    new = profile_data()
    rule = new["rules"][0]
    rule["effect"] = "refer"
    rule["when"] = {"any": ["requester_is_friend", "requester_is_relative_without_pr"]}
    rule["text"] = "{requester} is a friend: the chair decides."
    rule["cites"] = {"section": "3 Practice", "clause": "A different clause."}
    text = text_of(profile_data(), new)
    changed = text.split("Rules changed\n")[1]
    assert "TS-FRIEND:" in changed
    assert "Effect: now “refer” (was “refuse”)" in changed
    assert (
        "Condition: now when requester_is_friend or requester_is_relative_without_pr "
        "(was when requester_is_friend)"
    ) in changed
    assert "Text: now “{requester} is a friend: the chair decides.”" in changed
    assert "Cited clause: now 000_881dd3342fdd64fe.txt 3 Practice: “A different clause.”" in (
        changed
    )
    assert "TS-PARENT-OBJECTS" not in changed


def test_an_interpretation_added_then_confirmed_is_reported() -> None:
    awaiting = profile_data()
    awaiting["rules"][0]["interpretation"] = READING
    text = text_of(profile_data(), awaiting)
    assert "Interpretation added (reading, awaiting the policy owner): A friend is refused" in text
    confirmed = copy.deepcopy(awaiting)
    confirmed["rules"][0]["interpretation"] = {
        **READING,
        "status": "confirmed",
        "confirmed_by": "Head of Service",
        "confirmed_on": "2025-02-03",
    }
    text = text_of(awaiting, confirmed)
    assert (
        "Interpretation status: now confirmed by Head of Service on 2025-02-03 "
        "(was awaiting the policy owner)"
    ) in text
    assert "Interpretation removed" in text_of(awaiting, profile_data())


def test_a_rule_moved_between_request_and_item_rules_is_a_change_of_kind() -> None:
    new = profile_data()
    item = new["item_rules"].pop(0)
    item["when"] = "sensitive_items"
    item["effect"] = "note"
    new["rules"].append(item)
    text = text_of(profile_data(), new)
    assert "Kind: now “request rule” (was “item rule”)" in text
    assert "Effect: now “note” (was “exclude”)" in text


def test_scope_added_and_narrowed() -> None:
    scope = {
        "media": ["audio", "video"],
        "occasions": ["meeting"],
        "code": "TS-OUTSIDE",
        "effect": "refer",
        "text": "Not covered.",
        "cites": {"section": "Title", "clause": "Recording meetings"},
    }
    scoped = profile_data(scope=scope)
    text = text_of(profile_data(), scoped)
    assert "The profile now covers only audio, video of meeting" in text
    narrower = profile_data(scope={**scope, "media": ["audio"]})
    assert "Media covered: now audio (was audio, video)" in text_of(scoped, narrower)
    assert "no longer limits what it covers" in text_of(scoped, profile_data())


def test_who_decides_changes_are_listed() -> None:
    new = profile_data()
    new["decision_makers"][1]["who"] = "the head of service"
    text = text_of(profile_data(), new)
    assert "No longer: the team manager when always" in text
    assert "Now: the head of service when always" in text
