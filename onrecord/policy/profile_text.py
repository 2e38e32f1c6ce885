"""A profile's YAML text as a policy owner hands it in or derives it (issue 14): checked before
it is parsed, and given a new version label or effective date without losing its comments.

Pure Python. The text is edited line by line, not loaded and dumped again, so a council's own
comments (which cite the seeds) survive; the result is parsed again by the caller.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

from onrecord.policy.profiles import ProfileError

MAX_BYTES = 256 * 1024  # the largest shipped profile is about 30 KB
_VERSION = re.compile(r"^version:[^\n]*$", re.MULTILINE)
_EFFECTIVE = re.compile(r"^effective_from:[^\n]*$", re.MULTILINE)
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def checked_bytes(raw: bytes, where: str) -> bytes:
    """`raw` if it is a reasonable profile file: not too large, UTF-8, and with no YAML anchors
    or aliases (which a profile never needs, and which can make a small file expand without
    bound when it is checked). Raises ProfileError naming what is wrong."""
    if not raw.strip():
        raise ProfileError(f"{where}: the file is empty")
    if len(raw) > MAX_BYTES:
        raise ProfileError(f"{where}: the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{where}: is not UTF-8 text (byte {exc.start})") from None
    try:
        for event in yaml.parse(raw, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ProfileError(
                    f"{where}: uses a YAML anchor or alias (& or *); write each value out"
                )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        what = getattr(exc, "problem", None) or " ".join(str(exc).split())
        raise ProfileError(f"{where}: is not valid YAML ({at}{what})") from None
    return raw


def check_label(label: str) -> str:
    """A version label: letters, digits, dots, hyphens, underscores; at most 40 characters."""
    label = label.strip()
    if not _LABEL.fullmatch(label):
        raise ProfileError(
            "version: use up to 40 letters, digits, dots, hyphens or underscores, "
            "starting with a letter or digit (for example 2026-01)"
        )
    return label


def with_version(text: str, label: str) -> str:
    """`text` with its top-level `version:` set to `label`."""
    return _replace(_VERSION, text, f'version: "{check_label(label)}"', "version")


def with_effective_from(text: str, on: dt.date) -> str:
    """`text` with its top-level `effective_from:` set to `on`."""
    return _replace(_EFFECTIVE, text, f'effective_from: "{on.isoformat()}"', "effective_from")


def _replace(pattern: re.Pattern[str], text: str, line: str, field: str) -> str:
    found = pattern.findall(text)
    if len(found) != 1:
        raise ProfileError(
            f"{field}: the profile must have exactly one top-level `{field}:` line "
            f"(found {len(found)})"
        )
    return pattern.sub(line, text, count=1)


_CODE_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?code:\s*[\"']?(?P<code>[^\"'\s#]+)")
_READING_KEYS = ("status:", "confirmed_by:", "confirmed_on:")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def with_reading_confirmed(text: str, code: str, by: str, on: dt.date) -> str:
    """`text` with the interpretation of rule `code` marked confirmed by `by` on `on`, the rest
    of the file as it was. The caller parses the result and checks the reading is confirmed."""
    lines = text.split("\n")
    found = [
        i for i, line in enumerate(lines) if (m := _CODE_LINE.match(line)) and m["code"] == code
    ]
    if len(found) != 1:
        raise ProfileError(f"{code}: no single rule with this code in the profile")
    at = found[0]
    m = _CODE_LINE.match(lines[at])
    assert m is not None
    key = len(m["indent"]) + len(m["dash"] or "")
    start = at
    if not m["dash"]:  # a mapping such as `scope:`: its keys may come before `code:`
        while start > 0 and (_blank(lines[start - 1]) or _indent(lines[start - 1]) >= key):
            start -= 1
    end = at + 1
    while end < len(lines) and (_blank(lines[end]) or _indent(lines[end]) >= key):
        if _indent(lines[end]) == key - len(m["dash"] or "") and lines[end].lstrip().startswith(
            "-"
        ):
            break
        end += 1
    heads = [
        i for i in range(start, end)
        if _indent(lines[i]) == key and lines[i].strip() == "interpretation:"
    ]  # fmt: skip
    if len(heads) != 1:
        raise ProfileError(f"{code}: the rule has no interpretation to confirm")
    head = heads[0]
    stop = head + 1
    while stop < end and (_blank(lines[stop]) or _indent(lines[stop]) > key):
        stop += 1
    body = [i for i in range(head + 1, stop) if not _blank(lines[i])]
    if not body:
        raise ProfileError(f"{code}: the rule's interpretation is empty")
    child = _indent(lines[body[0]])
    last = body[-1] + 1
    kept = [
        line
        for line in lines[head + 1 : last]
        if not (_indent(line) == child and line.strip().startswith(_READING_KEYS))
    ]
    pad = " " * child
    added = [
        f"{pad}status: confirmed",
        f"{pad}confirmed_by: {json.dumps(by)}",
        f'{pad}confirmed_on: "{on.isoformat()}"',
    ]
    return "\n".join([*lines[: head + 1], *kept, *added, *lines[last:]])
