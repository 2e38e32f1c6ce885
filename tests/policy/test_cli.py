"""`onrecord decide` and `onrecord policies`: JSON and plain-English decisions, standard input,
and bad input ending in one line naming the problem (exit 2), never a traceback."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from onrecord.commands import main
from onrecord.policy.profiles import BUILTIN_DIR, POLICY_DIRS_VARIABLE
from tests.policy.builders import FATHER, FRIEND, scenario
from tests.policy.test_profiles import profile_data, write

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "scenarios" / "conference-mother-asks.json"


@pytest.fixture(autouse=True)
def _built_in_policies_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(POLICY_DIRS_VARIABLE, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def scenario_file(tmp_path: Path, raw: Any, name: str = "scenario.json") -> str:
    path = tmp_path / name
    path.write_text(raw if isinstance(raw, str) else json.dumps(raw), encoding="utf-8")
    return str(path)


def test_decide_prints_the_decision_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "decide", "--policy", "hackney", str(EXAMPLE))
    assert (code, err) == (0, "")
    decision = json.loads(out)
    assert decision["policy"]["name"] == "hackney"
    assert decision["policy"]["version"] == "2023-01"
    assert decision["policy"]["fingerprint"].startswith("sha256:")
    assert decision["outcome"] == "allowed"
    assert decision["requester"] == "Dana Whitfield"
    assert [r["code"] for r in decision["reasons"]] == ["HX-PROFESSIONAL-OBJECTION-NOTED"]
    assert decision["reasons"][0]["about"] == ["Dr Asha Patel"]
    assert decision["reasons"][0]["cites"]["seed"] == "000_881dd3342fdd64fe.txt"
    items = {i["id"]: (i["status"], i["recordable"]) for i in decision["items"]}
    assert items["a4"] == ("excluded", False)  # Maya: Dana holds no PR for her
    assert items["a2"] == ("may_record", True)


def test_decide_in_plain_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "decide", "--policy", "leeds", "--format", "text", str(EXAMPLE))
    assert (code, err) == (0, "")
    assert out.startswith("Decision under Leeds City Council")
    assert "Outcome: For the decision-maker to decide." in out
    assert "Who decides: the chair of the meeting" in out
    assert "What staff must do:" in out
    assert "Leo: health visitor report: the chair pauses the recording" in out
    assert "{" not in out  # not JSON, and no placeholder left unfilled


def test_decide_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(scenario(views={FATHER: "objects"}))))
    code, out, _ = run(capsys, "decide", "--policy", "leeds", "-")
    assert code == 0
    decision = json.loads(out)
    assert decision["split_attendance"]["not_recording"] == ["Sam Whitfield"]
    assert decision["split_attendance"]["recording"] == "Dana Whitfield"


def test_decide_uses_the_version_in_force_on_a_date(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(tmp_path / "policies", profile_data())
    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(tmp_path / "policies"))
    path = scenario_file(tmp_path, scenario(requester=FRIEND))
    code, out, _ = run(capsys, "decide", "--policy", "testshire", "--on", "2024-03-01", path)
    assert code == 0
    assert json.loads(out)["outcome"] == "refused"
    code, _, err = run(capsys, "decide", "--policy", "testshire", "--on", "2023-03-01", path)
    assert code == 2
    assert "no version in force on 2023-03-01" in err


def _bad_scenario(tmp_path: Path) -> str:
    raw = scenario()
    raw["request"]["requester_id"] = "p-nobody"
    return scenario_file(tmp_path, raw)


BAD_INPUT = {
    "a bad scenario names the field": (
        lambda tmp: ["decide", "--policy", "hackney", _bad_scenario(tmp)],
        "request.requester_id: no person has the id 'p-nobody'",
    ),
    "an unknown policy": (
        lambda tmp: ["decide", "--policy", "atlantis", str(EXAMPLE)],
        "unknown policy 'atlantis'; the policies are: brent, hackney, hertfordshire, leeds",
    ),
    "a missing file": (
        lambda tmp: ["decide", "--policy", "hackney", str(tmp / "nowhere.json")],
        "nowhere.json: cannot be read (No such file or directory)",
    ),
    "invalid JSON": (
        lambda tmp: ["decide", "--policy", "hackney", scenario_file(tmp, '{"children": [}')],
        "scenario.json: is not valid JSON (line 1, column 15",
    ),
    "not UTF-8": (
        lambda tmp: ["decide", "--policy", "hackney", _latin1(tmp)],
        "latin1.json: is not UTF-8 text",
    ),
    "JSON that is not a scenario": (
        lambda tmp: ["decide", "--policy", "hackney", scenario_file(tmp, "[1, 2]")],
        "a scenario must be a JSON object",
    ),
    "a bad profile to check": (
        lambda tmp: [
            "policies",
            "--check",
            str(write(tmp, profile_data(rules=[{"code": "TS-X"}]))),
        ],
        "1.yaml: rules[0] (TS-X): 'effect' is a required property",
    ),
    "a profile with a YAML syntax error": (
        lambda tmp: ["policies", "--check", str(write(tmp, "rules: [\n"))],
        "1.yaml: is not valid YAML (line 2",
    ),
}


def _latin1(tmp: Path) -> str:
    path = tmp / "latin1.json"
    path.write_bytes(json.dumps(scenario()).replace("Dana", "Dan\u00e9").encode("latin-1"))
    return str(path)


@pytest.mark.parametrize(("argv", "message"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: Any, message: str
) -> None:
    code, out, err = run(capsys, *argv(tmp_path))
    assert code == 2
    assert out == ""
    assert err.startswith("onrecord: ")
    assert err.count("\n") == 1, err
    assert err.endswith("\n")
    assert message in err
    assert "Traceback" not in err


def test_policies_lists_the_four_with_versions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "policies")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("brent", "1", "2000-01-01"),
        ("hackney", "2023-01", "2023-01-01"),
        ("hertfordshire", "1", "2000-01-01"),
        ("leeds", "1", "2000-01-01"),
    ]
    assert "London Borough of Hackney" in out


def test_policies_check_on_a_good_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = BUILTIN_DIR / "hertfordshire" / "1.yaml"
    code, out, _ = run(capsys, "policies", "--check", str(path))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    count = len(data["rules"]) + len(data["item_rules"])
    assert code == 0
    assert out == (
        f"{path}: valid (hertfordshire 1, {count} rules)\n"
        "in the meeting: new attendee: stop and ask again, late request: stop and ask again, "
        "consent withdrawn: stop and ask again, sensitive items: silent, covert recording: act, "
        "friend recording: silent, publication: act, parent insists: silent; start script 1 lines, "
        "end script 0 lines\n"
    )


def test_policies_check_refuses_a_meeting_rule_the_situation_does_not_allow(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A sensitive-items pause must name an item rule that pauses (one source of truth with
    the decision); a new attendee cannot be 'noted'; a rule other than silent needs its clause."""
    source = BUILTIN_DIR / "leeds" / "1.yaml"
    bad_cases = {
        "item_rule: LD-ITEM-SENSITIVE": (
            "item_rule: LD-ITEM-NOT-THEIR-CHILD",
            "meeting.sensitive_items.item_rule: name the item rule (effect: pause)",
        ),
        "  new_attendee:\n    rule: silent": (
            "  new_attendee:\n    rule: note",
            "meeting.new_attendee",
        ),
        "  decides_in_room:\n": ("  decides_in_the_room:\n", "decides_in_the_room"),
    }
    for good, (bad, named) in bad_cases.items():
        text = source.read_text(encoding="utf-8")
        assert good in text
        target = tmp_path / "leeds" / "1.yaml"
        target.parent.mkdir(exist_ok=True)
        target.write_text(text.replace(good, bad, 1), encoding="utf-8")
        code, _, err = run(capsys, "policies", "--check", str(target))
        assert code == 2, bad
        assert named in err, err


def test_policies_lists_a_profile_from_an_extra_directory(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(tmp_path, profile_data())
    monkeypatch.setenv(POLICY_DIRS_VARIABLE, str(tmp_path))
    code, out, _ = run(capsys, "policies")
    assert code == 0
    assert "testshire       1         2024-01-01     Testshire County Council" in out


def test_the_installed_command_runs_without_django(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONRECORD_"))}
    command = [sys.executable, "-m", "onrecord", "decide", "--policy", "hertfordshire", "-"]
    done = subprocess.run(
        [*command, "--format", "text"],
        input=json.dumps(scenario(requester=FRIEND)),
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert "Outcome: Refused. Fiona Lake may not record the meeting." in done.stdout
    assert "(HT-NOT-ELIGIBLE)" in done.stdout

    failed = subprocess.run(
        command, input="{not json", capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=60, check=False,
    )  # fmt: skip
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert failed.stderr.startswith("onrecord: standard input: is not valid JSON (line 1, column 2")
    assert "Traceback" not in failed.stderr
