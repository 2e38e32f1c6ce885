"""A member of staff signs in through the council's identity provider, end to end against a
real OpenID provider: authorization code with PKCE, an account provisioned on first sign-in with
the role and authority their groups map to, matched by issuer and subject afterwards."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from onrecord.accounts.models import SsoIdentity, User
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import AuthorityMembership
from tests.support.oidc import AUTHORITY_SLUG, USERS, Browser, OidcProvider

pytestmark = pytest.mark.django_db


def test_the_authorization_request_carries_pkce_state_and_nonce(sso: OidcProvider) -> None:
    started = Browser().client.get("/accounts/sign-in/sso/")
    assert started.status_code == 302
    query = parse_qs(urlsplit(started["Location"]).query)
    assert started["Location"].startswith(f"{sso.issuer}/auth?")
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256 digest
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == ["http://testserver/accounts/sign-in/sso/callback/"]


def test_first_sign_in_provisions_the_account(sso: OidcProvider) -> None:
    browser = Browser()
    answer = browser.sign_in("alice-0001")

    assert answer.status_code == 302
    assert answer["Location"] == "/"
    user = User.objects.get(sso_identity__subject="alice-0001")
    assert user.role == "chair"
    assert user.email == USERS["alice-0001"]["email"]
    assert (user.first_name, user.last_name) == ("Alice", "Chair")
    assert not user.has_usable_password()
    identity = SsoIdentity.objects.get(user=user)
    assert identity.issuer == sso.issuer
    membership = AuthorityMembership.objects.get(user=user)
    assert membership.authority.slug == AUTHORITY_SLUG
    assert membership.left_on is None
    # Signed in: the home page is theirs.
    home = browser.client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == user
    sign_in = AuditEvent.objects.filter(action="sign_in", actor_id=user.pk).get()
    assert sign_in.detail == {"method": "sso", "subject": "alice-0001", "issuer": sso.issuer}


def test_later_sign_ins_match_by_subject_and_follow_the_provider(sso: OidcProvider) -> None:
    Browser().sign_in("alice-0001")
    first = User.objects.get(sso_identity__subject="alice-0001")
    # The provider moves her to the social workers' group and changes her address.
    sso.set_user(
        "alice-0001",
        {
            **USERS["alice-0001"],
            "email": "alice.new@council-a.example",
            "groups": ["onrecord-users", "onrecord-social-workers", "council-a-staff"],
        },
    )
    answer = Browser().sign_in("alice-0001")

    assert answer.status_code == 302
    again = User.objects.get(sso_identity__subject="alice-0001")
    assert again.pk == first.pk
    assert User.objects.filter(sso_identity__isnull=False).count() == 1
    assert again.role == "social_worker"
    assert again.email == "alice.new@council-a.example"


def test_an_existing_account_linked_by_an_administrator_is_matched(sso: OidcProvider) -> None:
    local = User.objects.create_user("a.chair", email="alice.chair@council-a.example", role="chair")
    SsoIdentity.objects.create(user=local, issuer=sso.issuer, subject="alice-0001")

    answer = Browser().sign_in("alice-0001")

    assert answer.status_code == 302
    assert User.objects.filter(email__iexact="alice.chair@council-a.example").count() == 1
    assert AuditEvent.objects.filter(action="sign_in", actor_id=local.pk).exists()


def test_the_same_email_on_a_local_account_is_not_taken_over(sso: OidcProvider) -> None:
    local = User.objects.create_user("a.chair", email="alice.chair@council-a.example", role="chair")

    answer = Browser().sign_in("alice-0001")

    assert answer.status_code == 403
    assert b"already have a" in answer.content
    assert not SsoIdentity.objects.exists()
    assert not AuditEvent.objects.filter(action="sign_in", actor_id=local.pk).exists()
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == "email_in_use_by_local_account"
