"""A team manager opens Reports from the service navigation (issue 5): the charts are drawn on
the server beside tables with the same figures, every table has its CSV download, and the page
passes axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest

from onrecord.incidents import services as incidents
from tests.browser.journeys import allowed_with_signed_declaration
from tests.support.personas import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTS = "Requests to record and incidents"


def test_manager_reads_the_reports(world: World, visitors: Any, live_server: Any) -> None:
    allowed_with_signed_declaration(world)
    incidents.open_incident(
        world.case,
        kind="publication",
        opened_by=world.users["chair"],
        discovered_by="Tom Bennett",
        discovered_at=world.meeting.scheduled_start.replace(year=2026, month=1),
        description="Posted online.",
        where_found="A public group",
    )
    manager = visitors()
    manager.already_signed_in(world.users["team_manager"])
    page = manager.goto("/", "Your cases")
    with page.expect_navigation():
        page.get_by_role("link", name="Reports").click()
    manager.check(REPORTS)
    charts = page.locator("svg.onrecord-chart")
    assert charts.count() >= 5
    assert charts.first.get_attribute("aria-hidden") == "true"
    kind_table = page.get_by_role("table", name="Requests to record, by kind of meeting")
    assert "Child protection conference" in kind_table.inner_text()
    incidents_table = page.get_by_role("table", name="Incidents, open and closed, by kind")
    assert "Recording published online" in incidents_table.inner_text()
    download = page.get_by_role(
        "link", name=re.compile("^Download this table as CSV.*Days from request to decision")
    )
    assert download.get_attribute("href") == "/reports/time-to-decision.csv"
    response = page.request.get(live_server.url + "/reports/time-to-decision.csv")
    assert response.ok
    assert response.text().splitlines()[1].startswith("All meetings,1,")
