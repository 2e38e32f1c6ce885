"""`onrecord verify-audit`: recompute the audit trail's hash chain and check it against the
signed checkpoints kept outside the database; exit 1 if it is broken, cut short or rewritten.
`onrecord audit-checkpoint`: sign and store a checkpoint now (the worker does it hourly)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

NOT_SET_UP = 2


def register(sub: Any) -> None:
    verify = sub.add_parser(
        "verify-audit",
        help="check the audit trail: its hash chain and its signed checkpoints; exit 1 if broken",
    )
    verify.set_defaults(func=verify_audit_command)
    checkpoint = sub.add_parser(
        "audit-checkpoint",
        help="sign the audit trail's current head and store it outside the database",
    )
    checkpoint.set_defaults(func=checkpoint_command)


def _database_ready() -> bool:
    """Whether the database has the audit trail's table; if not, say what to run."""
    from django.conf import settings
    from django.db import DatabaseError, connection

    try:
        ready = "audit_auditevent" in connection.introspection.table_names()
    except DatabaseError as exc:
        print(f"onrecord: cannot open the database: {exc}", file=sys.stderr)
        return False
    if not ready:
        where = settings.DATABASES["default"]["NAME"]
        print(
            f"onrecord: the database ({where}) is not set up yet, so there is no audit trail "
            "to verify.\nSet it up with `onrecord manage migrate` (or start the service with "
            "`onrecord serve`, which does it), then run `onrecord verify-audit` again.",
            file=sys.stderr,
        )
    return ready


def verify_audit_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    if not _database_ready():
        return NOT_SET_UP
    from onrecord.audit.services import verify

    report = verify()
    print(report.describe(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def checkpoint_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    if not _database_ready():
        return NOT_SET_UP
    from onrecord.audit.checkpoints import CheckpointRefused
    from onrecord.audit.services import write_checkpoint

    try:
        written = write_checkpoint()
    except CheckpointRefused as exc:
        print(f"onrecord: no checkpoint signed: {exc}", file=sys.stderr)
        return 1
    if written is None:
        print("nothing new since the latest checkpoint")
    else:
        print(f"signed and stored a {written.describe()}")
    return 0
