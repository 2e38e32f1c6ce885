"""`onrecord webhooks rewrap-secrets`: after a new vault key-encryption key is added, seal every
subscriber's signing secret under it (as `onrecord vault rewrap` does for recordings), so the
old key can be retired. The secrets themselves do not change: receivers need do nothing."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("webhooks", help="webhook subscribers' sealed secrets")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser(
        "rewrap-secrets", help="seal every subscriber's secret under the active vault key"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from django.conf import settings

    from onrecord.vault.keys import load_keyring
    from onrecord.webhooks.services import rewrap_secrets

    count = rewrap_secrets(load_keyring(settings.DATA_DIR))
    print(f"{count} subscriber secret{'s' if count != 1 else ''} sealed under the active key.")
    return 0
