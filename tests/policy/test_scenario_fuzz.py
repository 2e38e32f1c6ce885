"""Fuzzing scenario JSON (hypothesis, the suite's fuzz budget in tests/support/fuzzing.py):
parse_scenario takes any JSON value, or a valid scenario with any part replaced by any JSON
value, and answers a Scenario or a ScenarioError naming a field; never anything else. The same
through `onrecord decide`: exit 0 or 2, never a traceback."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from onrecord.commands import main
from onrecord.policy import ScenarioError, parse_scenario
from onrecord.policy.scenario import Scenario
from tests.policy.builders import scenario
from tests.support.fuzzing import FUZZ

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["2020-01-01", "2020-02-30", "p-mother", "c-1", "agrees", "", "\x00"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=15), inner),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


BASE = scenario()
PATHS = _paths(BASE)


def _replace(path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    raw = copy.deepcopy(BASE)
    node = raw
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return raw


def _parse(raw: Any) -> None:
    try:
        result = parse_scenario(raw)
    except ScenarioError as exc:
        message = str(exc)
    else:
        assert isinstance(result, Scenario)
        return
    assert message
    assert len(message) < 2000  # one line a person can read, not the value echoed back


@FUZZ
@given(raw=JSON)
@example(raw={"children": [[[[[[[[]]]]]]]]})
@example(raw=[])
def test_fuzz_any_json_value_is_a_scenario_or_a_scenario_error(raw: Any) -> None:
    _parse(raw)


@FUZZ
@given(path=st.sampled_from(PATHS), value=JSON)
@example(path=("children", 0, "date_of_birth"), value="2020-02-30")
@example(path=("people", 0, "name"), value=10**60)
def test_fuzz_any_part_replaced_is_a_scenario_or_a_scenario_error(
    path: tuple[Any, ...], value: Any
) -> None:
    _parse(_replace(path, value))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "scenario.json"


@FUZZ
@given(path=st.sampled_from(PATHS), value=JSON)
def test_fuzz_decide_exits_0_or_2(
    scratch: Path, capsys: pytest.CaptureFixture[str], path: tuple[Any, ...], value: Any
) -> None:
    scratch.write_text(json.dumps(_replace(path, value)), encoding="utf-8")
    code = main(["decide", "--policy", "hackney", str(scratch)])
    _, err = capsys.readouterr()
    assert code in {0, 2}
    if code == 2:
        assert err.startswith("onrecord: ")
        assert err.count("\n") == 1
