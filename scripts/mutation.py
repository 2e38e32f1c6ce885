"""Mutation check of the trust-critical modules, one group at a time (docs/MUTATION.md).

mutmut reads a single `[tool.mutmut]` table from the pyproject.toml in the directory it runs
in, and selects which modules to mutate and which tests to run from it. So each group
(`[tool.mutmut.groups.<name>]` in pyproject.toml) gets its own working directory under
`.mutation/<name>/`: symbolic links to the real `onrecord/`, `tests/` and `examples/`, and a
pyproject.toml whose `[tool.mutmut]` is the shared settings plus that group's modules and
tests. mutmut keeps its results there, so a second run only retests what changed.

After the runs it prints killed / survived / no tests / timeouts per module and exits 1 if a
mutant that was not killed is not in the reviewed list of docs/MUTATION.md (a table row
starting with the mutant's name in backticks), or 2 if mutmut itself failed.

    scripts/mutation.sh                    every group
    scripts/mutation.sh vault-crypto       one group (names: --list)
    scripts/mutation.sh --report           summarise the last results without running
    scripts/mutation.sh --show NAME        the diff of one mutant
"""

from __future__ import annotations

import argparse
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
REVIEWED = ROOT / "docs" / "MUTATION.md"
LINKED = ("onrecord", "tests", "examples")
# What mutmut did not see fail. "timeout" is a mutant the tests hung on (a loop that no
# longer ends), which the suite would also fail on, so it counts as caught.
CAUGHT = {"killed", "timeout", "caught by type check"}
REVIEWED_ROW = re.compile(r"^\|\s*`([^`]+__mutmut_\d+)`\s*\|")


def config() -> dict[str, Any]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    table: dict[str, Any] = data["tool"]["mutmut"]
    return table


def toml_value(value: object) -> str:
    # JSON strings, numbers, booleans and lists of them are valid TOML too.
    return json.dumps(value)


