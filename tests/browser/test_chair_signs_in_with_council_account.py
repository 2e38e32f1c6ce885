"""A chair signs in with her council account in a real Chromium, through a real OpenID provider
(tests/support/oidc.py), with two-step verification required (the provider does MFA, so she
is not asked), then signs out, which ends the provider's session too: the real
Content-Security-Policy is kept (not bypassed), so the sign-out form's redirect to the provider
is allowed by its form-action. Someone outside the allowed groups sees the refusal page. axe on
each of OnRecord's pages, and the refusal at 320 px."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import SettingsWrapper

from onrecord.accounts import sso_discovery
from onrecord.cases.models import Authority
from tests.browser.conftest import assert_accessible, assert_fits_width
from tests.support.oidc import (
    AUTHORITY_SLUG,
    OidcProvider,
    node_available,
    start_provider,
    stop_provider,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def provider(live_server: Any, tmp_path: Path, settings: SettingsWrapper) -> Iterator[OidcProvider]:
    if not node_available():
        if os.environ.get("CI"):
            pytest.fail("node is required in CI: the single sign-on tests run oidc-provider")
        pytest.skip("node is not installed: the single sign-on tests need it for oidc-provider")
    started = start_provider(tmp_path, origins=(live_server.url,))
    sso_discovery.forget()
    settings.ONRECORD_OIDC = started.settings()
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "onrecord.accounts.sso.SsoBackend",
    ]
    settings.ONRECORD_TWO_STEP_REQUIRED = True
    Authority.objects.create(name="Council A", slug=AUTHORITY_SLUG, policy_profile="hackney")
    yield started
    sso_discovery.forget()
    stop_provider(started)


def _at_provider_sign_in(page: Any, username: str) -> None:
    page.get_by_role("heading", name="Sign in to the test provider").wait_for()
    page.get_by_label("Username").fill(username)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_and_out_through_the_council_provider(
    browser: Any, live_server: Any, provider: OidcProvider
) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 768}, bypass_csp=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.get_by_role("heading", name="Sign in to OnRecord", level=1).wait_for()
        assert_accessible(page)
        page.get_by_role("button", name="Sign in with your council account").click()
        _at_provider_sign_in(page, "alice-0001")
        page.get_by_role("heading", name=re.compile("^Your (cases|meetings)$"), level=1).wait_for()
        assert_accessible(page)

        page.get_by_role("button", name=re.compile("^Sign out")).click()
        page.get_by_role("heading", name="Sign out").wait_for()  # the provider's own page
        assert page.url.startswith(provider.issuer)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in to OnRecord", level=1).wait_for()
        assert page.url == f"{live_server.url}/accounts/sign-in/"

        # The provider's session ended with OnRecord's: it asks who is signing in again.
        page.get_by_role("button", name="Sign in with your council account").click()
        _at_provider_sign_in(page, "mallory-0003")
        heading = "You cannot sign in with your council account"
        page.get_by_role("heading", name=heading, level=1).wait_for()
        assert_accessible(page)
        assert_fits_width(page)
    finally:
        context.close()
