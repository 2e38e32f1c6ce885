"""Signing in: Argon2 hashes, plain-English errors, throttling, and every attempt audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from tests import settings as test_settings
from tests.support.personas import PASSWORD, World


def _sign_in(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_production_settings_hash_passwords_with_argon2() -> None:
    assert test_settings.PRODUCTION_PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_argon2_hash_is_what_gets_stored(db: None) -> None:
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=test_settings.PRODUCTION_PASSWORD_HASHERS):
        assert make_password("correct horse battery").startswith("argon2$")


def test_right_password_signs_in_and_is_audited(world: World) -> None:
    client = Client()
    response = _sign_in(client, "priya.shah", PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="sign_in").latest("seq")
    assert event.actor_username == "priya.shah"
    assert event.ip_address == "127.0.0.1"


def test_wrong_password_gets_a_clear_message_and_changes_nothing(world: World) -> None:
    client = Client()
    users_before = list(
        world.users["chair"].__class__.objects.values_list("username", "password", "last_login")
    )
    response = _sign_in(client, "priya.shah", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a correct username and password" in html
    assert "_auth_user_id" not in client.session
    users_after = list(
        world.users["chair"].__class__.objects.values_list("username", "password", "last_login")
    )
    assert users_after == users_before
    failed = AuditEvent.objects.filter(action="sign_in_failed").latest("seq")
    assert failed.detail == {"username": "priya.shah"}


def test_empty_form_names_each_missing_field(db: None) -> None:
    html = Client().post(reverse("login"), {}).content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html


def test_over_long_username_is_rejected_with_a_message(db: None) -> None:
    html = _sign_in(Client(), "x" * 300, "whatever").content.decode()
    assert "Username must be 150 characters or fewer" in html


def test_repeated_failures_lock_the_account_from_that_address(world: World) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "tom.bennett", "wrong-password")
    locked = _sign_in(client, "tom.bennett", PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user at the same address is not locked out by someone else's mistakes.
    other = _sign_in(Client(), "priya.shah", PASSWORD)
    assert other.status_code == 302


@pytest.mark.parametrize("method", ["get", "post"])
def test_sign_out_is_post_only(world: World, method: str) -> None:
    client = world.client_for("chair")
    response = getattr(client, method)(reverse("logout"))
    if method == "get":
        assert response.status_code == 405
        assert "_auth_user_id" in client.session
    else:
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session
        assert AuditEvent.objects.filter(action="sign_out").exists()
