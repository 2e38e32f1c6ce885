"""The council's policy owner (issue 14), in a real browser on a phone: opens the recording
policy from the service navigation, reads the rules in force with their clauses, starts a draft
from the version in force, changes one rule, sees what it would change in the stored decision,
compares it with the version in force and approves it from today. Every page passes axe-core
and fits 320 px."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from django.utils import timezone

from onrecord.policy_versions.models import PolicyVersion
from onrecord.recording_requests.decisions import policy_decision, record_decision
from tests.browser.journeys import requested
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_policy_owner_changes_a_rule_and_approves_it(
    world: World, visitors: Any, live_server: Any
) -> None:
    made = requested(world)
    engine = policy_decision(made)
    record_decision(
        made, world.users["chair"], outcome=engine["outcome"], reason="Policy.", engine=engine
    )
    [code] = [r["code"] for r in engine["reasons"] if r["effect"] == "refuse"]
    owner = visitors(phone=True)
    owner.already_signed_in(world.users["policy_owner"])
    page = owner.goto("/", "Welcome to OnRecord")
    with page.expect_navigation():
        page.get_by_role("link", name="Recording policy").click()
    owner.check("Rules in force")
    assert page.locator(f"#rule-{code}").is_visible()

    page.get_by_role("link", name="Versions", exact=True).click()
    owner.check("Versions")
    page.get_by_role("link", name="Start a draft from the version in force").click()
    owner.check("Start a draft from the version in force")
    page.get_by_label("Version label for the draft").fill("2099-01")
    page.get_by_role("button", name="Start the draft").click()
    owner.check(re.compile("^Edit Version 2"))
    data = yaml.safe_load(page.get_by_label("The profile (YAML)").input_value())
    for rule in data["rules"]:
        if rule["code"] == code:
            rule["effect"] = "refer"
    page.get_by_label("The profile (YAML)").fill(yaml.safe_dump(data, sort_keys=False))
    page.get_by_role("button", name="Save the draft").click()
    owner.check(re.compile("^Version 2"))

    page.get_by_role("link", name="See what would change").click()
    owner.check(re.compile("^What would change under Version 2"))
    assert "1 decision replayed: 1 would change." in page.locator("#replay-summary").inner_text()
    assert "Outcome: now for_decision_maker (was refused)" in page.locator("main").inner_text()

    page.get_by_role("link", name="Back to Version 2 (hackney 2099-01)").click()
    owner.check(re.compile("^Version 2"))
    page.get_by_role("link", name="Compare with the version in force").click()
    owner.check("Compare two versions")
    assert "Effect: now “refer” (was “refuse”)" in page.locator("main").inner_text()

    page.go_back()
    owner.check(re.compile("^Version 2"))
    page.get_by_role("link", name="Approve this draft").click()
    owner.check(re.compile("^Approve Version 2"))
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label(re.compile("^I have read the rules")).check()
    page.get_by_role("button", name="Approve", exact=True).click()
    owner.check("Versions")
    assert "approved" in page.locator(".govuk-notification-banner, main").first.inner_text()
    approved = PolicyVersion.objects.get(label="2099-01")
    assert approved.effective_from == today
    assert policy_decision(made)["policy"]["version"] == "2099-01"
