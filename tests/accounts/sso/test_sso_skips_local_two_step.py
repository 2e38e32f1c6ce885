"""Multi-factor authentication is the identity provider's job for staff who sign in through it:
with two-step verification required, a chair signed in through the provider reaches her pages
without OnRecord's second step, while a chair who signs in with a password is still asked for
it. The exemption is for the session's way in, not the person: the same account signed in with
a password (if it had one) would be asked."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.fixtures import SettingsWrapper

from onrecord.accounts.models import User
from tests.support.oidc import Browser, OidcProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_step_on(settings: SettingsWrapper) -> None:
    settings.ONRECORD_TWO_STEP_REQUIRED = True


@pytest.mark.usefixtures("two_step_on")
def test_a_chair_signed_in_through_the_provider_is_not_asked(sso: OidcProvider) -> None:
    browser = Browser()
    browser.sign_in("alice-0001")

    home = browser.client.get("/")

    user: Any = home.wsgi_request.user
    assert home.status_code == 200
    assert user.role == "chair"
    assert not user.is_verified()  # no local second step was passed


@pytest.mark.usefixtures("two_step_on")
def test_a_chair_with_a_password_is_still_asked(sso: OidcProvider) -> None:
    User.objects.create_user("local.chair", password="a long chair password", role="chair")
    browser = Browser()
    browser.client.post(
        "/accounts/sign-in/", {"username": "local.chair", "password": "a long chair password"}
    )

    home = browser.client.get("/")

    assert home.status_code == 302
    assert home["Location"].startswith("/accounts/two-step/")


@pytest.mark.usefixtures("two_step_on")
def test_the_same_account_with_a_password_is_asked(sso: OidcProvider) -> None:
    Browser().sign_in("alice-0001")
    alice = User.objects.get(sso_identity__subject="alice-0001")
    alice.set_password("a password given later")
    alice.save()
    browser = Browser()
    browser.client.post(
        "/accounts/sign-in/",
        {"username": alice.username, "password": "a password given later"},
    )

    home = browser.client.get("/")

    assert home.status_code == 302
    assert home["Location"].startswith("/accounts/two-step/")
