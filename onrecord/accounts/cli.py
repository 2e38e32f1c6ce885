"""`onrecord two-step-reset`: an administrator removes a person's two-step devices (a lost
phone, no recovery codes left), so they set it up again at their next sign-in. Audited.

    onrecord two-step-reset USERNAME --by ADMIN_USERNAME --reason "Lost phone, checked by call"
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "two-step-reset",
        help="remove a person's two-step devices so they set it up again (administrators)",
    )
    parser.add_argument("username", help="whose two-step verification to reset")
    parser.add_argument(
        "--by", required=True, metavar="USERNAME", help="your administrator account"
    )
    parser.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.accounts import devices
    from onrecord.accounts.models import User
    from onrecord.accounts.roles import Role
    from onrecord.audit.context import Actor, acting_as

    admin = User.objects.filter(username=args.by, is_active=True).first()
    if admin is None or admin.role != Role.ADMIN:
        print(f"{args.by!r} is not an active administrator account.", file=sys.stderr)
        return 1
    person = User.objects.filter(username=args.username).first()
    if person is None:
        print(f"There is no account {args.username!r}.", file=sys.stderr)
        return 1
    try:
        os_user = getpass.getuser()
    except OSError:
        os_user = str(os.getuid())
    with acting_as(Actor(admin.pk, admin.username, admin.role, f"cli:{os_user}"[:45])):
        try:
            removed = devices.reset(person, by=admin, reason=args.reason)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(
        f"Two-step verification reset for {person.username} ({removed} device(s) removed). "
        "They will set it up again when they next sign in."
    )
    return 0
