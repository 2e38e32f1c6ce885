"""Passkeys (WebAuthn) as the second step, beside the authenticator app (issue 13): added with
a name, used at sign-in, removed; recovery codes still work; an administrator's reset removes
them; every step audited. A software authenticator (tests/support/authenticator.py) answers
with real attestations and signed assertions, checked by py_webauthn as a device's would be."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from onrecord.accounts import devices
from onrecord.accounts.models import PasskeyDevice, User
from onrecord.audit.models import AuditEvent
from tests.support.authenticator import SoftwareAuthenticator, b64url
from tests.support.personas import PASSWORD, World

ORIGIN = "https://onrecord.eastmere.example"
RP_ID = "onrecord.eastmere.example"


@pytest.fixture(autouse=True)
def two_step_on() -> Iterator[None]:
    with override_settings(ONRECORD_TWO_STEP_REQUIRED=True, ONRECORD_BASE_URL=ORIGIN):
        yield


def _password(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _options(page: Any, key: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(page.context[key])
    return value


def _add(
    client: Client, phone: SoftwareAuthenticator, name: str = "My phone", **kwargs: Any
) -> Any:
    page = client.get(reverse("two_step_passkeys"))
    assert page.status_code == 200
    answer = phone.create(_options(page, "options"), **kwargs)
    return client.post(
        reverse("two_step_passkeys"), {"name": name, "credential": json.dumps(answer)}
    )


def _sign_in(client: Client, phone: SoftwareAuthenticator, **kwargs: Any) -> Any:
    page = client.get(reverse("two_step_verify"))
    assert page.status_code == 200
    answer = phone.get(_options(page, "passkey_options"), **kwargs)
    return client.post(reverse("two_step_passkey"), {"credential": json.dumps(answer), "next": "/"})


def _phone() -> SoftwareAuthenticator:
    return SoftwareAuthenticator(origin=ORIGIN, rp_id=RP_ID)


def _last(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("seq")


def test_a_chair_sets_up_two_step_with_a_passkey_and_gets_recovery_codes(world: World) -> None:
    chair = world.users["chair"]
    client = _password("priya.shah")
    set_up = client.get(reverse("two_step_set_up")).content.decode()
    assert "Use a passkey" in set_up

    page = client.get(reverse("two_step_passkeys"))
    options = _options(page, "options")
    assert options["rp"] == {"id": RP_ID, "name": "OnRecord"}
    assert options["user"]["name"] == "priya.shah"
    assert b64url(b"priya.shah") != options["user"]["id"]  # the handle is not the username
    answer = _phone().create(options)
    done = client.post(
        reverse("two_step_passkeys"), {"name": " My  phone ", "credential": json.dumps(answer)}
    )
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert "If you lose your passkey" in done.content.decode()
    assert client.get(reverse("home")).status_code == 200  # this session passed the step

    stored = PasskeyDevice.objects.get(user=chair)
    assert stored.name == "My phone"
    assert stored.transports == ["internal", "hybrid"]
    added = _last("passkey_added")
    assert added.object_id == str(chair.pk)
    assert added.detail == {"name": "My phone", "synced": False, "recovery_codes": 10}


def test_next_sign_in_uses_the_passkey_and_an_assertion_works_once(world: World) -> None:
    chair = world.users["chair"]
    phone = _phone()
    _add(_password("priya.shah"), phone)

    client = _password("priya.shah")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_step_verify"))
    page = client.get(reverse("two_step_verify"))
    html = page.content.decode()
    assert "Use your passkey" in html
    assert 'data-module="onrecord-passkey"' in html
    assert "Enter the code from your app" not in html  # she has no app
    options = _options(page, "passkey_options")
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(phone.credential_id)]
    answer = phone.get(options)
    response = client.post(
        reverse("two_step_passkey"), {"credential": json.dumps(answer), "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
    assert _last("two_step_passed").detail == {"with": "passkey", "passkey": "My phone"}
    stored = PasskeyDevice.objects.get(user=chair)
    assert stored.sign_count == 1
    assert stored.last_used_at is not None

    # The same signed answer again (a replay): its challenge was used up.
    again = _password("priya.shah")
    replayed = again.post(reverse("two_step_passkey"), {"credential": json.dumps(answer)})
    assert replayed.status_code == 200
    assert "Your passkey could not be checked" in replayed.content.decode()
    assert again.get(reverse("home")).status_code == 302
    assert _last("two_step_failed").detail["with"] == "passkey"


@pytest.mark.parametrize(
    "tamper",
    ["phishing site", "another site's rp id", "another key", "counter went back", "not hers"],
)
def test_bad_assertions_are_refused_and_audited(world: World, tamper: str) -> None:
    phone = _phone()
    _add(_password("priya.shah"), phone)
    phone.sign_count = 5
    assert _sign_in(_password("priya.shah"), phone).status_code == 302

    client = _password("priya.shah")
    kwargs: dict[str, Any] = {}
    if tamper == "phishing site":
        kwargs["origin"] = "https://onrecord-eastmere.example"
    elif tamper == "another site's rp id":
        kwargs["rp_id"] = "evil.example"
    elif tamper == "another key":
        phone = SoftwareAuthenticator(ORIGIN, RP_ID, credential_id=phone.credential_id)
    elif tamper == "counter went back":  # a cloned authenticator
        phone.sign_count = 2
    elif tamper == "not hers":
        other = _phone()
        _add(_password("grace.owusu"), other)
        phone = other
    response = _sign_in(client, phone, **kwargs)
    assert response.status_code == 200
    assert "Your passkey could not be checked" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert _last("two_step_failed").object_id == str(world.users["chair"].pk)


def test_a_registration_from_another_site_is_refused_and_nothing_kept(world: World) -> None:
    client = _password("priya.shah")
    response = _add(client, _phone(), origin="https://evil.example")
    assert response.status_code == 200
    assert "could not be checked" in response.content.decode()
    assert not PasskeyDevice.objects.exists()
    assert _last("passkey_add_failed").object_id == str(world.users["chair"].pk)
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("name", "credential", "message"),
    [
        ("", "from the phone", "Enter a name for your passkey"),
        ("x" * 51, "from the phone", "50 characters or fewer"),
        ("My phone", "", "Your browser did not send a passkey"),
        ("My phone", "{not json", "is not a passkey"),
        ("My phone", "[1, 2]", "is not a passkey"),
    ],
)
def test_a_bad_name_or_answer_gets_a_clear_error_and_changes_nothing(
    world: World, name: str, credential: str, message: str
) -> None:
    client = _password("priya.shah")
    page = client.get(reverse("two_step_passkeys"))
    if credential == "from the phone":
        credential = json.dumps(_phone().create(_options(page, "options")))
    response = client.post(reverse("two_step_passkeys"), {"name": name, "credential": credential})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html
    assert not PasskeyDevice.objects.exists()


def test_she_adds_a_second_passkey_names_must_differ_and_the_same_one_is_excluded(
    world: World,
) -> None:
    phone = _phone()
    _add(_password("priya.shah"), phone)
    client = _password("priya.shah")
    assert _sign_in(client, phone).status_code == 302

    page = client.get(reverse("two_step_passkeys"))
    assert "My phone" in page.content.decode()
    excluded = [c["id"] for c in _options(page, "options")["excludeCredentials"]]
    assert excluded == [b64url(phone.credential_id)]
    same_name = _add(client, _phone(), name="my PHONE")
    assert "already have a passkey with that name" in same_name.content.decode()
    laptop = _add(client, _phone(), name="Work laptop")
    assert laptop.status_code == 302
    assert PasskeyDevice.objects.filter(user=world.users["chair"]).count() == 2
    assert "recovery_codes" not in _last("passkey_added").detail  # codes kept, not replaced


def test_adding_a_passkey_needs_the_second_step_first(world: World) -> None:
    _add(_password("priya.shah"), _phone())
    client = _password("priya.shah")  # password only
    response = client.get(reverse("two_step_passkeys"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_step_verify"))
    posted = client.post(reverse("two_step_passkeys"), {"name": "Mine", "credential": "{}"})
    assert posted.status_code == 302
    assert PasskeyDevice.objects.count() == 1


def test_she_removes_a_passkey_but_never_her_only_way_in(world: World) -> None:
    chair = world.users["chair"]
    phone = _phone()
    _add(_password("priya.shah"), phone)
    client = _password("priya.shah")
    assert _sign_in(client, phone).status_code == 302
    only = PasskeyDevice.objects.get(user=chair)
    refused = client.post(reverse("two_step_passkey_remove", args=[only.pk]))
    assert refused.status_code == 200
    assert "You cannot remove your only passkey" in refused.content.decode()
    assert PasskeyDevice.objects.filter(pk=only.pk).exists()

    _add(client, _phone(), name="Work laptop")
    confirm = client.get(reverse("two_step_passkey_remove", args=[only.pk]))
    assert "Remove passkey ‘My phone’?" in confirm.content.decode()
    removed = client.post(reverse("two_step_passkey_remove", args=[only.pk]))
    assert removed.status_code == 302
    assert not PasskeyDevice.objects.filter(pk=only.pk).exists()
    assert _last("passkey_removed").detail == {"name": "My phone"}


def test_nobody_removes_anothers_passkey(world: World) -> None:
    _add(_password("priya.shah"), _phone())
    theirs = PasskeyDevice.objects.get(user=world.users["chair"])
    mother = _password("dana.whitfield")  # not made to use two-step, but signed in
    assert mother.get(reverse("two_step_passkey_remove", args=[theirs.pk])).status_code in (
        302,
        404,
    )
    mother.post(reverse("two_step_passkey_remove", args=[theirs.pk]))
    assert PasskeyDevice.objects.filter(pk=theirs.pk).exists()


def test_recovery_codes_still_work_for_a_passkey_user(world: World) -> None:
    codes = _add(_password("priya.shah"), _phone()).context["codes"]
    client = _password("priya.shah")
    page = client.get(reverse("two_step_verify")).content.decode()
    assert "use a recovery code" in page
    response = client.post(reverse("two_step_recovery"), {"code": codes[0], "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_an_administrators_reset_removes_passkeys_too(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from onrecord.commands import main

    chair = world.users["chair"]
    _add(_password("priya.shah"), _phone())
    assert devices.has_two_step_device(chair)
    code = main(["two-step-reset", "priya.shah", "--by", "admin", "--reason", "Lost her phone"])
    assert code == 0, capsys.readouterr()
    assert not PasskeyDevice.objects.filter(user=chair).exists()
    event = _last("two_step_reset")
    assert event.detail["passkeys"] == 1
    client = _password("priya.shah")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_step_set_up"))


def test_a_mother_may_add_a_passkey_though_not_made_to(world: World) -> None:
    mother: User = world.users["mother"]
    client = _password("dana.whitfield")
    assert client.get(reverse("home")).status_code == 200
    assert _add(client, _phone()).status_code == 200  # her recovery codes
    assert PasskeyDevice.objects.filter(user=mother).count() == 1
