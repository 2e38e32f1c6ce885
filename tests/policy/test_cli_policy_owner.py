"""`onrecord policies --diff` and `--interpretations`: the policy owner's tools on the real
profiles, and on a modified copy of one in a temporary directory (exit 0 when the versions
agree, 1 when they differ, 2 on bad input naming the file or the version)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onrecord.commands import main
from onrecord.policy.profiles import BUILTIN_DIR, POLICY_DIRS_VARIABLE, load_profile

HACKNEY = BUILTIN_DIR / "hackney" / "2023-01.yaml"


@pytest.fixture(autouse=True)
def _built_in_policies_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(POLICY_DIRS_VARIABLE, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def next_hackney(tmp_path: Path) -> Path:
    """Hackney's profile as its next version might be: one rule's effect changed, one
    interpretation confirmed, one rule removed, the new attendee stopped and asked again."""
    data: dict[str, Any] = yaml.safe_load(HACKNEY.read_text(encoding="utf-8"))
    data["version"] = "2025-06"
    data["effective_from"] = "2025-06-01"
    rules = {r["code"]: r for r in data["rules"]}
    rules["HX-OTHER-PARENT-OBJECTS"]["effect"] = "refuse"
    professional = rules["HX-PROFESSIONAL-OBJECTION-NOTED"]["interpretation"]
    professional.update(
        status="confirmed", confirmed_by="Head of Safeguarding", confirmed_on="2025-05-20"
    )
    data["rules"] = [r for r in data["rules"] if r["code"] != "HX-FRIEND-NOT-COVERED"]
    data["meeting"]["new_attendee"]["rule"] = "stop_and_ask_again"
    path = tmp_path / "hackney" / "2025-06.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_profile_against_itself_is_identical(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "policies", "--diff", "hackney/2023-01", str(HACKNEY))
    assert (code, err) == (0, "")
    assert "No differences." in out


def test_the_next_version_of_a_real_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "policies", "--diff", str(HACKNEY), str(next_hackney(tmp_path)))
    assert (code, err) == (1, "")
    assert "to   hackney 2025-06 (in force from 2025-06-01" in out
    assert "In force from: now 2025-06-01 (was 2023-01-01)" in out
    assert "Rules removed\n  HX-FRIEND-NOT-COVERED (request rule): refer when" in out
    changed = out.split("Rules changed\n")[1].split("In the meeting\n")[0]
    assert "HX-OTHER-PARENT-OBJECTS:\n    Effect: now “refuse” (was “refer”)" in changed
    assert (
        "HX-PROFESSIONAL-OBJECTION-NOTED:\n    Interpretation status: now confirmed by Head of "
        "Safeguarding on 2025-05-20 (was awaiting the policy owner)"
    ) in changed
    meeting = out.split("In the meeting\n")[1]
    assert meeting == "  New attendee: now stop and ask again (was tell)\n"
    assert "Rules added" not in out


@pytest.mark.parametrize(
    ("ref", "named"),
    [
        ("hackney/1999", "policy 'hackney' has no version '1999' (it has: 2023-01)"),
        ("nowhere/1", "nowhere/1: unknown policy 'nowhere'"),
        ("missing/1.yaml", "missing/1.yaml: cannot be read"),
    ],
)
def test_bad_input_names_the_file_or_version(
    capsys: pytest.CaptureFixture[str], ref: str, named: str
) -> None:
    code, out, err = run(capsys, "policies", "--diff", "hackney/2023-01", ref)
    assert (code, out) == (2, "")
    assert named in err
    assert "Traceback" not in err


def test_an_invalid_profile_file_names_the_rule_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = next_hackney(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"][0]["effect"] = "maybe"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = run(capsys, "policies", "--diff", str(HACKNEY), str(path))
    assert (code, out) == (2, "")
    assert f"{path}: rules[0] (" in err
    assert ".effect: 'maybe' is not one of" in err


def test_interpretations_lists_every_reading_for_review(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "policies", "--interpretations", "hackney")
    assert (code, err) == (0, "")
    assert out.startswith("hackney 2023-01 (in force from 2023-01-01), London Borough of Hackney:")
    listed = load_profile("hackney").interpretations()
    assert out.count("\n\n") == len(listed) > 0  # one paragraph each
    assert all(f"\n{r.code} (" in out for r in listed)
    assert "HX-OTHER-PARENT-OBJECTS (analogy): awaiting the policy owner" in out
    assert "  Alternative: Refuse while another person with parental responsibility objects." in out
    code, out, err = run(capsys, "policies", "--interpretations", str(next_hackney(tmp_path)))
    assert code == 0
    assert (
        "HX-PROFESSIONAL-OBJECTION-NOTED (reading): confirmed by Head of Safeguarding on "
        "2025-05-20\n  Clause: 000_881dd3342fdd64fe.txt 3 Practice: “Where a professional"
    ) in out


def test_interpretations_of_an_unknown_policy_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "policies", "--interpretations", "nowhere")
    assert (code, out) == (2, "")
    assert "unknown policy 'nowhere'" in err
