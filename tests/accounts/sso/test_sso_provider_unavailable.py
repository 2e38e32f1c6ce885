"""A provider that cannot be reached, or whose discovery document names another issuer, stops
single sign-on with a clear page (503), never the service: password sign-in carries on, and a
signed-in session is not ended for it."""

from __future__ import annotations

import socket

import pytest
from pytest_django.fixtures import SettingsWrapper

from onrecord.accounts import sso_discovery
from onrecord.accounts.models import User
from tests.support.oidc import Browser, OidcProvider

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_provider(sso: OidcProvider, settings: SettingsWrapper) -> None:
    settings.ONRECORD_OIDC = sso.settings(issuer=f"http://127.0.0.1:{_closed_port()}")
    User.objects.create_user("fiona.family", password="a long family password", role="family")
    browser = Browser()

    page = browser.client.get("/accounts/sign-in/sso/")

    assert page.status_code == 503
    assert "We cannot reach your council" in page.content.decode()
    signed_in = browser.client.post(
        "/accounts/sign-in/", {"username": "fiona.family", "password": "a long family password"}
    )
    assert signed_in.status_code == 302


def test_a_discovery_document_for_another_issuer(sso: OidcProvider, settings: SettingsWrapper):
    # The same provider reached by another name: its document names 127.0.0.1, not localhost.
    settings.ONRECORD_OIDC = sso.settings(issuer=sso.issuer.replace("127.0.0.1", "localhost"))

    with pytest.raises(sso_discovery.ProviderUnavailable, match="names issuer"):
        sso_discovery.provider_metadata(settings.ONRECORD_OIDC["issuer"], "RS256")
    assert Browser().client.get("/accounts/sign-in/sso/").status_code == 503


def test_a_signed_in_session_carries_on_while_the_provider_is_down(
    sso: OidcProvider, settings: SettingsWrapper
) -> None:
    browser = Browser()
    browser.sign_in("alice-0001")
    settings.ONRECORD_OIDC = sso.settings(issuer=f"http://127.0.0.1:{_closed_port()}")
    sso_discovery.forget()
    session = browser.client.session
    session["oidc_id_token_expiration"] = 0
    session.save()

    assert browser.client.get("/").status_code == 200


def test_a_provider_that_does_not_sign_with_the_configured_algorithm(
    sso: OidcProvider, settings: SettingsWrapper
) -> None:
    assert sso_discovery.provider_metadata(sso.issuer, "RS256")  # read, and kept, for RS256
    settings.ONRECORD_OIDC = sso.settings(signing_algorithm="ES256")

    with pytest.raises(sso_discovery.ProviderUnavailable, match="does not sign ID tokens with"):
        sso_discovery.provider_metadata(sso.issuer, "ES256")
    assert Browser().client.get("/accounts/sign-in/sso/").status_code == 503


def test_the_document_is_read_once_and_kept(sso: OidcProvider) -> None:
    first = sso_discovery.provider_metadata(sso.issuer, "RS256")
    assert first["code_challenge_methods_supported"] == ["S256"]
    assert sso_discovery.provider_metadata(sso.issuer, "RS256") is first
    sso_discovery.forget(sso.issuer)
    assert sso_discovery.provider_metadata(sso.issuer, "RS256") is not first
