"""The passkey and two-step pages a family member can reach, in Welsh (issue 12,
docs/LANGUAGES.md): Dana chooses Cymraeg before she signs in, gets her password wrong once,
adds a passkey (after a name that is refused), saves her recovery codes, sees her passkeys and
the page to remove one, looks at the authenticator app's set-up page, then signs in again with
the passkey's second step (after a wrong recovery code) and removes the passkey.
Every page says it is Welsh and holds none of the commonest English words; the passkey
script's words, carried on its form, are Welsh too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from onrecord.accounts.models import PasskeyDevice
from tests.recording_requests.test_family_pages_in_welsh import _case_words, english_left
from tests.support.authenticator import SoftwareAuthenticator
from tests.support.personas import PASSWORD, World

ORIGIN = "https://onrecord.eastmere.example"
NAME = "Fy ffôn"


@pytest.fixture(autouse=True)
def two_step_on() -> Iterator[None]:
    with override_settings(ONRECORD_TWO_STEP_REQUIRED=True, ONRECORD_BASE_URL=ORIGIN):
        yield


def _welsh_sign_in(pages: dict[str, str], name: str) -> Client:
    client = Client()
    client.post(reverse("choose_language"), {"language": "cy", "next": reverse("login")})
    wrong = client.post(reverse("login"), {"username": "dana.whitfield", "password": "nope"})
    pages[f"{name}: wrong password"] = wrong.content.decode()
    signed = client.post(reverse("login"), {"username": "dana.whitfield", "password": PASSWORD})
    assert signed.status_code == 302
    return client


def _options(page: Any, key: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(page.context[key])
    return value


def test_the_passkey_and_two_step_pages_are_in_welsh(world: World) -> None:
    phone = SoftwareAuthenticator(origin=ORIGIN, rp_id="onrecord.eastmere.example")
    pages: dict[str, str] = {}
    client = _welsh_sign_in(pages, "first sign-in")
    page = client.get(reverse("two_step_passkeys"))
    pages["my passkeys, none yet"] = page.content.decode()
    set_up = client.get(reverse("two_step_set_up"))
    pages["set up an app"] = set_up.content.decode()
    answer = phone.create(_options(page, "options"))
    refused = client.post(
        reverse("two_step_passkeys"), {"name": "   ", "credential": json.dumps(answer)}
    )
    pages["no name"] = refused.content.decode()
    answer = phone.create(_options(client.get(reverse("two_step_passkeys")), "options"))
    codes = client.post(
        reverse("two_step_passkeys"), {"name": NAME, "credential": json.dumps(answer)}
    )
    assert codes.status_code == 200
    pages["recovery codes"] = codes.content.decode()
    pages["my passkeys"] = client.get(reverse("two_step_passkeys")).content.decode()
    device = PasskeyDevice.objects.get(user=world.users["mother"])
    remove = reverse("two_step_passkey_remove", args=[device.pk])
    pages["remove"] = client.get(remove).content.decode()

    again = _welsh_sign_in(pages, "second sign-in")
    verify = again.get(reverse("two_step_verify"))
    pages["second step"] = verify.content.decode()
    recovery = reverse("two_step_recovery")
    pages["recovery code"] = again.get(recovery).content.decode()
    pages["wrong recovery code"] = again.post(recovery, {"code": "abcde-fghjk"}).content.decode()
    assertion = phone.get(_options(verify, "passkey_options"))
    passed = again.post(
        reverse("two_step_passkey"), {"credential": json.dumps(assertion), "next": "/"}
    )
    assert passed.status_code == 302
    pages["home, passkey added"] = again.get(reverse("home")).content.decode()
    removed = again.post(remove, follow=True)  # a family member need not keep a second step
    pages["removed"] = removed.content.decode()
    assert not PasskeyDevice.objects.exists()

    # The recovery codes and the app's secret key are random: "be" and "OF" were each read once.
    saved = [*codes.context["codes"], *set_up.context["secret"].split()]
    words = [*_case_words(world), *saved, NAME, "Microsoft Authenticator", "Google Authenticator"]
    not_welsh = sorted(name for name, body in pages.items() if '<html lang="cy"' not in body)
    assert not not_welsh, f"not marked Welsh: {not_welsh}"
    english = {name: left for name, body in pages.items() if (left := english_left(body, words))}
    assert not english, f"English left on Welsh pages: {english}"

    assert "Rhowch enw defnyddiwr a chyfrinair cywir." in pages["first sign-in: wrong password"]
    assert "Rhowch enw i’ch allwedd mynediad" in pages["no name"]
    assert "Os byddwch yn colli eich allwedd mynediad" in pages["recovery codes"]
    assert "Tynnu allwedd mynediad ‘Fy ffôn’?" in pages["remove"]
    assert "Allwedd mynediad ‘Fy ffôn’ wedi’i thynnu" in pages["removed"]
    assert "Dydy’r cod adfer yna ddim yn gywir" in pages["wrong recovery code"]
    assert ">Allweddi mynediad</a>" in pages["home, passkey added"]  # the service menu
    for name in ("my passkeys", "second step"):
        assert 'data-passkey-not-allowed="Wnaethoch chi ddim gorffen' in pages[name], name
        assert 'data-passkey-error="Gwall:"' in pages[name], name
