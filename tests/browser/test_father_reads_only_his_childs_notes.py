"""Hackney 3 on the family's own record (issue 12), in a real Chromium at 320 px with axe on
every page: Marcus holds parental responsibility for Jade only. After the conference the chair
approves the notes; his home page leads with them; he reads his part of the notes and of what
people said (the introductions and Jade's items; Leo's item and the item about both children
left out, each with a plain line saying why); and he asks for a copy of the recording and is
told his reference, what happens next and by when."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from onrecord.family_record.models import SubjectAccessRequest
from tests.browser.conftest import Visitor
from tests.family_record.conftest import (
    ABOUT_BOTH,
    ABOUT_JADE,
    ABOUT_LEO,
    approve_the_minutes,
    hold_the_meeting,
)
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEFT_OUT = "It was about a child you do not have parental responsibility for."


def test_father_reads_only_his_childs_parts_of_the_notes_and_transcript(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    hold_the_meeting(world)
    approve_the_minutes(world)
    father = visitors(phone=True)
    father.already_signed_in(world.users["father_of_jade"])
    page = father.goto("/", "Your meetings")
    with page.expect_navigation():
        page.locator(".onrecord-next-step").get_by_role(
            "link", name="Read my part of the notes"
        ).click()

    father.check("My notes of the meeting")
    notes = page.locator("#my-notes").inner_text()
    assert "Jade: reports and discussion" in notes
    assert "Jade: health needs" in notes
    assert ABOUT_JADE in notes
    assert "Leo" not in page.locator("main").inner_text()
    assert ABOUT_BOTH not in notes
    assert notes.count(LEFT_OUT) == 2
    assert "Some parts of the meeting are not here." in page.locator("#left-out").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Read what people said").click()
    father.check("What people said at the meeting")
    said = page.locator("#what-was-said").inner_text()
    assert ABOUT_JADE in said
    assert "Hello everyone and welcome" in said  # before the first item
    assert ABOUT_LEO not in said
    assert ABOUT_BOTH not in said
    assert said.count(LEFT_OUT) == 2

    with page.expect_navigation():
        page.get_by_role("link", name="Back to my notes").click()
    father.check("My notes of the meeting")
    with page.expect_navigation():
        page.get_by_role("link", name="Ask for a copy of the recording or of all the notes").click()
    father.check("What do you want a copy of?")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for my copy").click()
    father.check("What do you want a copy of?")
    assert "Choose what you want a copy of." in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("A copy of the recording of the meeting").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ask for my copy").click()
    father.check("We have your request")
    made = SubjectAccessRequest.objects.get()
    assert made.reference in page.locator(".govuk-panel").inner_text()
    assert f"You get your copy by {made.due_on:%A %-d %B %Y}" in page.locator("main").inner_text()
