"""Headless Chromium (Debian's package) driven by Playwright, against pytest-django's live
server. Playwright's own browser download is never used: it cannot run on these machines."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "onrecord" / "static_build" / "test" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("ONRECORD_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """One Playwright per test run: its sync API refuses a second one in the same thread, so
    every browser (the usual one, the fake-microphone one) is launched from this."""
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI: scripts/setup.sh --test installs it")
        pytest.skip("Chromium is not installed (run: scripts/setup.sh --test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


def launch(playwright_driver: Any, extra_args: tuple[str, ...] = ()) -> Any:
    return playwright_driver.chromium.launch(
        executable_path=chromium_path(), args=[*CHROMIUM_FLAGS, *extra_args]
    )


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    browser = launch(playwright_driver)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 768}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@functools.cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def assert_accessible(page: Any) -> None:
    """Run axe-core on the current page: no serious or critical WCAG 2.x A/AA violations.
    (Only violations are collected in full: axe takes much less time on each page.)"""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async () => await axe.run(document, {
            resultTypes: ['violations'],
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })"""
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]]} for v in bad],
        indent=2,
    )


def assert_fits_width(page: Any, width: int = 320) -> None:
    """WCAG 1.4.10 reflow: at 320 CSS pixels nothing needs sideways scrolling."""
    page.set_viewport_size({"width": width, "height": 800})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide at a {width}px viewport"


class Visitor:
    """One person's own browser (their own cookies), for journeys where several people take
    turns. Each page they land on must be checked with `check()` (axe-core, and the 320 px
    reflow check on a phone) before they move on: the `visitors` fixture fails the test if a
    page was visited and never checked."""

    def __init__(self, browser: Any, base_url: str, *, phone: bool) -> None:
        self.base_url = base_url
        self.phone = phone
        size = {"width": 320, "height": 800} if phone else {"width": 1024, "height": 768}
        self.context = browser.new_context(viewport=size, bypass_csp=True)
        # axe-core is loaded into every page as it opens, rather than sent over for each check.
        self.context.add_init_script(script=axe_source())
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.unchecked: str | None = None
        self.missed: list[str] = []
        self.page.on("framenavigated", self._navigated)

    def _navigated(self, frame: Any) -> None:
        if frame.parent_frame is not None:
            return
        if self.unchecked is not None:
            self.missed.append(self.unchecked)
        self.unchecked = frame.url

    def check(self, heading: str | re.Pattern[str]) -> Any:
        """Wait for the page with this main heading, then check it. Returns the page."""
        self.page.get_by_role("heading", name=heading, level=1).wait_for()
        assert_accessible(self.page)
        if self.phone:
            assert_fits_width(self.page)
        self.unchecked = None
        return self.page

    def goto(self, path: str, heading: str | re.Pattern[str]) -> Any:
        self.page.goto(self.base_url + path)
        return self.check(heading)

    def sign_in(self, username: str, password: str) -> Any:
        """Sign in through the real form; lands on the home page (checked)."""
        self.goto("/accounts/sign-in/", "Sign in")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        return self.check(re.compile("^Your (cases|meetings)$"))

    def already_signed_in(self, user: Any) -> None:
        """Start with a session for this user, as if they had signed in earlier (the sign-in
        page itself is covered by test_chair_opens_conference.py): keeps long journeys fast."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": self.base_url}]
        )

    def close(self) -> list[str]:
        if self.unchecked is not None:
            self.missed.append(self.unchecked)
        self.context.close()
        return self.missed


@pytest.fixture
def visitors(browser: Any, live_server: Any) -> Iterator[Callable[..., Visitor]]:
    """`visitors(phone=True)` opens a new person's browser; all are closed at the end, and the
    test fails if any page one of them landed on was not checked."""
    opened: list[Visitor] = []

    def open_browser(*, phone: bool = False) -> Visitor:
        opened.append(Visitor(browser, live_server.url, phone=phone))
        return opened[-1]

    yield open_browser
    missed = [url for visitor in opened for url in visitor.close()]
    assert not missed, f"pages visited without an accessibility check: {missed}"
