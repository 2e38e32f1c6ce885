"""Every single sign-on test runs against one real OpenID provider (tests/support/oidc.py),
started once per test session on a free port and killed after; each test gets it reset, and
OnRecord's settings pointed at it. Without node (which CI always has) they are skipped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_django.fixtures import SettingsWrapper

from onrecord.accounts import sso_discovery
from onrecord.cases.models import Authority
from tests.support.oidc import (
    AUTHORITY_SLUG,
    OidcProvider,
    node_available,
    start_provider,
    stop_provider,
)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    if not node_available():
        if os.environ.get("CI"):
            pytest.fail("node is required in CI: the single sign-on tests run oidc-provider")
        pytest.skip("node is not installed: the single sign-on tests need it for oidc-provider")
    provider = start_provider(tmp_path_factory.mktemp("oidc"))
    try:
        yield provider
    finally:
        stop_provider(provider)


@pytest.fixture
def sso(oidc_provider: OidcProvider, settings: SettingsWrapper, db: Any) -> Iterator[OidcProvider]:
    """Single sign-on on, against the test provider, with the authority its map names."""
    oidc_provider.reset()
    sso_discovery.forget()
    settings.ONRECORD_OIDC = oidc_provider.settings()
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "onrecord.accounts.sso.SsoBackend",
    ]
    Authority.objects.create(name="Council A", slug=AUTHORITY_SLUG, policy_profile="hackney")
    yield oidc_provider
    sso_discovery.forget()
    oidc_provider.reset()
