"""The Content-Security-Policy lets a form lead to this origin only, and, with single sign-on,
to the identity provider's too: signing out is a form whose answer goes on to the provider's
end_session_endpoint, and browsers hold a form's redirects to the page's form-action."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import SettingsWrapper

pytestmark = pytest.mark.django_db


def _form_action(client: Client) -> str:
    policy = client.get("/accounts/sign-in/")["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if "form-action" in part)


def test_without_single_sign_on_forms_stay_here() -> None:
    assert _form_action(Client()) == "form-action 'self'"


def test_with_single_sign_on_the_provider_is_allowed(settings: SettingsWrapper) -> None:
    settings.ONRECORD_OIDC = {"issuer": "https://login.microsoftonline.com/tenant-id/v2.0"}
    assert _form_action(Client()) == "form-action 'self' https://login.microsoftonline.com"
