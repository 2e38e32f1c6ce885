"""`onrecord decide` and `onrecord policies` (with the policy owner's `--diff` and
`--interpretations`): the engine from the command line, without Django.

Bad input (a missing or malformed scenario, an unknown policy, an invalid profile) exits 2 with
one line naming the file and the field; it never ends in a traceback. The scenario file is
outside input: more than `SCENARIO_MAX_BYTES`, JSON nested deeper than Python's parser goes, a
number of more than `MAX_INT_DIGITS` digits, NaN or Infinity are each refused with one line
before `parse_scenario` sees anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from onrecord.policy.diff import diff_profiles
from onrecord.policy.engine import decide
from onrecord.policy.interpretation_list import interpretations_text
from onrecord.policy.meeting_rules import TRIGGERS
from onrecord.policy.profiles import (
    Profile,
    ProfileError,
    all_profiles,
    load_file,
    load_profile,
)
from onrecord.policy.scenario import ScenarioError, parse_scenario

BAD_INPUT = 2
# A scenario is a few kilobytes; a case with many children and views is tens.
SCENARIO_MAX_BYTES = 1024 * 1024
MAX_INT_DIGITS = 30


def register(sub: Any) -> None:
    decide_cmd = sub.add_parser(
        "decide",
        help="decide a request to record under a policy profile (see docs/POLICY.md)",
        description="Reads a scenario (docs/schemas/scenario.schema.json) and prints the decision.",
    )
    decide_cmd.add_argument("scenario", help="the scenario JSON file, or - to read standard input")
    decide_cmd.add_argument("--policy", required=True, help="profile name, e.g. hackney")
    decide_cmd.add_argument(
        "--on",
        type=_date,
        default=None,
        help="use the profile version in force on this date (YYYY-MM-DD; default today)",
    )
    decide_cmd.add_argument(
        "--format", choices=("json", "text"), default="json", help="json (default) or text"
    )
    decide_cmd.set_defaults(func=_cmd_decide)

    policies = sub.add_parser("policies", help="list the policy profiles and their versions")
    policies.add_argument(
        "--check", metavar="FILE", type=Path, help="validate one profile file and say what is wrong"
    )
    owner = policies.add_mutually_exclusive_group()
    owner.add_argument(
        "--diff",
        nargs=2,
        metavar=("A", "B"),
        help="what changed from profile A to profile B (each a profile file or name/version); "
        "exits 0 when they agree, 1 when they differ",
    )
    owner.add_argument(
        "--interpretations",
        metavar="NAME",
        help="list a profile's interpretations for the policy owner to review (a name, for the "
        "version in force today, or name/version, or a profile file)",
    )
    policies.set_defaults(func=_cmd_policies)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _fail(message: str) -> int:
    print(f"onrecord: {message}", file=sys.stderr)
    return BAD_INPUT


def _read_scenario(source: str) -> Any:
    name = "standard input" if source == "-" else source
    try:
        if source == "-":
            binary = getattr(sys.stdin, "buffer", None)  # a replaced stdin may be text only
            raw = (
                binary.read(SCENARIO_MAX_BYTES + 1)
                if binary is not None
                else sys.stdin.read(SCENARIO_MAX_BYTES + 1).encode("utf-8")
            )
        else:
            with Path(source).open("rb") as file:
                raw = file.read(SCENARIO_MAX_BYTES + 1)
        text = raw.decode("utf-8")
    except OSError as exc:
        raise ScenarioError("", f"{name}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ScenarioError("", f"{name}: is not UTF-8 text") from None
    if len(raw) > SCENARIO_MAX_BYTES:
        raise ScenarioError(
            "",
            f"{name}: is larger than {SCENARIO_MAX_BYTES // 1024} KiB; a scenario is far smaller",
        )
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            "", f"{name}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except _NotJson as exc:
        raise ScenarioError("", f"{name}: is not valid JSON ({exc})") from None
    except RecursionError:
        raise ScenarioError("", f"{name}: nests arrays or objects too deeply to read") from None


class _NotJson(ValueError):
    pass


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _NotJson(
            f"a number of {len(digits.lstrip('-'))} digits; at most {MAX_INT_DIGITS} are read"
        )
    return int(digits)


def _no_constant(name: str) -> object:
    raise _NotJson(f"{name} is not a JSON number")


def _cmd_decide(args: argparse.Namespace) -> int:
    try:
        profile = load_profile(args.policy, on=args.on)
        scenario = parse_scenario(_read_scenario(args.scenario))
    except (ProfileError, ScenarioError) as exc:
        return _fail(str(exc))
    decision = decide(profile, scenario)
    if args.format == "text":
        print(decision.to_text(), end="")
    else:
        print(json.dumps(decision.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _room_summary(p: Profile) -> str:
    """The profile's `meeting` section in a line: each situation's rule, and where silent."""
    room = p.room
    said = ", ".join(
        f"{situation.replace('_', ' ')}: {room.on(situation).rule.replace('_', ' ')}"
        for situation in TRIGGERS
    )
    return (
        f"in the meeting: {said}; start script {len(room.start_script)} lines, "
        f"end script {len(room.end_script)} lines"
    )


def resolve(ref: str) -> Profile:
    """A profile file (a path to a .yaml file), `name/version`, or a name (in force today)."""
    path = Path(ref)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return load_file(path)
    if "/" in ref:
        name, _, version = ref.partition("/")
        versions = [p for p in all_profiles() if p.name == name]
        if not versions:
            known = ", ".join(sorted({p.name for p in all_profiles()}))
            raise ProfileError(f"{ref}: unknown policy {name!r}; the policies are: {known}")
        for p in versions:
            if p.version == version:
                return p
        have = ", ".join(sorted(p.version for p in versions))
        raise ProfileError(f"{ref}: policy {name!r} has no version {version!r} (it has: {have})")
    return load_profile(ref)


DIFFERENT = 1


def _cmd_policies(args: argparse.Namespace) -> int:
    try:
        if args.diff is not None:
            old, new = resolve(args.diff[0]), resolve(args.diff[1])
            found = diff_profiles(old, new)
            print(f"From {old.name} {old.version} (in force from {old.effective_from}, {old.path})")
            print(f"to   {new.name} {new.version} (in force from {new.effective_from}, {new.path})")
            if found.identical:
                print("No differences.")
                return 0
            print(found.to_text(), end="")
            return DIFFERENT
        if args.interpretations is not None:
            print(interpretations_text(resolve(args.interpretations)), end="")
            return 0
        if args.check is not None:
            p = load_file(args.check)
            print(
                f"{p.path}: valid ({p.name} {p.version}, {len(p.rules) + len(p.item_rules)} rules)"
            )
            print(_room_summary(p))
            return 0
        profiles = all_profiles()
    except ProfileError as exc:
        return _fail(str(exc))
    print(f"{'policy':<16}{'version':<10}{'in force from':<15}authority")
    for p in sorted(profiles, key=lambda p: (p.name, p.effective_from)):
        print(f"{p.name:<16}{p.version:<10}{p.effective_from.isoformat():<15}{p.authority}")
    return 0