def group_pyproject(shared: dict[str, Any], group: dict[str, Any]) -> str:
    """The worktree's pyproject.toml with its [tool.mutmut] replaced by this group's."""
    kept: list[str] = []
    skipping = False
    for line in (ROOT / "pyproject.toml").read_text("utf-8").splitlines():
        if line.startswith("["):
            skipping = line.startswith("[tool.mutmut")
        if not skipping:
            kept.append(line)
    tests: list[str] = []
    for pattern in group["tests"]:
        matches = sorted(glob.glob(pattern, root_dir=ROOT))
        if not matches:
            raise SystemExit(f"mutation: no test matches {pattern!r}")
        tests.extend(matches)
    settings = {key: value for key, value in shared.items() if not isinstance(value, dict)}
    settings["only_mutate"] = group["modules"]
    settings["pytest_add_cli_args_test_selection"] = tests
    lines = ["", "[tool.mutmut]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in settings.items()]
    return "\n".join(kept + lines) + "\n"


def prepare(name: str, shared: dict[str, Any], group: dict[str, Any]) -> Path:
    where = WORK / name
    where.mkdir(parents=True, exist_ok=True)
    for linked in LINKED:
        link = where / linked
        if not link.is_symlink():
            link.symlink_to(ROOT / linked, target_is_directory=True)
    wanted = group_pyproject(shared, group)
    pyproject = where / "pyproject.toml"
    if not pyproject.exists() or pyproject.read_text("utf-8") != wanted:
        pyproject.write_text(wanted, "utf-8")
    # mutmut copies the tests once and never removes them; refresh the copy each run so a
    # deleted or renamed test does not linger.
    shutil.rmtree(where / "mutants" / "tests", ignore_errors=True)
    return where


def mutmut(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(  # noqa: S603 (our own venv's mutmut, fixed arguments)
        [str(ROOT / ".venv" / "bin" / "mutmut"), *args],
        cwd=where,
        env=env,
        capture_output=args[0] != "run",
        text=True,
        check=False,
    )


def results(where: Path) -> dict[str, str]:
    done = mutmut(where, "results", "--all", "true")
    status: dict[str, str] = {}
    for line in done.stdout.splitlines():
        mutant, sep, what = line.strip().rpartition(": ")
        if sep and "__mutmut_" in mutant:
            status[mutant] = what
    return status


def reviewed() -> set[str]:
    if not REVIEWED.exists():
        return set()
    return {
        match.group(1)
        for line in REVIEWED.read_text("utf-8").splitlines()
        if (match := REVIEWED_ROW.match(line))
    }


def module_of(mutant: str) -> str:
    return mutant.split(".x", 1)[0] if ".x" in mutant else mutant.rsplit(".", 1)[0]


def summarise(name: str, status: dict[str, str], known: set[str]) -> list[str]:
    by_module: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for mutant, what in status.items():
        by_module[module_of(mutant)][what] += 1
    print(f"\n== {name}")
    if not status:
        print("   no results (run it first)")
    for module, counts in sorted(by_module.items()):
        figures = ", ".join(
            f"{counts[what]} {what}" for what in ("killed", "survived", "no tests", "timeout")
        )
        others = {what: n for what, n in counts.items() if what not in {"killed", "survived"}}
        others.pop("no tests", None)
        others.pop("timeout", None)
        extra = "".join(f", {n} {what}" for what, n in sorted(others.items()))
        print(f"   {module}: {sum(counts.values())} mutants: {figures}{extra}")
    open_ = sorted(m for m, what in status.items() if what not in CAUGHT)
    unreviewed = [m for m in open_ if m not in known]
    for mutant in open_:
        mark = "reviewed" if mutant in known else "NOT REVIEWED"
        print(f"   {status[mutant]:>9}  {mutant}  ({mark})")
    return unreviewed


def main() -> int:
    shared = config()
    groups: dict[str, dict[str, Any]] = shared.get("groups", {})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP", help="default: every group")
    parser.add_argument("--list", action="store_true", help="the groups and their modules")
    parser.add_argument("--report", action="store_true", help="summarise, do not run")
    parser.add_argument("--show", metavar="MUTANT", help="the diff of one mutant")
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATION_JOBS", "0")))
    options = parser.parse_args()

    if options.list:
        for name, group in groups.items():
            print(f"{name}: {' '.join(group['modules'])}\n    tests: {' '.join(group['tests'])}")
        return 0
    if options.show:
        for name in groups:
            where = WORK / name
            if where.exists() and options.show in results(where):
                print(mutmut(where, "show", options.show).stdout)
                return 0
        print(f"mutation: no result for {options.show}", file=sys.stderr)
        return 1

    chosen = options.groups or list(groups)
    for name in chosen:
        if name not in groups:
            print(f"mutation: no group {name!r} (have: {', '.join(groups)})", file=sys.stderr)
            return 2
    failed_runs = []
    for name in chosen:
        where = prepare(name, shared, groups[name])
        if not options.report:
            print(f"\n== mutmut run: {name}", flush=True)
            jobs = [f"--max-children={options.jobs}"] if options.jobs else []
            before = results(where) if (where / "mutants").exists() else {}
            if mutmut(where, "run", *jobs).returncode != 0:
                failed_runs.append(name)
                continue
            # mutmut keeps a mutant's verdict until its function changes, so a survivor stays
            # "survived" after a test that kills it is added: retest the ones it did not rerun.
            stale = [m for m, what in results(where).items() if what not in CAUGHT and m in before]
            if stale:
                print(f"\n== {name}: retesting {len(stale)} earlier survivors", flush=True)
                if mutmut(where, "run", *jobs, *stale).returncode != 0:
                    failed_runs.append(name)
    known = reviewed()
    unreviewed: list[str] = []
    for name in chosen:
        unreviewed += summarise(name, results(WORK / name), known)
    if failed_runs:
        print(f"\nmutation: mutmut failed for {', '.join(failed_runs)}", file=sys.stderr)
        return 2
    if unreviewed:
        print(
            f"\nmutation: {len(unreviewed)} surviving mutant(s) with neither a test nor a "
            f"reason in {REVIEWED.relative_to(ROOT)}",
            file=sys.stderr,
        )
        return 1
    print("\nmutation: every mutant is killed or reviewed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
