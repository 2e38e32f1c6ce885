"""An ID token that is not what it must be is refused, and nobody is signed in: signed with a
key the provider never published; validly signed but for another service, from another issuer,
for another sign-in (nonce), or expired; unsigned; or signed with the client's own secret. The real
provider issues each token; its test mode rewrites the ID token in the token response, as a
compromised or misbehaving provider (or someone in between) would."""

from __future__ import annotations

import pytest

from onrecord.accounts.models import SsoIdentity, User
from onrecord.audit.models import AuditEvent
from tests.support.oidc import Browser, OidcProvider

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("rogue_signature", "bad_signature"),
        ("audience", "wrong_audience"),
        ("expired", "expired_token"),
        ("issuer", "wrong_issuer"),
        ("nonce", "nonce_mismatch"),
        ("alg_none", "wrong_algorithm"),
        ("alg_hs256", "wrong_algorithm"),
    ],
)
def test_the_token_is_refused(sso: OidcProvider, mode: str, reason: str) -> None:
    sso.tamper(mode)
    browser = Browser()

    answer = browser.sign_in("alice-0001")

    assert answer.status_code == 403
    assert b"could not check your sign-in" in answer.content
    assert not answer.wsgi_request.user.is_authenticated
    assert browser.client.get("/").status_code == 302  # still signed out
    assert not User.objects.filter(email="alice.chair@council-a.example").exists()
    assert not SsoIdentity.objects.exists()
    assert not AuditEvent.objects.filter(action="sign_in").exists()
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == reason
    assert refusal.detail["issuer"] == sso.issuer


def test_the_same_provider_untampered_signs_in(sso: OidcProvider) -> None:
    """The refusals above are the tampering's doing: with it off, the same person gets in."""
    sso.tamper("none")
    assert Browser().sign_in("alice-0001").status_code == 302


def test_an_answer_naming_another_issuer_is_refused(sso: OidcProvider) -> None:
    browser = Browser()
    started = browser.client.get("/accounts/sign-in/sso/")
    back = browser.to_provider(started["Location"], username="alice-0001")

    answer = browser.back_to_onrecord(back.replace("iss=", "iss=https%3A%2F%2Fevil.example%2F"))

    assert answer.status_code == 403
    assert AuditEvent.objects.get(action="sso_sign_in_refused").detail["reason"] == "wrong_issuer"
