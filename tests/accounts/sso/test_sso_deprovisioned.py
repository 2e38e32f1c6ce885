"""Someone the provider no longer lets in is refused at once: at sign-in, and when already
signed in, at the periodic re-check with the provider (mozilla-django-oidc's SessionRefresh,
`prompt=none`), which ends that session and deactivates the account, so that every other
session of theirs ends at its next request. Let in again, they are reactivated."""

from __future__ import annotations

import pytest

from onrecord.accounts.models import SsoIdentity, User
from onrecord.audit.models import AuditEvent
from tests.support.oidc import USERS, Browser, OidcProvider

pytestmark = pytest.mark.django_db

GROUP_REMOVED = {**USERS["bob-0002"], "groups": ["onrecord-social-workers", "council-a-staff"]}


def _recheck_due(browser: Browser) -> None:
    session = browser.client.session
    session["oidc_id_token_expiration"] = 0
    session.save()


def test_someone_outside_the_allowed_groups_is_refused(sso: OidcProvider) -> None:
    answer = Browser().sign_in("mallory-0003")

    assert answer.status_code == 403
    assert b"does not give you access" in answer.content
    assert not User.objects.filter(email="mallory@council-a.example").exists()
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == "not_in_allowed_groups"
    assert refusal.detail["subject"] == "mallory-0003"


def test_a_signed_in_session_ends_when_the_group_is_removed(sso: OidcProvider) -> None:
    browser, other_device = Browser(), Browser()
    assert browser.sign_in("bob-0002").status_code == 302
    assert other_device.sign_in("bob-0002").status_code == 302
    bob = User.objects.get(sso_identity__subject="bob-0002")
    assert browser.client.get("/").status_code == 200
    sso.set_user("bob-0002", GROUP_REMOVED)

    # Before the re-check is due the session carries on; when it is, the next page asks the
    # provider again without a prompt.
    _recheck_due(browser)
    recheck = browser.client.get("/")
    assert recheck.status_code == 302
    assert recheck["Location"].startswith(f"{sso.issuer}/auth?")
    assert "prompt=none" in recheck["Location"]
    answer = browser.back_to_onrecord(browser.to_provider(recheck["Location"]))

    assert answer.status_code == 403
    assert browser.client.get("/").status_code == 302  # signed out
    bob.refresh_from_db()
    assert not bob.is_active
    assert SsoIdentity.objects.get(user=bob).deprovisioned_at is not None
    # His other session ends at its next request, without waiting for its own re-check.
    assert other_device.client.get("/").status_code == 302
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == "not_in_allowed_groups"
    assert refusal.actor_id == bob.pk
    sign_out = AuditEvent.objects.get(action="sign_out", actor_id=bob.pk)
    assert sign_out.detail == {"reason": "sso_refused", "refusal": "not_in_allowed_groups"}


def test_a_passing_recheck_keeps_the_session(sso: OidcProvider) -> None:
    browser = Browser()
    browser.sign_in("bob-0002")
    _recheck_due(browser)
    recheck = browser.client.get("/cases/")

    answer = browser.back_to_onrecord(browser.to_provider(recheck["Location"]))

    assert answer.status_code == 302
    assert answer["Location"] == "/cases/"
    assert browser.client.get("/").status_code == 200
    assert not AuditEvent.objects.filter(action="sso_sign_in_refused").exists()


def test_a_signed_out_provider_session_ends_ours_at_the_recheck(sso: OidcProvider) -> None:
    browser = Browser()
    browser.sign_in("bob-0002")
    browser.provider.cookies.clear()  # the provider's session is gone (signed out there)
    _recheck_due(browser)

    answer = browser.back_to_onrecord(browser.to_provider(browser.client.get("/")["Location"]))

    assert answer.status_code == 403
    assert browser.client.get("/").status_code == 302
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == "provider_error"
    assert refusal.detail["error"] == "login_required"
    # Not a deprovisioning: the account stays active for the next sign-in.
    assert User.objects.get(sso_identity__subject="bob-0002").is_active


def test_let_in_again_the_account_is_reactivated(sso: OidcProvider) -> None:
    Browser().sign_in("bob-0002")
    sso.set_user("bob-0002", GROUP_REMOVED)
    assert Browser().sign_in("bob-0002").status_code == 403
    assert not User.objects.get(sso_identity__subject="bob-0002").is_active

    sso.set_user("bob-0002", USERS["bob-0002"])
    assert Browser().sign_in("bob-0002").status_code == 302

    bob = User.objects.get(sso_identity__subject="bob-0002")
    assert bob.is_active
    assert SsoIdentity.objects.get(user=bob).deprovisioned_at is None


def test_an_account_an_administrator_deactivated_stays_out(sso: OidcProvider) -> None:
    Browser().sign_in("bob-0002")
    User.objects.filter(sso_identity__subject="bob-0002").update(is_active=False)

    answer = Browser().sign_in("bob-0002")

    assert answer.status_code == 403
    assert not User.objects.get(sso_identity__subject="bob-0002").is_active
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == "account_disabled"
