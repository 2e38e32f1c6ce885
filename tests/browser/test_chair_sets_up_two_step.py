"""A chair's first sign-in with two-step verification on, in a real browser at phone width:
set up an authenticator app from the key the page shows, save the recovery codes, and next
time enter a code (issue 13). axe and the 320 px reflow check on every page."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import override_settings
from django_otp.oath import TOTP

from tests.browser.conftest import Visitor
from tests.support.personas import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_for(key_shown: str, *, steps_ahead: int = 0) -> str:
    """What an authenticator app would show for the key typed in by hand."""
    secret = key_shown.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = totp.time + steps_ahead * 30
    return f"{totp.token():06d}"


def _password(visitor: Visitor) -> None:
    visitor.goto("/accounts/sign-in/", "Sign in")
    visitor.page.get_by_label("Username").fill("priya.shah")
    visitor.page.get_by_label("Password").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Sign in").click()


@override_settings(ONRECORD_TWO_STEP_REQUIRED=True)
def test_chair_sets_up_two_step_then_signs_in_with_a_code(world: World, visitors: Any) -> None:
    chair = visitors(phone=True)
    _password(chair)
    page = chair.check("Set up two-step verification")
    assert page.locator(".onrecord-qr svg").is_visible()
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#secret-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code_for(key))
    page.get_by_role("button", name="Continue").click()
    chair.check("Two-step verification is set up")
    assert page.locator(".onrecord-recovery-codes li").count() == 10
    page.get_by_role("link", name="I have saved my codes – continue").click()
    chair.check("Your cases")

    page.context.clear_cookies()
    _password(chair)
    chair.check("Enter the code from your app")
    page.get_by_label("Code from your authenticator app").fill("000")
    page.get_by_role("button", name="Continue").click()
    chair.check("Enter the code from your app")
    assert page.get_by_text("The code must be 6 numbers, like 123456").first.is_visible()
    page.get_by_label("Code from your authenticator app").fill(_code_for(key, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    chair.check("Your cases")
