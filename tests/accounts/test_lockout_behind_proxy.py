"""Behind a reverse proxy, sign-in lockout is keyed on the client's real address (issue 16,
failure 8): with ONRECORD_TRUSTED_PROXIES set, the address the trusted proxy appended to
X-Forwarded-For, the same one the audit trail records. Keyed on the proxy's address, anyone
could lock any named user out of the service for everyone."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from tests.support.personas import PASSWORD, World

PROXY = "10.0.0.5"  # the reverse proxy: every request reaches the app from here


def _sign_in(client: Client, username: str, password: str, client_address: str) -> Any:
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.fixture
def behind_one_proxy(settings: Any) -> None:
    settings.ONRECORD_TRUSTED_PROXIES = 1


def test_an_attacker_cannot_lock_out_a_user_at_another_address(
    world: World, behind_one_proxy: None
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _sign_in(Client(), "tom.bennett", "wrong-password", "203.0.113.66")
    # The attacker is locked out...
    assert _sign_in(Client(), "tom.bennett", PASSWORD, "203.0.113.66").status_code == 429
    # ...but Tom, signing in from his own address through the same proxy, is not.
    tom = _sign_in(Client(), "tom.bennett", PASSWORD, "198.51.100.7")
    assert tom.status_code == 302
    assert AuditEvent.objects.filter(action="sign_in").latest("seq").ip_address == "198.51.100.7"


def test_a_forged_header_in_front_of_the_proxy_does_not_escape_the_lockout(
    world: World, behind_one_proxy: None
) -> None:
    # The attacker sends their own X-Forwarded-For; the proxy appends the real address, and
    # only the entry the trusted proxy added counts.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "tom.bennett", "wrong", f"1.2.3.{n}, 203.0.113.66")
    assert _sign_in(Client(), "tom.bennett", PASSWORD, "9.9.9.9, 203.0.113.66").status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(world: World) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "tom.bennett", "wrong", f"203.0.113.{n}")
    # Each attempt claimed another address, but none is trusted: all came from the peer.
    assert _sign_in(Client(), "tom.bennett", PASSWORD, "198.51.100.7").status_code == 429
