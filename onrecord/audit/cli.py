"""`onrecord verify-audit`: recompute the audit trail's hash chain; exit 1 if it is broken."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    verify = sub.add_parser(
        "verify-audit", help="recompute the audit trail's hash chain; exit 1 if broken"
    )
    verify.set_defaults(func=verify_audit_command)


def verify_audit_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.services import verify

    report = verify()
    print(report.describe(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
