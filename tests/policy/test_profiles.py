"""Policy profiles: the built-in four load and cite their seeds verbatim; a bad profile is
refused with a message naming the file, the rule and the field; versions are chosen by date;
a fifth authority needs no Python."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from onrecord.policy import (
    ALLOWED,
    FOR_DECISION_MAKER,
    REFUSED,
    ProfileError,
    all_profiles,
    decide,
    load_profile,
)
from onrecord.policy.profiles import BUILTIN_DIR, POLICY_DIRS_VARIABLE, load_file
from tests.policy.builders import FATHER, FRIEND, LEO_MEDICAL, OPENING, build

BUILT_IN = {"hackney": "2023-01", "leeds": "1", "hertfordshire": "1", "brent": "1"}
# The seed documents the profiles quote: ../shared/seeds beside the clone (as in CI), or
# ONRECORD_SEEDS_DIR. Missing, the verbatim check skips locally, saying why, and FAILS under
# CI=true: a check that silently stops checking is a hole (issue 16, failure 7).
SEEDS = Path(
    os.environ.get("ONRECORD_SEEDS_DIR")
    or Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
)
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _require_seeds() -> None:
    if SEEDS.is_dir():
        return
    message = (
        f"the seed documents are not at {SEEDS}: clone the shared seeds beside the repository "
        "(../shared/seeds) or set ONRECORD_SEEDS_DIR"
    )
    if IN_CI:
        pytest.fail(f"{message}; under CI every cited clause must be checked", pytrace=False)
    pytest.skip(message)


def _normal(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ the built-in profiles


def test_every_built_in_profile_loads() -> None:
    profiles = {p.name: p for p in all_profiles(dirs=[BUILTIN_DIR])}
    assert {name: p.version for name, p in profiles.items()} == BUILT_IN
    for name, p in profiles.items():
        assert load_profile(name, dirs=[BUILTIN_DIR]) == p
        assert p.path == BUILTIN_DIR / name / f"{p.version}.yaml"
        assert p.fingerprint == "sha256:" + hashlib.sha256(p.path.read_bytes()).hexdigest()
        assert p.rules
        assert p.decision_makers
        assert p.effective_from <= dt.date(2023, 1, 1)


def _citations() -> list[tuple[str, str, str, str]]:
    """(profile, rule code or decision-maker, seed file, clause) for every citation."""
    out = []
    for p in all_profiles(dirs=[BUILTIN_DIR]):
        for r in (*p.rules, *p.item_rules):
            out.append((p.name, r.code, r.cites.seed, r.cites.clause))
        for i, m in enumerate(p.decision_makers):
            out.append((p.name, f"decision_makers[{i}]", m.cites.seed, m.cites.clause))
        if p.consent_cites is not None:
            c = p.consent_cites
            out.append((p.name, "consent_in_the_room", c.seed, c.clause))
        if p.scope is not None:
            c = p.scope.cites
            out.append((p.name, f"scope ({p.scope.outside.code})", c.seed, c.clause))
        room = p.room  # the meeting section (issue 17): scripts, rules in the room, decider
        for key, lines in (("start_script", room.start_script), ("end_script", room.end_script)):
            for i, line in enumerate(lines):
                out.append((p.name, f"meeting.{key}[{i}]", line.cites.seed, line.cites.clause))
        for situation, rule in room.situations.items():
            if rule.cites is not None:
                c = rule.cites
                out.append((p.name, f"meeting.{situation}", c.seed, c.clause))
        if room.decides_in_room is not None:
            c = room.decides_in_room.cites
            out.append((p.name, "meeting.decides_in_room", c.seed, c.clause))
    return out


def test_consent_in_the_room_is_data() -> None:
    """Hertfordshire 2.7 needs every attendee's agreement in the room; Hackney 3 notes an
    objection; a profile that says nothing notes objections."""
    rule = {p.name: p.every_attendee_must_agree for p in all_profiles(dirs=[BUILTIN_DIR])}
    assert rule == {"hertfordshire": True, "hackney": False, "leeds": False, "brent": False}


CITATIONS = _citations()


@pytest.mark.parametrize(
    ("policy", "code", "seed", "clause"), CITATIONS, ids=[f"{c[0]}:{c[1]}" for c in CITATIONS]
)
def test_every_cited_clause_is_verbatim_in_its_seed(
    policy: str, code: str, seed: str, clause: str
) -> None:
    _require_seeds()
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert _normal(clause) in _normal(text), f"{policy} {code} does not quote {seed}"


def test_each_profile_cites_its_own_authority() -> None:
    seeds = {
        "hackney": "000_881dd3342fdd64fe.txt",
        "leeds": "001_faf809ee2c83eecf.txt",
        "hertfordshire": "002_3f8e43dd3e1c40a6.txt",
        "brent": "004_a2b517fdd324f552.txt",
    }
    for policy, _, seed, _ in CITATIONS:
        assert seed == seeds[policy], policy


def test_an_unknown_policy_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"unknown policy 'nowhere'.*brent, hackney"):
        load_profile("nowhere", dirs=[BUILTIN_DIR])


def test_a_date_before_any_version_is_refused() -> None:
    with pytest.raises(ProfileError, match=r"no version in force on 2022-12-31.*2023-01-01"):
        load_profile("hackney", on=dt.date(2022, 12, 31), dirs=[BUILTIN_DIR])


# ------------------------------------------------------------------ writing profiles

CLAUSE = (
    "Parents and family members are entitled to record information about themselves for their "
    "own personal use."
)


def _cites(clause: str = CLAUSE) -> dict[str, str]:
    return {"section": "1 Overview", "clause": clause}


def profile_data(name: str = "testshire", version: str = "1", **changes: Any) -> dict[str, Any]:
    """A small valid profile (citing Hackney's seed); `changes` replace top-level keys."""
    data: dict[str, Any] = {
        "profile": name,
        "authority": "Testshire County Council",
        "version": version,
        "effective_from": "2024-01-01",
        "title": "Recording meetings",
        "source": {"seed": "000_881dd3342fdd64fe.txt", "document": "Testshire guidance"},
        "decision_makers": [
            {
                "who": "the chair of the conference",
                "when": "child_protection_conference",
                "cites": _cites(),
            },
            {"who": "the team manager", "cites": _cites()},
        ],
        "rules": [
            {"code": "TS-FRIEND", "effect": "refuse", "when": "requester_is_friend",
             "text": "{requester} is a friend and may not record.", "cites": _cites()},
            {"code": "TS-PARENT-OBJECTS", "effect": "refer", "when": "pr_holder_objects",
             "text": "{who} objects.", "cites": _cites()},
            {"code": "TS-PERSONAL-USE", "effect": "condition",
             "text": "For {requester}'s personal use only.", "cites": _cites()},
        ],
        "item_rules": [
            {"code": "TS-ITEM-SENSITIVE", "effect": "exclude", "when": "item_sensitive",
             "text": "Sensitive: not recorded.", "cites": _cites()},
        ],
    }  # fmt: skip
    data.update(changes)
    return data


def write(
    root: Path, data: dict[str, Any] | str, name: str = "testshire", version: str = "1"
) -> Path:
    path = root / name / f"{version}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def with_rule(index: int, **changes: Any) -> dict[str, Any]:
    data = profile_data()
    data["rules"][index].update(changes)
    return data


def _drop_clause() -> dict[str, Any]:
    data = profile_data()
    del data["rules"][1]["cites"]["clause"]
    return data


def _duplicate_code() -> dict[str, Any]:
    data = profile_data()
    data["item_rules"][0]["code"] = "TS-FRIEND"
    return data


def _no_default_decision_maker() -> dict[str, Any]:
    data = profile_data()
    data["decision_makers"][-1]["when"] = "conversation"
    return data


def _without_text() -> dict[str, Any]:
    data = profile_data()
    del data["rules"][1]["text"]
    return data


def _item_fact_in_a_request_rule() -> dict[str, Any]:
    return with_rule(0, when="item_sensitive")


BAD_PROFILES = {
    "unknown fact": (
        with_rule(1, when="parent_is_grumpy"),
        ["rules[1] (TS-PARENT-OBJECTS).when", "unknown fact 'parent_is_grumpy'"],
    ),
    "unknown fact deep in a condition": (
        with_rule(
            1, when={"all": ["pr_holder_objects", {"not": {"any": ["video", "no_such_fact"]}}]}
        ),
        ["rules[1] (TS-PARENT-OBJECTS).when.all[1].not.any[1]", "'no_such_fact'"],
    ),
    "item fact in a request rule": (
        _item_fact_in_a_request_rule(),
        ["rules[0] (TS-FRIEND).when", "unknown fact 'item_sensitive'"],
    ),
    "missing cites.clause": (_drop_clause(), ["rules[1] (TS-PARENT-OBJECTS).cites", "'clause'"]),
    "bad effect": (
        with_rule(2, effect="forbid"),
        ["rules[2] (TS-PERSONAL-USE).effect", "'forbid'"],
    ),
    "bad condition shape": (
        with_rule(1, when={"either": ["video"]}),
        ["rules[1] (TS-PARENT-OBJECTS).when"],
    ),
    "duplicate code": (
        _duplicate_code(),
        ["item_rules[0] (TS-FRIEND).code", "used twice (first at rules[0] (TS-FRIEND).code)"],
    ),
    "no default decision-maker": (
        _no_default_decision_maker(),
        ["decision_makers[1].when", "the last decision-maker must have no `when`"],
    ),
    "missing rule text": (_without_text(), ["rules[1] (TS-PARENT-OBJECTS)", "'text'"]),
    "YAML syntax error": (
        "profile: testshire\nrules: [unclosed\n",
        ["is not valid YAML (line 3, column 1: expected ',' or ']'"],
    ),
    "not a mapping": ("- just\n- a list\n", ["a profile must be a YAML mapping"]),
    "version does not match the file name": (
        profile_data(version="2"),
        ["must match the file's place"],
    ),
}


@pytest.mark.parametrize(("data", "expected"), BAD_PROFILES.values(), ids=BAD_PROFILES.keys())
def test_a_bad_profile_is_refused_naming_file_rule_and_field(
    tmp_path: Path, data: dict[str, Any] | str, expected: list[str]
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(ProfileError) as refused:
        load_file(path)
    message = str(refused.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message  # one line, for the command line
    for part in expected:
        assert part in message, message
    # and the same file in a policy directory stops the directory loading, naming the file
    with pytest.raises(ProfileError, match=path.name):
        all_profiles(dirs=[BUILTIN_DIR, tmp_path])


def test_the_valid_profile_used_above_is_valid(tmp_path: Path) -> None:
    profile = load_file(write(tmp_path, profile_data()))
    assert [r.code for r in profile.rules] == ["TS-FRIEND", "TS-PARENT-OBJECTS", "TS-PERSONAL-USE"]


def test_a_missing_file_is_refused_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"nowhere\.yaml: cannot be read"):
        load_file(tmp_path / "testshire" / "nowhere.yaml")


def test_the_same_version_in_two_directories_is_refused(tmp_path: Path) -> None:
    first = write(tmp_path / "a", profile_data())
    second = write(tmp_path / "b", profile_data())
    with pytest.raises(ProfileError, match="version 1 is also in") as refused:
        all_profiles(dirs=[tmp_path / "a", tmp_path / "b"])
    assert str(first) in str(refused.value)
    assert str(second) in str(refused.value)


# ------------------------------------------------------------------ versions


@pytest.fixture
def two_versions(tmp_path: Path) -> Path:
    write(tmp_path, profile_data(version="2024-01", effective_from="2024-01-01"), version="2024-01")
    later = profile_data(version="2025-06", effective_from="2025-06-01")
    later["rules"][0]["effect"] = "refer"  # the council softens its line on friends
    write(tmp_path, later, version="2025-06")
    return tmp_path


@pytest.mark.parametrize(
    ("on", "version", "friend_outcome"),
    [
        (dt.date(2024, 1, 1), "2024-01", REFUSED),
        (dt.date(2025, 5, 31), "2024-01", REFUSED),
        (dt.date(2025, 6, 1), "2025-06", FOR_DECISION_MAKER),
        (dt.date(2030, 1, 1), "2025-06", FOR_DECISION_MAKER),
    ],
)
def test_the_version_in_force_on_the_date_is_used(
    two_versions: Path, on: dt.date, version: str, friend_outcome: str
) -> None:
    profile = load_profile("testshire", on=on, dirs=[two_versions])
    assert profile.version == version
    path = two_versions / "testshire" / f"{version}.yaml"
    assert profile.fingerprint == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()

    decision = decide(profile, build(requester=FRIEND))
    assert decision.outcome == friend_outcome
    assert (decision.version, decision.fingerprint) == (version, profile.fingerprint)
    assert decision.to_dict()["policy"] == {
        "name": "testshire",
        "authority": "Testshire County Council",
        "version": version,
        "fingerprint": profile.fingerprint,
    }


def test_before_the_first_version_nothing_is_in_force(two_versions: Path) -> None:
    with pytest.raises(ProfileError, match="no version in force on 2023-12-31"):
        load_profile("testshire", on=dt.date(2023, 12, 31), dirs=[two_versions])


def test_versions_differ_in_fingerprint(two_versions: Path) -> None:
    old = load_profile("testshire", on=dt.date(2024, 6, 1), dirs=[two_versions])
    new = load_profile("testshire", on=dt.date(2025, 6, 1), dirs=[two_versions])
    assert old.fingerprint != new.fingerprint


def test_policy_dirs_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, two_versions: Path
) -> None:
    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(two_versions))
    assert load_profile("testshire", on=dt.date(2025, 7, 1)).version == "2025-06"
    names = {p.name for p in all_profiles()}
    assert names == {*BUILT_IN, "testshire"}  # the built-in profiles are still there


