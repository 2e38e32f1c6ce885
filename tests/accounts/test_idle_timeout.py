"""Signed out after inactivity: 30 minutes for staff by default, longer for families; the
sign-out is audited and explained; background polls do not keep a session alive."""

from __future__ import annotations

import json
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from onrecord.accounts.middleware import SESSION_KEY, IdleTimeoutMiddleware
from onrecord.audit.models import AuditEvent
from tests.support.personas import World


def _idle_for(client: Client, seconds: float) -> None:
    session = client.session
    session[SESSION_KEY] = time.time() - seconds
    session.save()


def _home(client: Client, **headers: str) -> HttpResponse:
    return client.get(reverse("home"), headers=headers)  # type: ignore[return-value]


def test_a_chair_idle_for_31_minutes_is_signed_out_and_told_why(world: World) -> None:
    client = world.client_for("chair")
    assert _home(client).status_code == 200
    _idle_for(client, 31 * 60)
    response = _home(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?")
    assert "timed_out=1" in response["Location"]
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.filter(action="sign_out").latest("seq")
    assert event.actor_username == "priya.shah"
    assert event.detail == {"reason": "inactive", "idle_limit_minutes": 30}
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out" in page
    assert "had not done anything for a while" in page


def test_a_chair_idle_for_29_minutes_is_still_signed_in(world: World) -> None:
    client = world.client_for("chair")
    _home(client)
    _idle_for(client, 29 * 60)
    assert _home(client).status_code == 200
    assert "_auth_user_id" in client.session
    # ...and that request counted as activity: the clock starts again.
    assert time.time() - client.session[SESSION_KEY] < 5


def test_a_mother_gets_an_hour(world: World) -> None:
    client = world.client_for("mother")
    _home(client)
    _idle_for(client, 45 * 60)
    assert _home(client).status_code == 200
    _idle_for(client, 61 * 60)
    assert _home(client).status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES=10)
def test_the_staff_limit_is_a_setting(world: World) -> None:
    client = world.client_for("social_worker")
    _home(client)
    _idle_for(client, 11 * 60)
    assert _home(client).status_code == 302


@override_settings(ONRECORD_IDLE_TIMEOUT_OTHERS_MINUTES=90)
def test_the_family_limit_is_a_setting(world: World) -> None:
    client = world.client_for("mother")
    _home(client)
    _idle_for(client, 80 * 60)
    assert _home(client).status_code == 200
    _idle_for(client, 91 * 60)
    assert _home(client).status_code == 302


def test_a_background_poll_does_not_count_as_activity(world: World) -> None:
    client = world.client_for("chair")
    _home(client)
    _idle_for(client, 20 * 60)
    before = client.session[SESSION_KEY]
    assert _home(client, X_OnRecord_Background="1").status_code == 200
    assert client.session[SESSION_KEY] == before


def test_a_background_poll_after_the_limit_gets_401_json(world: World) -> None:
    client = world.client_for("chair")
    _home(client)
    _idle_for(client, 31 * 60)
    response = _home(client, X_OnRecord_Background="1", Accept="application/json")
    assert response.status_code == 401
    assert json.loads(response.content)["error"] == "signed_out"


def test_a_form_posted_after_the_limit_is_not_acted_on(world: World) -> None:
    client = world.client_for("chair")
    _home(client)
    _idle_for(client, 31 * 60)
    before = AuditEvent.objects.count()
    response = client.post(reverse("stay_signed_in"), {"next": "/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?timed_out=1"
    # Only the sign-out itself was recorded.
    actions = list(AuditEvent.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert actions == ["sign_out"]


def test_stay_signed_in_touches_the_session(world: World) -> None:
    client = world.client_for("chair")
    _home(client)
    _idle_for(client, 28 * 60)
    response = client.post(
        reverse("stay_signed_in"), {"next": "/"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 204
    assert time.time() - client.session[SESSION_KEY] < 5


def test_stay_signed_in_without_javascript_goes_back_but_never_off_site(world: World) -> None:
    client = world.client_for("chair")
    back = client.post(reverse("stay_signed_in"), {"next": "/cases/"})
    assert back["Location"] == "/cases/"
    away = client.post(reverse("stay_signed_in"), {"next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_stay_signed_in_is_for_signed_in_people_only(db: None) -> None:
    response = Client().post(reverse("stay_signed_in"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_carries_the_warning_with_the_servers_remaining_time(world: World) -> None:
    client = world.client_for("chair")
    _home(client)
    _idle_for(client, 50)  # under a minute: not touched again, so 50 s are already gone
    html = _home(client).content.decode()
    assert 'data-module="onrecord-timeout-warning"' in html
    assert 'data-limit-seconds="1800"' in html
    remaining = int(html.split('data-remaining-seconds="')[1].split('"')[0])
    assert 1745 <= remaining <= 1750
    assert "You’re about to be signed out" in html


def test_signed_out_pages_have_no_warning(db: None) -> None:
    html = Client().get(reverse("login")).content.decode()
    assert "onrecord-timeout-warning" not in html


@pytest.mark.parametrize(
    "changes",
    [
        {"ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES": 1},
        {"ONRECORD_IDLE_WARNING_MINUTES": 30},
    ],
)
def test_settings_that_do_not_fit_stop_start_up(changes: dict[str, int]) -> None:
    with override_settings(**changes), pytest.raises(ImproperlyConfigured, match="do not fit"):
        IdleTimeoutMiddleware(lambda request: HttpResponse())
