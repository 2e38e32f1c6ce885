"""The profiles' `meeting` sections as the seeds say them (issue 17): Hackney tells a newcomer
(000_881dd3342fdd64fe.txt §3), Hertfordshire stops and seeks permission again (002 2.11), Leeds
halts for sensitive information (001 (d)), Brent says nothing of either (004); a silent policy
says so in words, and a council that leaves the section out is silent on everything."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from onrecord.policy import load_profile
from onrecord.policy.meeting_rules import TRIGGERS, MeetingRules
from onrecord.policy.profiles import BUILTIN_DIR, ProfileError, load_file

RULES = {
    "hackney": {"new_attendee": "tell", "sensitive_items": "silent", "consent_withdrawn": "note"},
    "hertfordshire": {
        "new_attendee": "stop_and_ask_again",
        "late_request": "stop_and_ask_again",
        "sensitive_items": "silent",
    },
    "leeds": {"new_attendee": "silent", "sensitive_items": "pause", "late_request": "ask_again"},
    "brent": {"new_attendee": "silent", "sensitive_items": "silent", "late_request": "silent"},
}
CITED = {
    ("hackney", "new_attendee"): "3 Practice",
    ("hertfordshire", "new_attendee"): "2.11",
    ("leeds", "sensitive_items"): "When someone wants to overtly record a meeting (d)",
}


@pytest.mark.parametrize("profile", list(RULES))
def test_each_councils_rules_for_the_room(profile: str) -> None:
    room = load_profile(profile).room
    for situation, rule in RULES[profile].items():
        assert room.on(situation).rule == rule, (profile, situation)
        cites = room.on(situation).cites
        if rule == "silent":
            assert cites is None
            assert "policy" in room.says(situation)
            assert room.says(situation).startswith(room.authority)
        else:
            assert cites is not None
            assert cites.seed == load_profile(profile).seed
    for (name, situation), section in CITED.items():
        if name == profile:
            assert room.cite(room.on(situation).cites) == f"{room.authority}, {section}"


def test_leeds_sensitive_pause_is_its_item_rule_and_names_medical() -> None:
    profile = load_profile("leeds")
    rule = profile.room.on("sensitive_items")
    item = next(r for r in profile.item_rules if r.code == "LD-ITEM-SENSITIVE")
    assert (rule.text, rule.cites) == (item.text, item.cites)
    assert rule.kinds == ("medical",)


def test_a_profile_without_the_section_is_silent_on_everything(tmp_path: Path) -> None:
    source = BUILTIN_DIR / "brent" / "1.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    del data["meeting"]
    target = tmp_path / "brent" / "1.yaml"
    target.parent.mkdir()
    target.write_text(yaml.safe_dump(data), encoding="utf-8")
    room = load_file(target).room
    assert all(room.on(s).silent for s in TRIGGERS)
    assert room.start_script == room.end_script == ()
    assert MeetingRules("X").on("new_attendee").silent


def test_an_unknown_script_placeholder_is_refused(tmp_path: Path) -> None:
    source = BUILTIN_DIR / "hackney" / "2023-01.yaml"
    text = source.read_text(encoding="utf-8").replace("{recorder}", "{recorded_by}", 1)
    target = tmp_path / "hackney" / "2023-01.yaml"
    target.parent.mkdir()
    target.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"meeting.start_script\[0\].text: unknown placeholder"):
        load_file(target)
