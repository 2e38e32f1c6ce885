"""A chair sets up two-step verification with a passkey in a real Chromium, then signs in with
it (issue 13). The passkey is made by Chromium's own virtual authenticator (the DevTools
protocol's WebAuthn domain, as a phone's platform authenticator with a fingerprint would be), so
the page's JavaScript, the browser's WebAuthn and the server's checks all run for real.
axe and the 320 px reflow check on every page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from onrecord.accounts.models import PasskeyDevice
from onrecord.audit.models import AuditEvent
from tests.browser.conftest import Visitor, assert_accessible
from tests.support.personas import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _virtual_authenticator(page: Any) -> tuple[Any, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    made = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, str(made["authenticatorId"])


def _password(visitor: Visitor) -> None:
    visitor.goto("/accounts/sign-in/", "Sign in")
    visitor.page.get_by_label("Username").fill("priya.shah")
    visitor.page.get_by_label("Password").fill(PASSWORD)
    visitor.page.get_by_role("button", name="Sign in").click()


def test_chair_sets_up_a_passkey_and_signs_in_with_it(
    world: World, visitors: Any, live_server: Any
) -> None:
    chair = visitors(phone=True)
    with override_settings(ONRECORD_TWO_STEP_REQUIRED=True, ONRECORD_BASE_URL=live_server.url):
        cdp, authenticator = _virtual_authenticator(chair.page)
        _password(chair)
        page = chair.check("Set up two-step verification")
        page.get_by_role("link", name="Use a passkey").click()
        chair.check("Your passkeys")
        page.get_by_role("button", name="Add a passkey").click()  # no name yet
        chair.check("Your passkeys")
        assert page.get_by_text("Enter a name for your passkey").first.is_visible()
        page.get_by_label("Name this passkey").fill("My phone")
        page.get_by_role("button", name="Add a passkey").click()
        chair.check("Two-step verification is set up")
        assert page.locator(".onrecord-recovery-codes li").count() == 10
        held = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
        assert len(held["credentials"]) == 1
        stored = PasskeyDevice.objects.get(user=world.users["chair"])
        assert stored.name == "My phone"
        page.get_by_role("link", name="I have saved my codes – continue").click()
        chair.check("Your cases")

        page.context.clear_cookies()
        _password(chair)
        chair.check("Use your passkey")
        page.get_by_role("button", name="Use a passkey").click()
        chair.check("Your cases")
        passed = AuditEvent.objects.filter(action="two_step_passed").latest("seq")
        assert passed.detail == {"with": "passkey", "passkey": "My phone"}

        # The passkey page lists it; without the passkey, the sign-in page says what to do.
        chair.goto("/accounts/passkeys/", "Your passkeys")
        assert page.get_by_text("My phone").first.is_visible()
        cdp.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator})  # lost it
        page.context.clear_cookies()
        _password(chair)
        chair.check("Use your passkey")
        page.get_by_role("button", name="Use a passkey").click()
        message = page.locator("[data-passkey-message]")
        message.wait_for(state="visible")
        assert "did not finish using your passkey" in message.inner_text()
        assert_accessible(page)
