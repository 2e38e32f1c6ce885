"""Text an audit entry can always store.

An entry records what came from outside (a field name an API client sent, a path): PostgreSQL
refuses NUL in text and JSON, and a lone surrogate cannot be encoded as UTF-8 at all, so one
such character would turn a refusal into a 500 and lose the entry. Each is written as U+FFFD,
the replacement character, before the entry is hashed and stored.
"""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable_text(text: str) -> str:
    return _UNSTORABLE.sub(REPLACEMENT, text)


def storable(value: Any) -> Any:
    """The same JSON value with every string (keys too) made storable."""
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value
