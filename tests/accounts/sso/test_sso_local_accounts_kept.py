"""Family members and other agencies keep their own accounts when single sign-on is on: they
still sign in with a password, the sign-in page offers both ways, and an account made by single
sign-on has no password anyone could use."""

from __future__ import annotations

import pytest

from onrecord.accounts.models import User
from tests.support.oidc import Browser, OidcProvider

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_offers_both_ways(sso: OidcProvider) -> None:
    page = Browser().client.get("/accounts/sign-in/").content.decode()

    assert "Sign in with your council account" in page
    assert 'href="/accounts/sign-in/sso/"' in page
    assert 'name="password"' in page


def test_without_single_sign_on_the_page_and_the_route_are_not_there(db: None) -> None:
    browser = Browser()
    assert "council account" not in browser.client.get("/accounts/sign-in/").content.decode()
    assert browser.client.get("/accounts/sign-in/sso/").status_code == 404
    assert browser.client.get("/accounts/sign-in/sso/callback/?code=x&state=y").status_code == 404


@pytest.mark.parametrize("role", ["family", "professional"])
def test_family_and_other_agencies_sign_in_with_their_password(
    sso: OidcProvider, role: str
) -> None:
    User.objects.create_user("someone", password="a long enough password", role=role)
    browser = Browser()

    signed_in = browser.client.post(
        "/accounts/sign-in/", {"username": "someone", "password": "a long enough password"}
    )

    assert signed_in.status_code == 302
    assert browser.client.get("/").wsgi_request.user.username == "someone"


def test_an_account_made_by_single_sign_on_has_no_usable_password(sso: OidcProvider) -> None:
    Browser().sign_in("alice-0001")
    alice = User.objects.get(sso_identity__subject="alice-0001")
    browser = Browser()

    refused = browser.client.post(
        "/accounts/sign-in/", {"username": alice.username, "password": ""}
    )

    assert refused.status_code == 200  # the form again, with its error
    assert not browser.client.get("/").wsgi_request.user.is_authenticated
