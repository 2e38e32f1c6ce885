"""`onrecord decide` on hostile JSON (issue 16, failure 6): deeply nested arrays, a number of
thousands of digits, NaN, a file of megabytes: exit 2 with one line naming the problem, never a
traceback (json.loads itself raises RecursionError or ValueError before parse_scenario)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from onrecord.commands import main
from tests.policy.builders import scenario

ROOT = Path(__file__).resolve().parents[2]


def _scenario_with(value: str) -> str:
    text = json.dumps(scenario())
    return text[:-1] + ', "extra": ' + value + "}"


CASES = [
    ("[" * 100_000 + "]" * 100_000, "nests arrays or objects too deeply"),
    (_scenario_with("9" * 5000), "a number of 5000 digits"),
    (_scenario_with("-" + "9" * 40), "a number of 40 digits"),
    (_scenario_with("NaN"), "NaN is not a JSON number"),
    (_scenario_with('"' + "x" * (1024 * 1024) + '"'), "larger than 1024 KiB"),
]
IDS = ["deep", "huge-int", "negative-long-int", "nan", "huge-file"]


@pytest.mark.parametrize(("text", "says"), CASES, ids=IDS)
def test_hostile_json_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, says: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    code = main(["decide", "--policy", "hackney", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"onrecord: {path}: ")
    assert says in err


def test_hostile_json_on_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = io.TextIOWrapper(io.BytesIO(("[" * 50_000).encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    code = main(["decide", "--policy", "hackney", "-"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("onrecord: standard input: ")


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "onrecord", "decide", "--policy", "hackney", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0
