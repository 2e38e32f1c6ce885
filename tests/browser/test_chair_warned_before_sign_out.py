"""The "you'll be signed out soon" warning in a real browser: it opens two minutes before the
server's limit, "Stay signed in" keeps the session without leaving the page, and at zero the
person is signed out and told why (issue 13; ASVS 5.0 V7.3.1). The page's clock is Playwright's
fake one, fast-forwarded; the server's is real."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from onrecord.accounts.middleware import SESSION_KEY
from tests.browser.conftest import Visitor, assert_accessible
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _stored_session(visitor: Visitor) -> dict[str, Any]:
    cookie = next(c for c in visitor.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return SessionStore(session_key=cookie["value"]).load()


def _chair_on_home_page(world: World, visitors: Any) -> Visitor:
    chair: Visitor = visitors()
    chair.already_signed_in(world.users["chair"])
    chair.page.clock.install()
    chair.goto("/", "Your cases")
    return chair


def test_stay_signed_in_keeps_the_page_and_the_session(world: World, visitors: Any) -> None:
    chair = _chair_on_home_page(world, visitors)
    page = chair.page
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    page.clock.fast_forward("27:00")
    assert not dialog.is_visible()
    # Back-date the server's record too, so "Stay signed in" must really write it.
    cookie = next(c for c in chair.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    session = SessionStore(session_key=cookie["value"])
    session[SESSION_KEY] = time.time() - 27 * 60
    session.save()

    page.clock.fast_forward("01:30")
    dialog.wait_for()
    assert "sign you out in" in dialog.inner_text()
    assert_accessible(page)
    url_before = page.url
    dialog.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    assert page.url == url_before  # no page load
    assert time.time() - _stored_session(chair)[SESSION_KEY] < 10
    # The clock started again: another 27 minutes pass without a warning.
    page.clock.fast_forward("27:00")
    assert not dialog.is_visible()


def test_escape_also_means_stay_signed_in(world: World, visitors: Any) -> None:
    chair = _chair_on_home_page(world, visitors)
    page = chair.page
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    page.clock.fast_forward("28:30")
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert "_auth_user_id" in _stored_session(chair)


def test_at_zero_the_person_is_signed_out_and_told_why(world: World, visitors: Any) -> None:
    chair = _chair_on_home_page(world, visitors)
    page = chair.page
    page.clock.fast_forward("28:30")
    page.get_by_role("dialog", name="You’re about to be signed out").wait_for()
    page.clock.fast_forward("02:00")
    page.wait_for_url("**/accounts/sign-in/?timed_out=1")
    chair.check("Sign in")
    assert page.get_by_text("You were signed out").is_visible()
    # Really signed out: the session cookie is gone and the home page asks to sign in.
    names = {c["name"] for c in chair.context.cookies()}
    assert settings.SESSION_COOKIE_NAME not in names
    page.goto(chair.base_url + "/")
    chair.check("Sign in")
