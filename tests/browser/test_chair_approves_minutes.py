"""The chair drafts the minutes of a conference run in meeting mode, writes a decision and an
action (a missing owner is refused first, on the field), approves them after the confirmation
step, and the page shows them approved with a Word download. Every page checked with axe-core,
the edit page also at phone width."""

from __future__ import annotations

from typing import Any

import pytest

from tests.minutes.conftest import run_meeting
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_drafts_edits_and_approves_the_minutes(world: World, visitors: Any) -> None:
    run_meeting(world)
    chair = visitors()
    chair.already_signed_in(world.users["chair"])
    page = chair.goto(f"/meetings/{world.meeting.pk}/minutes/", "Minutes")
    with page.expect_navigation():
        page.get_by_role("button", name="Draft the minutes").click()
    chair.check("Minutes")
    assert "Draft" in page.locator("#status").inner_text()
    assert "Marcus Reid, Jade's father" in page.locator("#minutes").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Edit the minutes").click()
    chair.check("Edit the minutes")
    page.locator("[name$='-decisions']").last.fill("Child protection plan.")
    page.locator("[name$='-action-1-action']").last.fill("Book the first core group")
    page.locator("[name$='-action-1-due-day']").last.fill("14")
    page.locator("[name$='-action-1-due-month']").last.fill("3")
    page.locator("[name$='-action-1-due-year']").last.fill("2025")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as version 2").click()
    chair.check("Edit the minutes")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "action 1: say who will do it (the owner)" in summary
    page.locator("[name$='-action-1-owner']").last.fill("Tom Bennett")
    with page.expect_navigation():
        page.get_by_role("button", name="Save as version 2").click()
    chair.check("Minutes")
    assert "Book the first core group" in page.locator("#minutes").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Approve the minutes").click()
    chair.check("Approve version 2 of the minutes")
    page.get_by_label("I have read these minutes and approve them").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve the minutes").click()
    chair.check("Minutes")
    assert "Approved" in page.locator("#status").inner_text()
    assert page.get_by_role("link", name="Download as a Word document").count() == 1


def test_the_edit_page_on_a_phone(world: World, visitors: Any) -> None:
    from onrecord.minutes import services

    run_meeting(world)
    services.generate(world.meeting, by=world.users["social_worker"])
    worker = visitors(phone=True)
    worker.already_signed_in(world.users["social_worker"])
    worker.goto(f"/meetings/{world.meeting.pk}/minutes/edit/", "Edit the minutes")
