"""Issue 14, on a phone with axe on every page: a mother who records because of a need says
what makes meetings hard for her and is shown the help on offer; the nurse, objecting through
her link, says whether she would still come; the chair records, for the policy, that recording
came up before, and the decide page applies the Leeds clauses that follow."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.conftest import Visitor
from tests.browser.journeys import open_request, sign_in_to_conference, view_link_sent_to
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_needs_help_would_attend_and_the_decision_makers_facts(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    authority = world.case.authority
    authority.policy_profile = "leeds"
    authority.save(update_fields=["policy_profile"])

    mother = visitors(phone=True)
    sign_in_to_conference(mother, "dana.whitfield")
    page = mother.page
    page.get_by_role("link", name="Ask to record this meeting").click()
    mother.check("Ask to record a meeting")
    page.get_by_role("button", name="Start now").click()
    mother.check("How do you want to record the meeting?")
    page.get_by_label("Sound only (audio)").check()
    page.get_by_role("button", name="Continue").click()
    mother.check("Why do you want to record the meeting?")
    page.get_by_label("Because of a disability, literacy or language need").check()
    page.get_by_role("button", name="Continue").click()
    mother.check("What makes meetings hard for you?")
    page.get_by_role("button", name="Continue").click()  # nothing chosen: an error
    mother.check("What makes meetings hard for you?")
    assert "Choose what makes meetings hard for you" in page.locator("main").inner_text()
    page.get_by_label("English is not my first language").check()
    page.get_by_role("button", name="Continue").click()
    mother.check("Is there anything that would help you take part in the meeting?")
    page.get_by_role("button", name="Continue").click()
    mother.check("Check your answers before asking")
    assert "You can have an interpreter." in page.locator("main").inner_text()
    page.get_by_role("button", name="Send request").click()
    mother.check("Request sent")

    nurse = visitors(phone=True)
    nurse.goto(view_link_sent_to(world, "nurse"), "Your view on recording the meeting")
    nurse.page.get_by_label("I object to it being recorded").check()
    nurse.page.get_by_label("Tell us why (optional)").fill("I visit the family at home")
    nurse.page.get_by_label("Yes, I would still come").check()
    nurse.page.get_by_role("button", name="Send my view").click()
    nurse.check("Thank you")

    chair = visitors()
    sign_in_to_conference(chair, "priya.shah")
    open_request(chair, "Dana Whitfield")
    chair.page.get_by_role("link", name="Decide on this request").click()
    chair.check("Decide on the request to record")
    assert "LD-LANGUAGE-SUPPORT" in chair.page.locator("main").inner_text()
    chair.page.get_by_label("Yes, it came up at an earlier meeting").check()
    chair.page.get_by_role("button", name="Save these answers").click()
    chair.check("Decide on the request to record")
    assert "LD-RAISED-BEFORE" in chair.page.locator("main").inner_text()
