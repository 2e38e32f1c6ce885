"""Signing out of a session that came through the provider ends the provider's session too
(RP-Initiated Logout: its end_session_endpoint, with the ID token as hint), and comes back to
OnRecord's sign-in page; a password session signs out here only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from onrecord.accounts.models import User
from onrecord.audit.models import AuditEvent
from tests.support.oidc import Browser, OidcProvider

pytestmark = pytest.mark.django_db


def test_sign_out_ends_the_provider_session(sso: OidcProvider) -> None:
    browser = Browser()
    browser.sign_in("alice-0001")
    alice = User.objects.get(sso_identity__subject="alice-0001")

    signed_out = browser.client.post("/accounts/sign-out/")

    assert signed_out.status_code == 302
    location = signed_out["Location"]
    assert location.startswith(f"{sso.issuer}/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/sign-in/"]
    assert query["client_id"] == ["onrecord"]
    assert query["id_token_hint"][0].count(".") == 2
    assert browser.client.get("/").status_code == 302  # signed out here at once
    back = browser.to_provider(location)
    assert back == "http://testserver/accounts/sign-in/"
    # The provider's session is over: signing in again asks for the person at the provider.
    started = browser.client.get("/accounts/sign-in/sso/")
    with pytest.raises(AssertionError, match="the provider asked the person to sign in"):
        browser.to_provider(started["Location"])  # no username to give
    event = AuditEvent.objects.get(action="sign_out", actor_id=alice.pk)
    assert event.detail == {"method": "sso", "provider_sign_out": True}


def test_without_sign_out_the_provider_session_would_sign_in_silently(sso: OidcProvider) -> None:
    """The check above can fail: a provider session that was not ended signs in without asking."""
    browser = Browser()
    browser.sign_in("alice-0001")
    browser.client.logout()  # this service only

    started = browser.client.get("/accounts/sign-in/sso/")
    back = browser.to_provider(started["Location"])  # no username: never asked

    assert browser.back_to_onrecord(back).status_code == 302


def test_a_password_session_signs_out_here_only(sso: OidcProvider) -> None:
    User.objects.create_user("fiona.family", password="a long family password", role="family")
    browser = Browser()
    browser.client.post(
        "/accounts/sign-in/",
        {"username": "fiona.family", "password": "a long family password"},
    )
    assert browser.client.get("/").status_code == 200

    signed_out = browser.client.post("/accounts/sign-out/")

    assert signed_out.status_code == 302
    assert signed_out["Location"] == "/accounts/sign-in/"
