"""Reason texts in plain English: lists of names and verbs that agree with them.

A profile's text names people with `{who}` and may write a verb both ways, `{objects|object}`:
the first when `{who}` is one person (or nobody: "someone objects"), the second when several.

    fill("{who} {objects|object}.", ("Frank First", "Fred Second", "Mary Mother"))
    → "Frank First, Fred Second and Mary Mother object."
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CHOICE = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")


def english_list(names: Sequence[str], nobody: str = "someone") -> str:
    """("A",) → "A"; ("A", "B") → "A and B"; ("A", "B", "C") → "A, B and C"."""
    if not names:
        return nobody
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def agree(text: str, count: int) -> str:
    """Choose each `{singular|plural}` by how many `{who}` names (none reads as one)."""
    if "|" not in text:
        return text
    return _CHOICE.sub(lambda m: m.group(2) if count > 1 else m.group(1), text)


def fill(text: str, who: Sequence[str], **values: str) -> str:
    """A rule's text with `{who}`, verb choices and the other placeholders filled in."""
    if "{" not in text:
        return text
    text = agree(text, len(who))
    if "{who}" in text:
        text = text.replace("{who}", english_list(who))
    for key, value in values.items():
        if "{" in text:
            text = text.replace("{" + key + "}", value)
    if text[:1].islower():  # "someone objects" opening a sentence
        text = text[0].upper() + text[1:]
    return text
