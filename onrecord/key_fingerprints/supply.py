"""Before anything starts on a shared database: is every key supplied, or would this node have
to generate one? Pure Python (no Django). A key is supplied by its variable, its `_FILE`, the
ONRECORD_SECRETS_DIR store (onrecord/secret_sources.py), or a key file already in the data
directory; a node pointed at PostgreSQL never generates one (issue 15)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from onrecord.authority_key import ENV_SIGNING_KEY, SIGNING_KEY_FILE, default_data_dir
from onrecord.secret_sources import KeyConfigError, configured_secret
from onrecord.vault.keys import ENV_KEYS, KEY_FILE_NAME

# (variable, the file in the data directory that the embedded default would generate)
KEYS = (
    ("ONRECORD_SECRET_KEY", "secret_key"),
    (ENV_KEYS, KEY_FILE_NAME),
    (ENV_SIGNING_KEY, SIGNING_KEY_FILE),
)


def unsupplied(environ: Mapping[str, str], data_dir: Path) -> list[str]:
    """A sentence for each key this node would have to generate; empty when all are supplied."""
    missing = []
    for variable, file_name in KEYS:
        if configured_secret(variable, environ) is None and not (data_dir / file_name).exists():
            missing.append(
                f"{variable} is not supplied (no {variable}, {variable}_FILE, nor "
                f"{data_dir / file_name}) and a node on a shared database does not generate "
                "keys: give it the installation's key from the secret store"
            )
    return missing


def refusal_before_django(environ: Mapping[str, str] | None = None) -> list[str]:
    """On a shared database (DATABASE_URL set), the keys this node would have to generate.
    Runs before Django's settings, which would make the secret key."""
    env = os.environ if environ is None else environ
    if not env.get("DATABASE_URL", "").strip():
        return []
    try:
        return unsupplied(env, default_data_dir(env))
    except KeyConfigError as exc:
        return [str(exc)]


HEADING = "onrecord: this node will not start: its keys do not agree with the installation's."


def refusal_text(problems: list[str]) -> str:
    lines = [HEADING, *(f"  - {problem}" for problem in problems)]
    lines.append('  See docs/DEPLOYMENT.md, "Keys", for how to supply and rotate them.')
    return "\n".join(lines)
