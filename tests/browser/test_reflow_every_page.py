"""Reflow sweep (WCAG 2.2, 1.4.10; issue 12): every page each role can reach, at 320 CSS pixels,
needs no sideways scrolling. The pages and their ids come from the URL matrix
(tests/test_url_matrix.py: every URL pattern has an entry there), filled from one authority's
records; each persona visits every page of it, and every HTML page that answers 200 is
measured. Downloads (PDF, CSV, audio, Word) are not pages and are left out by their type."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from onrecord.recording_requests import services
from tests.family_record.conftest import approve_the_minutes, hold_the_meeting
from tests.support.personas import World
from tests.test_url_matrix import ROUTES, _side

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
PERSONAS = [
    "chair",
    "social_worker",
    "team_manager",
    "legal",
    "nurse",
    "mother",
    "father_of_jade",
    "admin",
    "policy_owner",
]
# Django's admin; the JSON API for case systems; signing out; the sign-in form is covered by
# every journey that signs in (tests/browser/test_chair_opens_conference.py).
SKIPPED = {"admin:*", "api_v1:*", "logout", "login"}


def _session_cookie(user: Any, base_url: str) -> dict[str, str]:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": base_url}


def test_no_page_scrolls_sideways_at_320px(world: World, browser: Any, live_server: Any) -> None:
    # Messages on the case timeline (each with a one-time link, hidden from staff): the
    # timeline was 650px wide at 320px when it showed them.
    marcus = world.case.people.get(user=world.users["father_of_jade"])
    services.submit_request(
        world.meeting, marcus, medium="audio", purposes=["memory_aid"], channel="signed_in"
    )
    side = _side(world, world.case, world.meeting, "chair", world.users["mother"].username)
    # The meeting held and its notes approved, so the family's own record has pages to measure
    # (the mother's whole notes, Marcus's with parts left out).
    hold_the_meeting(world)
    approve_the_minutes(world)
    urls = {
        name: reverse(name, kwargs=ids(side))
        for name, (ids, _) in ROUTES.items()
        if name not in SKIPPED
    }
    too_wide: list[str] = []
    measured: dict[str, int] = {}
    for persona in PERSONAS:
        context = browser.new_context(viewport={"width": WIDTH, "height": 800}, bypass_csp=True)
        context.add_cookies([_session_cookie(world.users[persona], live_server.url)])
        page = context.new_page()
        page.set_default_timeout(10_000)
        for name, path in urls.items():
            head = context.request.get(live_server.url + path, max_redirects=0)
            kind = head.headers.get("content-type", "")
            if head.status != 200 or not kind.startswith("text/html"):
                continue
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            measured[f"{persona} {name}"] = width
            if width > WIDTH:
                too_wide.append(f"{persona} {name} ({path}): {width}px")
        context.close()
    assert len(measured) > 40, f"too few pages measured: {sorted(measured)}"
    for family_page in ("family_record", "family_transcript", "family_ask_for_a_copy"):
        assert f"father_of_jade {family_page}" in measured, family_page  # with parts left out
        assert f"mother {family_page}" in measured, family_page
    not_pages = {"policy_home", "policy_confirm_reading"}  # a redirect; a button's POST
    policy_pages = [name for name in ROUTES if name.startswith("policy_") and name not in not_pages]
    assert not [p for p in policy_pages if f"policy_owner {p}" not in measured]
    assert not too_wide, "pages wider than 320px:\n" + "\n".join(too_wide)
