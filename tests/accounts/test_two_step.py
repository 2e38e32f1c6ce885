"""Two-step verification for staff: set up with an authenticator app, then a code at every
sign-in; recovery codes; throttling; an administrator's audited reset (issue 13; ASVS 5.0
V6.3.3). Family members are not made to use it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onrecord.accounts.models import RecoveryCode, RecoveryCodeDevice, User
from onrecord.audit.models import AuditEvent
from tests.support.personas import PASSWORD, World

pytestmark = pytest.mark.usefixtures("two_step_on")


@pytest.fixture
def two_step_on() -> Any:
    # ONRECORD_TWO_STEP_REQUIRED is false for the rest of the suite (tests/settings.py).
    with override_settings(ONRECORD_TWO_STEP_REQUIRED=True):
        yield


def _signed_in_with_password(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def _wait_out_the_throttle(device: TOTPDevice) -> None:
    """As if the person took a few seconds to read the next code (django-otp makes them wait
    1 s after one wrong code), without the test sleeping."""
    device.refresh_from_db()
    if device.throttling_failure_timestamp is not None:
        device.throttling_failure_timestamp -= dt.timedelta(seconds=5)
        device.save(update_fields=["throttling_failure_timestamp"])


def _set_up(client: Client, user: User) -> list[str]:
    client.get(reverse("two_step_set_up"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two_step_set_up"), {"code": _code(device), "next": "/"})
    assert response.status_code == 200
    return [code.strip() for code in response.context["codes"]]


def test_a_chair_without_an_app_is_sent_to_set_one_up(world: World) -> None:
    client = _signed_in_with_password("priya.shah")
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("two_step_set_up") + "?next=%2F"
    page = client.get(response["Location"]).content.decode()
    assert "Set up two-step verification" in page
    assert "<svg" in page  # the QR code, drawn on the server
    assert 'autocomplete="one-time-code"' in page


def test_case_pages_and_the_admin_are_closed_until_the_second_step(world: World) -> None:
    client = _signed_in_with_password("priya.shah")
    for path in (
        reverse("case_detail", args=[world.case.pk]),
        reverse("meeting_detail", args=[world.meeting.pk]),
        "/admin/",
        "/no-such-page/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("two_step_set_up")), path
    assert client.post(reverse("case_note_create", args=[world.case.pk])).status_code == 302
    response = client.get(reverse("home"), headers={"Accept": "application/json"})
    assert response.status_code == 401


def test_setting_up_confirms_the_app_gives_ten_codes_and_lets_her_in(world: World) -> None:
    chair = world.users["chair"]
    client = _signed_in_with_password("priya.shah")
    codes = _set_up(client, chair)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    assert TOTPDevice.objects.filter(user=chair, confirmed=True).count() == 1
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.filter(action="two_step_set_up").latest("seq")
    assert event.actor_username == "priya.shah"
    assert event.detail == {"recovery_codes": 10}


def test_a_wrong_code_at_set_up_confirms_nothing(world: World) -> None:
    chair = world.users["chair"]
    client = _signed_in_with_password("priya.shah")
    client.get(reverse("two_step_set_up"))
    device = TOTPDevice.objects.get(user=chair, confirmed=False)
    wrong = _code(device, steps_ahead=20)
    page = client.post(reverse("two_step_set_up"), {"code": wrong}).content.decode()
    assert "That code is not right" in page
    assert not TOTPDevice.objects.filter(user=chair, confirmed=True).exists()
    assert not RecoveryCodeDevice.objects.filter(user=chair).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_malformed_code_gets_a_clear_error(world: World) -> None:
    client = _signed_in_with_password("priya.shah")
    page = client.post(reverse("two_step_set_up"), {"code": "12ab"}).content.decode()
    assert "The code must be 6 numbers, like 123456" in page
    page = client.post(reverse("two_step_set_up"), {"code": ""}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page


def test_the_qr_code_stays_the_same_until_confirmed(world: World) -> None:
    client = _signed_in_with_password("priya.shah")
    first = client.get(reverse("two_step_set_up")).context["secret"]
    second = client.get(reverse("two_step_set_up")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=world.users["chair"]).count() == 1


def test_next_sign_in_asks_for_a_code_and_a_used_code_cannot_be_replayed(world: World) -> None:
    chair = world.users["chair"]
    _set_up(_signed_in_with_password("priya.shah"), chair)
    device = TOTPDevice.objects.get(user=chair, confirmed=True)
    used = _code(device)  # the set-up used this time step's code already

    client = _signed_in_with_password("priya.shah")
    response = client.get(reverse("case_detail", args=[world.case.pk]))
    assert response["Location"].startswith(reverse("two_step_verify"))
    page = client.post(reverse("two_step_verify"), {"code": used}).content.decode()
    assert "That code is not right" in page
    assert client.get(reverse("home")).status_code == 302
    _wait_out_the_throttle(device)

    response = client.post(
        reverse("two_step_verify"), {"code": _code(device, steps_ahead=1), "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
    failed = AuditEvent.objects.filter(action="two_step_failed").latest("seq")
    assert failed.detail == {"with": "authenticator app"}
    assert AuditEvent.objects.filter(action="two_step_passed").exists()


def test_wrong_codes_are_throttled(world: World) -> None:
    chair = world.users["chair"]
    _set_up(_signed_in_with_password("priya.shah"), chair)
    device = TOTPDevice.objects.get(user=chair, confirmed=True)
    client = _signed_in_with_password("priya.shah")
    for _ in range(3):
        client.post(reverse("two_step_verify"), {"code": _code(device, steps_ahead=50)})
    page = client.post(
        reverse("two_step_verify"), {"code": _code(device, steps_ahead=1)}
    ).content.decode()
    assert "You have entered too many wrong codes. Wait" in page
    assert client.get(reverse("home")).status_code == 302


def test_a_recovery_code_works_once_and_is_stored_only_as_a_hash(world: World) -> None:
    chair = world.users["chair"]
    codes = _set_up(_signed_in_with_password("priya.shah"), chair)
    stored = list(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in h or code in h for code in codes for h in stored)

    client = _signed_in_with_password("priya.shah")
    typed = codes[3].upper().replace("-", " ")  # as someone might type it
    response = client.post(reverse("two_step_recovery"), {"code": typed, "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    passed = AuditEvent.objects.filter(action="two_step_passed").latest("seq")
    assert passed.detail == {"with": "recovery code", "codes_left": 9}

    again = _signed_in_with_password("priya.shah")
    page = again.post(reverse("two_step_recovery"), {"code": codes[3]}).content.decode()
    assert "has been used already" in page
    assert again.get(reverse("home")).status_code == 302


def test_replacing_the_app_needs_the_second_step_first(world: World) -> None:
    chair = world.users["chair"]
    _set_up(_signed_in_with_password("priya.shah"), chair)
    client = _signed_in_with_password("priya.shah")
    response = client.get(reverse("two_step_set_up"))
    assert response["Location"] == reverse("two_step_verify")


def test_a_mother_is_not_made_to_use_it(world: World) -> None:
    client = _signed_in_with_password("dana.whitfield")
    assert client.get(reverse("home")).status_code == 200


def _reset(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`onrecord two-step-reset …` run in this process, on the test database."""
    from onrecord.commands import main

    code = main(["two-step-reset", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_an_administrator_resets_it_with_a_reason_and_it_is_audited(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    chair = world.users["chair"]
    _set_up(_signed_in_with_password("priya.shah"), chair)

    code, said = _reset(capsys, "priya.shah", "--by", "tom.bennett", "--reason", "lost phone")
    assert code == 1
    assert "not an active administrator" in said
    code, said = _reset(capsys, "priya.shah", "--by", "admin", "--reason", "  ")
    assert code == 2
    assert "Give the reason" in said
    assert TOTPDevice.objects.filter(user=chair).exists()

    code, said = _reset(
        capsys, "priya.shah", "--by", "admin", "--reason", "Lost phone; identity checked by call"
    )
    assert code == 0, said
    assert "Two-step verification reset for priya.shah" in said
    assert not TOTPDevice.objects.filter(user=chair).exists()
    assert not RecoveryCodeDevice.objects.filter(user=chair).exists()
    event = AuditEvent.objects.filter(action="two_step_reset").latest("seq")
    assert event.actor_username == "admin"
    assert event.ip_address.startswith("cli:")
    assert event.object_id == str(chair.pk)
    assert event.detail == {
        "by": "admin",
        "reason": "Lost phone; identity checked by call",
        "apps": 1,
        "passkeys": 0,
    }
    # At her next sign-in she sets it up again.
    client = _signed_in_with_password("priya.shah")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_step_set_up"))


def test_nobody_resets_their_own(world: World) -> None:
    from onrecord.accounts import devices

    admin = world.users["admin"]
    with pytest.raises(ValueError, match="Ask another administrator"):
        devices.reset(admin, by=admin, reason="mine")
