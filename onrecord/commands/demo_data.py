"""`onrecord demo-data`: load the fictional demo authority and case, or issue new passwords.

On a data directory not yet set up (a fresh SQLite file, an empty PostgreSQL database) it
migrates first, saying so, as `onrecord serve` does, rather than failing with "no such table".
"""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    demo = sub.add_parser("demo-data", help="load the fictional demo authority and case")
    demo.add_argument(
        "--reset-passwords", action="store_true", help="issue new demo passwords and print them"
    )
    demo.set_defaults(func=demo_data_command)


def demo_data_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    _migrate_if_not_set_up()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.demo import load_demo, reset_demo_passwords

    with acting_as(Actor(None, "onrecord demo-data", "")):
        if args.reset_passwords:
            passwords = reset_demo_passwords()
            if not passwords:
                print("There are no demo accounts to reset. Run: onrecord demo-data")
                return 1
            _print_passwords(passwords)
            return 0
        result = load_demo()
    if result.created:
        print(f"Demo data loaded: case {result.case}.")
        _print_passwords(result.passwords)
    else:
        print("Demo data is already loaded (passwords were shown when it was created).")
        print("To issue new demo passwords: onrecord demo-data --reset-passwords")
    return 0


def _migrate_if_not_set_up() -> None:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Setting up the database first (onrecord manage migrate)...", flush=True)
        call_command("migrate", interactive=False, verbosity=0)


def _print_passwords(passwords: dict[str, str]) -> None:
    from onrecord.demo import DEMO_USERS

    roles = {username: role.label for username, _, _, role in DEMO_USERS}
    print("\nDemo accounts (shown once; stored only as hashes):")
    for username, password in passwords.items():
        print(f"  {roles.get(username, ''):<40} {username:<16} {password}")
    print("Lost them? Run: onrecord demo-data --reset-passwords\n")
