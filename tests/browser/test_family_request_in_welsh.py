"""The request journey in Welsh on a 320px phone (issue 12, docs/LANGUAGES.md): Dana chooses
Cymraeg with the switcher in the page header (a form post, as without JavaScript), asks to
record from her home page's primary button, answers the three questions, sends it, and
withdraws it, every page in Welsh (html lang="cy") and axe-core on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import Visitor, assert_accessible
from tests.recording_requests.helpers import only_request
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_request_journey_in_welsh(
    world: World, visitors: Callable[..., Visitor], live_server: Any
) -> None:
    mother = visitors(phone=True)
    mother.already_signed_in(world.users["mother"])
    page = mother.goto("/", "Your meetings")
    page.get_by_role("button", name="Cymraeg").click()
    mother.check("Eich cyfarfodydd")
    assert page.locator("html").get_attribute("lang") == "cy"
    page.get_by_role("link", name="Gofyn am gael recordio’r cyfarfod hwn").first.click()
    mother.check("Gofyn am gael recordio cyfarfod")
    page.get_by_role("button", name="Dechrau nawr").click()
    mother.check("Sut ydych chi am recordio’r cyfarfod?")
    page.get_by_role("button", name="Parhau").click()  # nothing chosen: the error in Welsh
    mother.check("Sut ydych chi am recordio’r cyfarfod?")
    assert "Dewiswch sain yn unig neu sain a lluniau" in page.inner_text("main")
    page.get_by_label("Sain yn unig (awdio)").check()
    page.get_by_role("button", name="Parhau").click()
    mother.check("Pam ydych chi am recordio’r cyfarfod?")
    page.get_by_label("I fy helpu i gofio beth a ddywedwyd").check()
    page.get_by_role("button", name="Parhau").click()
    mother.check("A oes unrhyw beth a fyddai’n eich helpu i gymryd rhan yn y cyfarfod?")
    page.get_by_role("button", name="Parhau").click()
    mother.check("Gwiriwch eich atebion cyn gofyn")
    page.get_by_role("button", name="Anfon y cais").click()
    mother.check("Cais wedi’i anfon")
    made = only_request()
    assert made.reference in page.inner_text("main")
    assert page.locator("html").get_attribute("lang") == "cy"

    page.get_by_role("link", name="Yn ôl i’r cyfarfod").click()
    mother.check(str(world.meeting))
    assert "Yn aros am benderfyniad" in page.inner_text("main")
    page.get_by_role("link", name="Tynnu fy nghais yn ôl").click()
    mother.check("Tynnu eich cais i recordio yn ôl")
    page.get_by_label("Rwyf am dynnu fy nghais yn ôl").check()
    page.get_by_role("button", name="Tynnu fy nghais yn ôl").click()
    mother.check("Cais wedi’i dynnu’n ôl")
    made.refresh_from_db()
    assert made.status == "withdrawn"

    # The choice is remembered, and English is one click away, named in English.
    page = mother.goto("/", "Eich cyfarfodydd")
    page.get_by_role("button", name="English").click()
    mother.check("Your meetings")
    assert page.locator("html").get_attribute("lang") == "en-GB"


def test_the_sign_out_warning_counts_down_in_welsh(
    world: World, visitors: Callable[..., Visitor], live_server: Any
) -> None:
    """The inactivity warning's countdown is written by JavaScript from the words the page
    gives it, so it is Welsh too: "1 munud 30 eiliad", not "1 minute 30 seconds"."""
    mother = visitors(phone=True)
    mother.already_signed_in(world.users["mother"])
    mother.page.clock.install()
    page = mother.goto("/", "Your meetings")
    page.get_by_role("button", name="Cymraeg").click()
    mother.check("Eich cyfarfodydd")
    remaining = int(page.locator("#timeout-warning").get_attribute("data-remaining-seconds") or 0)
    page.clock.fast_forward((remaining - 90) * 1000)
    dialog = page.get_by_role("dialog", name="Rydych ar fin cael eich allgofnodi")
    dialog.wait_for()
    text = dialog.inner_text()
    # The page's clock keeps running while the test works, so a second or two may have gone.
    assert re.search(r"\b1 munud (?:[12][0-9]|30) eiliad\b", text), text
    assert "minute" not in text
    assert_accessible(page)
