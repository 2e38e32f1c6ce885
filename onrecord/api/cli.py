"""`onrecord api-client`: API clients and their tokens, audited under `--by` (an administrator).

    onrecord api-client add NAME --authority SLUG --system mosaic --scope cases:write ... --by admin
    onrecord api-client token NAME [--expires-in-days 365] --by admin      # a new token, shown once
    onrecord api-client revoke TOKEN_PREFIX --by admin
    onrecord api-client list --by admin

Rotation: make a new token, move the case system onto it, then revoke the old one (both work
in between). A token is printed once and stored only as a hash.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("api-client", help="API clients for case systems, and their tokens")
    parser.add_argument("--by", required=True, metavar="USERNAME", help="administrator (audited)")
    actions = parser.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a new API client for one authority")
    add.add_argument("name")
    add.add_argument("--authority", required=True, metavar="SLUG")
    add.add_argument("--system", required=True, help="the case system, e.g. mosaic")
    add.add_argument("--scope", action="append", default=[], help="repeat for each scope")
    token = actions.add_parser("token", help="issue a new token (printed once)")
    token.add_argument("name")
    token.add_argument("--expires-in-days", type=int, default=365, metavar="DAYS")
    revoke = actions.add_parser("revoke", help="revoke a token by its prefix")
    revoke.add_argument("prefix")
    actions.add_parser("list", help="clients and their tokens (never the tokens themselves)")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from django.core.exceptions import ValidationError
    from django.db import transaction
    from django.utils import timezone

    from onrecord.api.models import TOKEN_PREFIX, ApiClient, ApiToken
    from onrecord.audit.context import acting_as
    from onrecord.cases.admin_walls import manageable_authorities
    from onrecord.cases.models import Authority
    from onrecord.vault.command_support import active_user, cli_actor

    admin = active_user(args.by)
    if admin is None or not admin.is_superuser:
        return _fail(f"{args.by!r} is not an active administrator: only they manage API clients.")
    # Only an administrator of the client's authority (cases/admin_walls.py), as in the admin site.
    theirs = manageable_authorities(admin)
    with acting_as(cli_actor(admin)), transaction.atomic():
        if args.action == "add":
            authority = Authority.objects.filter(slug=args.authority).first()
            if authority is None:
                return _fail(f"No authority {args.authority!r}.")
            if not theirs.filter(pk=authority.pk).exists():
                return _fail(f"{args.by!r} is not an administrator of {authority.name}.")
            client = ApiClient(
                authority=authority, name=args.name, system=args.system, scopes=args.scope
            )
            try:
                client.full_clean()
            except ValidationError as exc:
                return _fail("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
            client.save()
            print(f"API client {client.name} for {authority.name}: {', '.join(client.scopes)}")
            return 0
        if args.action == "token":
            found = ApiClient.objects.filter(name=args.name, authority__in=theirs).first()
            if found is None:
                return _fail(f"No API client {args.name!r}.")
            if not 1 <= args.expires_in_days <= 3650:
                return _fail("--expires-in-days must be between 1 and 3650.")
            expires = timezone.now() + dt.timedelta(days=args.expires_in_days)
            row, secret = ApiToken.issue(found, expires_at=expires)
            print(f"Token {TOKEN_PREFIX}{row.prefix}… expires {expires:%Y-%m-%d}. Shown once:")
            print(secret)
            return 0
        if args.action == "revoke":
            prefix = args.prefix.removeprefix(TOKEN_PREFIX).split("_")[0]
            held = ApiToken.objects.filter(prefix=prefix, client__authority__in=theirs).first()
            if held is None:
                return _fail(f"No token {args.prefix!r}.")
            if held.revoked_at is None:
                held.revoked_at = timezone.now()
                held.save(update_fields=["revoked_at"])
            print(f"Token {TOKEN_PREFIX}{held.prefix}… of {held.client.name} is revoked.")
            return 0
        for client in ApiClient.objects.filter(authority__in=theirs).select_related("authority"):
            print(f"{client.name} ({client.authority.slug}, {client.system}): {client.scopes}")
            for t in client.tokens.all():
                state = "revoked" if t.revoked_at else "usable" if t.usable() else "expired"
                print(f"  {TOKEN_PREFIX}{t.prefix}…  {state}  expires {t.expires_at or 'never'}")
    return 0
