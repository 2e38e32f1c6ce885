"""A chair signs in, opens the demo child protection conference and sees both children and the
agenda, in a real browser (issue 2)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_fits_width
from tests.support.personas import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_signs_in_and_sees_the_conference(world: World, live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.title() == "Sign in – OnRecord"
    assert_accessible(page)

    page.get_by_label("Username").fill("priya.shah")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Your cases", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="CF-2026-0147").click()

    page.get_by_role("heading", name="Whitfield family").wait_for()
    assert page.get_by_role("heading", name="Jade Whitfield").is_visible()
    assert page.get_by_role("heading", name="Leo Okafor").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Initial child protection conference").click()
    page.get_by_role("heading", name="Agenda").wait_for()
    agenda = page.locator("#agenda + ol").inner_text()
    assert "Jade: reports and discussion" in agenda
    assert "Leo: reports and discussion" in agenda
    assert "About: Jade Whitfield, Leo Okafor" in agenda
    assert "Sensitive" in agenda
    attendees = page.locator("table").first.inner_text()
    for name in ("Priya Shah", "Tom Bennett", "Amira Hassan", "Dan Pryce", "Dana Whitfield"):
        assert name in attendees
    assert_accessible(page)
    assert_fits_width(page)


def test_wrong_password_shows_the_error_summary(world: World, live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Username").fill("priya.shah")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "Enter a correct username and password" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page)


def test_keyboard_user_can_skip_to_content(world: World, live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/accounts/sign-in/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
