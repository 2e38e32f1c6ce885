"""`onrecord manage ...`: any Django management command, with OnRecord's settings."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=manage_command)


def manage_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["onrecord manage", *args.rest])
    return 0