def test_a_council_adds_a_new_version_of_a_built_in_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = yaml.safe_load((BUILTIN_DIR / "hackney" / "2023-01.yaml").read_text(encoding="utf-8"))
    data.update(version="2025-01", effective_from="2025-01-01")
    data["rules"] = [r for r in data["rules"] if r["code"] != "HX-OTHER-PARENT-OBJECTS"]
    write(tmp_path, data, name="hackney", version="2025-01")
    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(tmp_path))

    father_objects = build(views={FATHER: "objects"})
    old = decide(load_profile("hackney", on=dt.date(2024, 12, 31)), father_objects)
    new = decide(load_profile("hackney", on=dt.date(2025, 1, 1)), father_objects)
    assert (old.version, old.outcome) == ("2023-01", FOR_DECISION_MAKER)
    assert (new.version, new.outcome) == ("2025-01", ALLOWED)
    assert new.fingerprint != old.fingerprint


# ------------------------------------------------------------------ a fifth authority


def test_a_fifth_authority_needs_no_python(tmp_path: Path) -> None:
    write(tmp_path, profile_data())
    profile = load_profile("testshire", on=dt.date(2024, 2, 1), dirs=[BUILTIN_DIR, tmp_path])

    friend = decide(profile, build(requester=FRIEND))
    assert friend.outcome == REFUSED
    assert [r.code for r in friend.reasons] == ["TS-FRIEND"]
    assert friend.reasons[0].text == "Fiona Lake is a friend and may not record."
    assert friend.conditions == ()

    objection = decide(profile, build(views={FATHER: "objects"}, agenda=(OPENING, LEO_MEDICAL)))
    assert objection.outcome == FOR_DECISION_MAKER
    assert objection.decided_by == "the chair of the conference"
    assert [(r.code, r.text, r.about) for r in objection.reasons] == [
        ("TS-PARENT-OBJECTS", "Sam Whitfield objects.", ("Sam Whitfield",))
    ]
    assert [(i.id, i.status, i.recordable) for i in objection.items] == [
        ("a-open", "for_decision_maker", None),
        ("a-leo-medical", "excluded", False),
    ]

    agreed = decide(profile, build(meeting_kind="core_group"))
    assert agreed.outcome == ALLOWED
    assert agreed.decided_by == "the team manager"
    assert [c.text for c in agreed.conditions] == ["For Dana Whitfield's personal use only."]
