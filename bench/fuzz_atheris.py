"""Coverage-guided fuzzing (atheris, libFuzzer) of the pure parsers that take outside input:
HTTP Range, the recorder's start body, and scenario JSON as `onrecord decide` reads it. Not run
in CI (the hypothesis properties are: tests/support/fuzzing.py); a longer hunt, by hand.

atheris is not a dependency: install its wheel beside the project, not into the virtualenv,

    .venv/bin/pip download --no-deps --only-binary=:all: atheris==3.0.0 -d /tmp/atheris
    .venv/bin/pip install --no-deps --target /tmp/atheris-lib /tmp/atheris/atheris-*.whl
    PYTHONPATH=/tmp/atheris-lib:$PWD .venv/bin/python bench/fuzz_atheris.py range -max_total_time=60

with a target of `range`, `start` or `scenario`, and any libFuzzer flag after it
(-max_total_time=SECONDS, -runs=N, a corpus directory). A crash is any exception other than the
parser's own refusal; libFuzzer saves the input as crash-<sha1>, which becomes a regression test
beside the target's hypothesis property (tests/vault/test_range_fuzz.py,
tests/vault/live/test_live_fuzz.py, tests/policy/test_scenario_fuzz.py).
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris  # type: ignore[import-not-found]

from onrecord.policy import ScenarioError, parse_scenario
from onrecord.policy.cli import _read_scenario
from onrecord.vault.live import protocol
from onrecord.vault.ranges import RangeNotSatisfiable, parse_range

atheris.instrument_func(parse_range)
atheris.instrument_func(protocol.start_mime_type)
atheris.instrument_func(protocol.json_depth_exceeds)
atheris.instrument_func(_read_scenario)
atheris.instrument_func(parse_scenario)


def fuzz_range(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    size = provider.ConsumeIntInRange(0, 2**42)
    header = provider.ConsumeUnicodeNoSurrogates(provider.remaining_bytes())
    try:
        wanted = parse_range(header, size)
    except RangeNotSatisfiable:
        return
    if wanted is not None and not 0 <= wanted.start <= wanted.end < size:
        raise AssertionError(f"{header!r} on {size} bytes gave {wanted}")


def fuzz_start(data: bytes) -> None:
    try:
        protocol.start_mime_type(data)
    except protocol.StartRefused:
        return


_SCRATCH = Path(tempfile.mkdtemp(prefix="onrecord-fuzz-")) / "scenario.json"


def fuzz_scenario(data: bytes) -> None:
    _SCRATCH.write_bytes(data)
    try:
        parse_scenario(_read_scenario(str(_SCRATCH)))
    except ScenarioError:
        return


TARGETS: dict[str, Callable[[bytes], None]] = {
    "range": fuzz_range,
    "start": fuzz_start,
    "scenario": fuzz_scenario,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz_atheris.py {{{','.join(TARGETS)}}} [libFuzzer flags]")
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
