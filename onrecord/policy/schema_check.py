"""Checking untrusted JSON-like data against one of the schemas in `schemas/`, quickly.

The schema files are the single source of truth. Each is compiled once to Python with
fastjsonschema, which checks a valid document in tens of microseconds. Only when that refuses
does jsonschema run, so that a refusal is worded as it always has been (`'maybe' is not one of
[...]`) and names the first bad field in document order, whatever order fastjsonschema met it in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema
import jsonschema

# When jsonschema cannot word a refusal itself: its messages quote the value, and Python will
# not repr an int of over 4,300 digits or a list nested deeper than the recursion limit.
_HOSTILE = (RecursionError, ValueError)


@dataclass(frozen=True, slots=True)
class Problem:
    """The first thing wrong with a document: `field` as `field_path` writes it ("" for the
    whole document) and what is wrong there."""

    field: str
    message: str


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema in `onrecord/policy/schemas/<name>`, e.g. `scenario.schema.json`."""
    text = resources.files("onrecord.policy").joinpath(f"schemas/{name}").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def field_path(path: Iterable[Any]) -> str:
    """`["children", 1, "name"]` → `children[1].name`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def inline_local_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy with each `{"$ref": "#/$defs/x"}` replaced by what it names and `$defs` dropped.

    fastjsonschema compiles a `$ref` to a call that formats the field's name on every use,
    which costs several times what the check itself does.
    """
    defs: dict[str, Any] = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(n) for n in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if ref is None:
            return {k: inline(v) for k, v in node.items() if k != "$defs"}
        if not (isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs):
            raise ValueError(f"only local #/$defs/ references can be inlined, not {ref!r}")
        rest = {k: inline(v) for k, v in node.items() if k != "$ref"}
        return {**inline(defs[ref[8:]]), **rest}

    inlined: dict[str, Any] = inline(schema)
    return inlined


class SchemaCheck:
    """One schema, compiled once; `first_problem(data)` is None when the data conforms."""

    def __init__(self, schema: dict[str, Any]) -> None:
        # use_default=False: the check must not write the schema's defaults into the caller's data.
        self._fast: Callable[[Any], Any] = fastjsonschema.compile(
            inline_local_refs(schema), use_default=False
        )
        self._full = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )

    def first_problem(self, data: Any) -> Problem | None:
        try:
            self._fast(data)
            return None
        except fastjsonschema.JsonSchemaValueException as refused:
            fast: fastjsonschema.JsonSchemaValueException | None = refused
        except RecursionError:  # its uniqueItems check recurses into nested arrays
            fast = None
        try:
            errors = sorted(
                self._full.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
            )
        except _HOSTILE:
            return _in_fast_words(fast)
        if not errors:  # the two disagree: jsonschema's verdict is the one this has always given
            return None
        first = errors[0]
        return Problem(field_path(first.absolute_path), first.message)


def _in_fast_words(refused: fastjsonschema.JsonSchemaValueException | None) -> Problem:
    if refused is None:
        return Problem("", "is nested too deeply to check")
    # fastjsonschema names the field `data.children[0].name` and starts its message with that.
    name = refused.name or "data"
    message = refused.message.removeprefix(name).strip()
    return Problem(name.removeprefix("data").removeprefix("."), message)


@cache
def schema_check(name: str) -> SchemaCheck:
    """The compiled check for `schemas/<name>`, built on first use."""
    return SchemaCheck(load_schema(name))
