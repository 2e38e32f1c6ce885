"""OpenID Connect Back-Channel Logout 1.0: the identity provider ends a staff member's sessions
here directly, server to server, when their session at the provider ends (they signed out of
another service, or the council's IT ended it). docs/DEPLOYMENT.md, "Single sign-on".

At each sign-in through the provider the session here is remembered with the provider's
session id, the ID token's `sid` (`SsoSession`, `remember_session`). The provider then POSTs a
`logout_token` to `/accounts/sign-in/sso/back-channel-logout/`; `log_out` checks it as §2.6
asks (signature against the provider's published keys, algorithm, `iss`, `aud`, `iat`, not
expired, the back-channel `events` member, `sid` and/or `sub`, no `nonce`, a `jti` never seen
before) and deletes every session it names from the session store there and then: the person's
next request here is signed out. Each logout, and each refusal with its reason, is audited.
"""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module
from typing import Any

import jwt
import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from onrecord.accounts.models import SsoIdentity, SsoLogoutToken, SsoSession, User
from onrecord.accounts.sso import CLOCK_LEEWAY_SECONDS, SsoBackend, decode_signed, sso_config
from onrecord.accounts.sso_discovery import ProviderUnavailable
from onrecord.accounts.sso_provisioning import SsoRefused
from onrecord.audit import services as audit

BACK_CHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
# A logout token older than this is refused (its jti need be remembered no longer).
MAX_AGE_SECONDS = 10 * 60


class LogoutRefused(Exception):
    """The logout token is not accepted; `reason` says why (for the audit trail)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def remember_session(request: HttpRequest, user: User, sid: str | None) -> None:
    """After a sign-in (or re-check) through the provider: this session came from `sid`."""
    config = sso_config()
    key = request.session.session_key
    if config is None or key is None:
        return
    SsoSession.objects.update_or_create(
        session_key=key,
        defaults={"user": user, "issuer": config["issuer"], "sid": (sid or "")[:255]},
    )


def forget_session(request: HttpRequest) -> None:
    """At sign-out here: this session is over, so the provider has nothing left to end."""
    key = request.session.session_key
    if key is not None:
        SsoSession.objects.filter(session_key=key).delete()


def check_logout_token(token: str) -> dict[str, Any]:
    """The logout token's claims, checked as Back-Channel Logout 1.0 §2.6 asks, or
    LogoutRefused."""
    config = sso_config()
    if config is None:
        raise LogoutRefused("sso_not_configured")
    algorithm = config["signing_algorithm"]
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise LogoutRefused("malformed_token") from exc
    if header.get("alg") != algorithm:
        raise LogoutRefused("wrong_algorithm")
    try:
        key = SsoBackend().retrieve_matching_jwk(token)
    except SsoRefused as exc:
        raise LogoutRefused(exc.reason) from exc
    except (requests.RequestException, ProviderUnavailable) as exc:
        raise LogoutRefused("provider_unreachable") from exc
    try:
        claims = decode_signed(
            token, key, config, required=["iss", "aud", "iat", "jti", "events"], kind="token"
        )
    except SsoRefused as exc:
        claim = exc.detail.get("claim")
        raise LogoutRefused(f"missing_{claim}" if claim else exc.reason) from exc
    if time.time() - float(claims["iat"]) > MAX_AGE_SECONDS + CLOCK_LEEWAY_SECONDS:
        raise LogoutRefused("too_old")
    events = claims["events"]
    if not isinstance(events, dict) or not isinstance(events.get(BACK_CHANNEL_EVENT), dict):
        raise LogoutRefused("not_a_logout_event")
    if "nonce" in claims:
        # §2.4: a logout token never has one, so an ID token cannot be passed off as one.
        raise LogoutRefused("nonce_present")
    sid, sub = claims.get("sid"), claims.get("sub")
    if not sid and not sub:
        raise LogoutRefused("no_sid_or_sub")
    if (sid is not None and not isinstance(sid, str)) or (
        sub is not None and not isinstance(sub, str)
    ):
        raise LogoutRefused("invalid_token")
    if not isinstance(claims["jti"], str) or not claims["jti"]:
        raise LogoutRefused("missing_jti")
    return claims


def _end_sessions(keys: list[str]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for key in keys:
        store.delete(key)


def forget_old_logout_tokens() -> int:
    """Remove the logout tokens kept against replay that are past any age this service accepts
    (a replay of one is refused as too old whatever its jti); how many. Run at each logout and
    by the daily session clearing (sessions_cleanup.py), so none outlive a quiet spell."""
    forget_before = timezone.now() - dt.timedelta(
        seconds=2 * (MAX_AGE_SECONDS + CLOCK_LEEWAY_SECONDS)
    )
    removed: int = SsoLogoutToken.objects.filter(received_at__lt=forget_before).delete()[0]
    return removed


@transaction.atomic
def log_out(token: str) -> int:
    """Accept the logout token and end the sessions it names; how many. LogoutRefused, with
    nothing changed, for a token that fails any check or was seen before."""
    claims = check_logout_token(token)
    issuer = claims["iss"]
    forget_old_logout_tokens()
    try:
        with transaction.atomic():
            SsoLogoutToken.objects.create(issuer=issuer, jti=claims["jti"][:255])
    except IntegrityError as exc:
        raise LogoutRefused("replayed") from exc
    sid, sub = claims.get("sid"), claims.get("sub")
    sessions = SsoSession.objects.filter(issuer=issuer)
    if sid:
        sessions = sessions.filter(sid=sid)
    user = None
    if sub:
        identity = SsoIdentity.objects.filter(issuer=issuer, subject=sub).first()
        user = identity.user if identity is not None else None
        sessions = sessions.filter(user=user) if user is not None else sessions.none()
    found = list(sessions.select_related("user"))
    if user is None and found:
        user = found[0].user
    keys = [session.session_key for session in found]
    _end_sessions(keys)
    SsoSession.objects.filter(session_key__in=keys).delete()
    audit.record(
        "sso_back_channel_logout",
        user,
        object_type="" if user is not None else "accounts.user",
        detail={
            "issuer": issuer,
            "by": "sid and sub" if sid and sub else "sid" if sid else "sub",
            "sessions_ended": len(keys),
        },
    )
    return len(keys)


def refused(reason: str) -> None:
    """Audit a refused logout token (in its own transaction: nothing else was changed)."""
    config = sso_config() or {}
    audit.record(
        "sso_back_channel_logout_refused",
        object_type="accounts.user",
        detail={"reason": reason, "issuer": config.get("issuer", "")},
    )
