"""The reports page from the record: requests, outcomes and reasons per month and per meeting
kind, the policy grounds decisions cited, time from request to decision (median and 90th
percentile), incidents open and closed with overdue tasks; each table with its chart and its
own CSV download (issue 5)."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from tests.support.personas import World


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def section(html: str, slug: str) -> str:
    return text(html.split(f'id="{slug}"')[1].split("<h2")[0])


def test_headlines_and_every_table(activity: World) -> None:
    page = activity.client_for("team_manager").get(reverse("report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Counts for Eastmere Borough Council (demo)" in html
    headlines = text(html.split('id="headlines"')[1].split("</div>\n</div>")[0])
    assert "2 requests decided" in headlines
    assert "3.0 days from request to decision (median)" in headlines
    assert "3.8 days: 90% of decisions were made within this" in headlines
    assert "1 incidents open, with 1 overdue task" in headlines
    month = f"{timezone.localdate():%Y-%m}"
    assert f"{month} 1 1 1 0 3" in section(html, "requests-by-month")
    assert "Child protection conference 1 1 1 0 3" in section(html, "requests-by-meeting-kind")
    reasons = section(html, "reasons-by-meeting-kind")
    assert "Child protection conference 2 0 0 1 1 0 4" in reasons
    assert f"{month} 2 0 0 1 1 0 4" in section(html, "reasons-by-month")
    grounds = section(html, "grounds")
    assert "LD-RISK-OF-HARM (001_faf809ee2c83eecf.txt f) 1 1 2" in grounds
    assert "X-NOTE" not in grounds
    waits = section(html, "time-to-decision")
    assert "All meetings 2 3.0 3.8 4.0" in waits
    kinds = section(html, "incidents-by-kind")
    assert "Covert recording discovered 1 0 1 1 –" in kinds


def test_each_chart_is_drawn_on_the_server_beside_its_table(activity: World) -> None:
    html = activity.client_for("chair").get(reverse("report")).content.decode()
    assert html.count('<svg class="onrecord-chart"') == 7  # every table but time to decision
    assert "<script>" not in html.split("<main")[1].split("</main>")[0]
    for slug in ("requests-by-month", "incidents-by-kind", "time-to-decision"):
        assert reverse("report_table_csv", args=[slug]) in html


def test_nothing_yet(world: World) -> None:
    html = world.client_for("team_manager").get(reverse("report")).content.decode()
    assert "None yet." in html
    assert "<svg" not in html.split("<main")[1]
