"""The provider's answer is accepted once, by the browser that asked for it: the same answer
again (a replayed state), or an answer brought to another browser (login CSRF), is refused
before anything is sent to the provider."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from onrecord.audit.models import AuditEvent
from tests.support.oidc import Browser, OidcProvider

pytestmark = pytest.mark.django_db


def _answer(browser: Browser) -> str:
    started = browser.client.get("/accounts/sign-in/sso/")
    return browser.to_provider(started["Location"], username="alice-0001")


def test_the_same_answer_twice_is_refused(sso: OidcProvider) -> None:
    browser = Browser()
    answer = _answer(browser)
    assert browser.back_to_onrecord(answer).status_code == 302
    browser.client.post("/accounts/sign-out/")

    again = browser.back_to_onrecord(answer)

    assert again.status_code == 403
    assert not again.wsgi_request.user.is_authenticated
    refusals = AuditEvent.objects.filter(action="sso_sign_in_refused")
    assert [e.detail["reason"] for e in refusals] == ["unknown_state"]


def test_an_answer_brought_to_another_browser_is_refused(sso: OidcProvider) -> None:
    before = REGISTRY.get_sample_value("onrecord_sso_refusals_total", {"reason": "unknown_state"})
    victim = Browser()
    attackers_answer = _answer(Browser())

    answer = victim.back_to_onrecord(attackers_answer)

    assert answer.status_code == 403
    assert not answer.wsgi_request.user.is_authenticated
    assert victim.client.get("/").status_code == 302
    assert AuditEvent.objects.get(action="sso_sign_in_refused").detail["reason"] == "unknown_state"
    assert not AuditEvent.objects.filter(action="sign_in").exists()
    # Counted with the failed sign-ins the operations metrics report.
    after = REGISTRY.get_sample_value("onrecord_sso_refusals_total", {"reason": "unknown_state"})
    assert after == (before or 0) + 1


def test_a_refused_answer_cannot_be_tried_again(sso: OidcProvider) -> None:
    sso.tamper("rogue_signature")
    browser = Browser()
    answer = _answer(browser)
    assert browser.back_to_onrecord(answer).status_code == 403
    sso.tamper("none")

    again = browser.back_to_onrecord(answer)

    assert again.status_code == 403
    refusals = AuditEvent.objects.filter(action="sso_sign_in_refused").order_by("seq")
    assert [e.detail["reason"] for e in refusals] == ["bad_signature", "unknown_state"]


def test_a_forged_answer_does_not_sign_a_signed_in_person_out(sso: OidcProvider) -> None:
    browser = Browser()
    browser.sign_in("alice-0001")

    forged = browser.client.get("/accounts/sign-in/sso/callback/?error=access_denied&state=x")

    assert forged.status_code == 403
    assert browser.client.get("/").status_code == 200
    refusal = AuditEvent.objects.get(action="sso_sign_in_refused")
    assert refusal.detail["reason"] == "unknown_state"
