"""OpenID Connect Back-Channel Logout 1.0 (issue 13: "sign-out that ends the IdP session where
it supports it"; the same the other way round): a staff member who signs out at the council's
identity provider, not here, is signed out here at once. The provider (the real oidc-provider,
tests/oidc/provider.mjs) POSTs its logout token to the address OnRecord gave it; the test hands
that token, as sent, to OnRecord's endpoint (the test client has no address the provider could
reach). Tokens that fail a check (a wrong signature, another audience, a nonce, sent again) are
refused with 400 and end nothing."""

from __future__ import annotations

import time
import uuid
from typing import Any
from urllib.parse import parse_qs

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.sessions.models import Session
from django.test import Client

from onrecord.accounts.models import SsoLogoutToken, SsoSession, User
from onrecord.audit.models import AuditEvent
from tests.support.oidc import CLIENT_ID, Browser, OidcProvider

pytestmark = pytest.mark.django_db

ENDPOINT = "/accounts/sign-in/sso/back-channel-logout/"
EVENT: dict[str, Any] = {"http://schemas.openid.net/event/backchannel-logout": {}}


def _post(token: str) -> Any:
    """The provider's server calling: no cookies, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(ENDPOINT, {"logout_token": token})


def _signed_in(sso: OidcProvider, subject: str = "alice-0001") -> tuple[Browser, SsoSession]:
    browser = Browser()
    browser.sign_in(subject)
    assert browser.client.get("/").status_code == 200
    session = SsoSession.objects.get(session_key=browser.client.session.session_key)
    return browser, session


def _claims(sso: OidcProvider, session: SsoSession, **changes: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "iss": sso.issuer,
        "aud": CLIENT_ID,
        "iat": int(time.time()),
        "exp": int(time.time()) + 120,
        "jti": uuid.uuid4().hex,
        "sub": "alice-0001",
        "sid": session.sid,
        "events": EVENT,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def test_signing_out_at_the_provider_signs_the_staff_member_out_here(sso: OidcProvider) -> None:
    browser, session = _signed_in(sso)
    assert session.sid  # the provider's session id, kept with this session at sign-in
    other_browser, _ = _signed_in(sso, "bob-0002")
    assert sso.catcher is not None

    browser.sign_out_at_provider(sso.issuer)
    sent = parse_qs(sso.catcher.take())
    (token,) = sent["logout_token"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sid"] == session.sid
    assert "nonce" not in claims

    answer = _post(token)

    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    following = browser.client.get("/")
    assert following.status_code == 302
    assert following["Location"].startswith("/accounts/sign-in/")
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert not SsoSession.objects.filter(pk=session.pk).exists()
    # Someone else's session, from another session at the provider, carries on.
    assert other_browser.client.get("/").status_code == 200
    alice = User.objects.get(sso_identity__subject="alice-0001")
    event = AuditEvent.objects.get(action="sso_back_channel_logout")
    assert event.object_id == str(alice.pk)
    assert event.detail["sessions_ended"] == 1
    assert event.detail["by"] == "sid and sub"


def test_a_logout_token_naming_only_the_person_ends_all_their_sessions(sso: OidcProvider) -> None:
    first, session = _signed_in(sso)
    second, _ = _signed_in(sso)
    token = sso.sign(_claims(sso, session, sid=None))
    assert _post(token).status_code == 200
    assert first.client.get("/").status_code == 302
    assert second.client.get("/").status_code == 302
    assert AuditEvent.objects.get(action="sso_back_channel_logout").detail["sessions_ended"] == 2


def _rogue_token(claims: dict[str, Any]) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(
        claims, key, algorithm="RS256", headers={"kid": "onrecord-test-key", "typ": "logout+jwt"}
    )


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        ("rogue", "bad_signature"),
        ("audience", "wrong_audience"),
        ("issuer", "wrong_issuer"),
        ("nonce", "nonce_present"),
        ("no_event", "missing_events"),
        ("other_event", "not_a_logout_event"),
        ("neither", "no_sid_or_sub"),
        ("expired", "expired_token"),
        ("no_jti", "missing_jti"),
        ("unsigned", "wrong_algorithm"),
        ("garbage", "malformed_token"),
        ("empty", "missing_logout_token"),
    ],
)
def test_bad_logout_tokens_are_refused_and_end_nothing(
    sso: OidcProvider, make: str, reason: str
) -> None:
    browser, session = _signed_in(sso)
    every: dict[str, dict[str, Any]] = {
        "audience": {"aud": "another-service"},
        "issuer": {"iss": "https://attacker.example"},
        "nonce": {"nonce": "n-0S6_WzA2Mj"},
        "no_event": {"events": None},
        "other_event": {"events": {"https://example.com/another-event": {}}},
        "neither": {"sid": None, "sub": None},
        "expired": {"iat": int(time.time()) - 3600, "exp": int(time.time()) - 3000},
        "no_jti": {"jti": None},
    }
    changes = every.get(make, {})
    claims = _claims(sso, session, **changes)
    if make == "rogue":
        token = _rogue_token(claims)
    elif make == "unsigned":
        token = jwt.encode(claims, "", algorithm="none")
    elif make == "garbage":
        token = "not.a.token"
    elif make == "empty":
        token = ""
    else:
        token = sso.sign(claims)

    answer = _post(token)

    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_request", "error_description": reason}
    assert browser.client.get("/").status_code == 200
    assert SsoSession.objects.filter(pk=session.pk).exists()
    assert not SsoLogoutToken.objects.exists()
    refusal = AuditEvent.objects.get(action="sso_back_channel_logout_refused")
    assert refusal.detail["reason"] == reason
    assert not AuditEvent.objects.filter(action="sso_back_channel_logout").exists()


def test_a_logout_token_sent_again_is_refused(sso: OidcProvider) -> None:
    _, session = _signed_in(sso)
    token = sso.sign(_claims(sso, session))
    assert _post(token).status_code == 200
    again_browser, again = _signed_in(sso)  # signs in again at once, same provider session

    replayed = _post(token)

    assert replayed.status_code == 400
    assert replayed.json()["error_description"] == "replayed"
    assert again_browser.client.get("/").status_code == 200
    assert SsoSession.objects.filter(pk=again.pk).exists()


def test_signing_out_here_forgets_the_providers_session_id(sso: OidcProvider) -> None:
    browser, session = _signed_in(sso)
    assert browser.client.post("/accounts/sign-out/").status_code == 302
    assert not SsoSession.objects.filter(pk=session.pk).exists()


def test_only_post_and_only_with_single_sign_on_on(sso: OidcProvider, settings: Any) -> None:
    assert Client().get(ENDPOINT).status_code == 405
    settings.ONRECORD_OIDC = None
    assert _post("x.y.z").status_code == 404
