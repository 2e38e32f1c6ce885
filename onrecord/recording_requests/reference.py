"""Reference numbers people can read out on the phone (issue 12): "REC-" and eight characters
from an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 8/B), in two groups of four.
27 ** 8 (about 2.8 * 10 ** 11) possibilities; the database's unique constraint catches the rare
repeat and the caller draws again (services.submit_request)."""

from __future__ import annotations

import re
import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
PATTERN = re.compile(rf"REC-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"REC-{chars[:4]}-{chars[4:]}"
