"""`onrecord send-reminders`: remind people whose view on a request is still missing 24 hours
before the meeting (the worker also runs this every hour)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    reminders = sub.add_parser(
        "send-reminders",
        help="remind people whose view on a request is missing 24 hours before the meeting",
    )
    reminders.set_defaults(func=send_reminders_command)


def send_reminders_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.recording_requests.services import send_reminders

    with acting_as(Actor(None, "onrecord send-reminders", "")):
        sent = send_reminders()
    print(f"{sent} reminder{'s' if sent != 1 else ''} sent")
    return 0
