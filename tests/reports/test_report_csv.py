"""CSV downloads: each table as on the page, and every table in one file; formula-looking cells
neutralised; an unknown table is 404; each download audited."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Meeting
from tests.support.personas import World


def rows(response: object) -> list[list[str]]:
    content = response.content.decode()  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(content)))


def test_each_table_downloads_with_the_figures_on_the_page(activity: World) -> None:
    client = activity.client_for("team_manager")
    response = client.get(reverse("report_table_csv", args=["requests-by-meeting-kind"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "onrecord-requests-by-meeting-kind.csv" in response["Content-Disposition"]
    assert rows(response) == [
        ["Kind of meeting", "Allowed", "Refused", "Waiting for a decision", "Withdrawn", "Total"],
        ["Child protection conference", "1", "1", "1", "0", "3"],
    ]
    waits = rows(client.get(reverse("report_table_csv", args=["time-to-decision"])))
    assert waits[1] == ["All meetings", "2", "3.0", "3.8", "4.0"]
    incidents = rows(client.get(reverse("report_table_csv", args=["incidents-by-kind"])))
    assert incidents[1] == ["Covert recording discovered", "1", "0", "1", "1", ""]
    audited = AuditEvent.objects.filter(object_type="reports.report", action="download")
    assert audited.count() == 3


def test_every_table_in_one_file(activity: World) -> None:
    all_rows = rows(activity.client_for("legal").get(reverse("report_csv")))
    assert all_rows[0] == ["table", "row", "column", "value"]
    assert [
        "Requests to record, by kind of meeting",
        "Child protection conference",
        "Refused",
        "1",
    ] in all_rows
    assert ["Days from request to decision", "All meetings", "Median days", "3.0"] in all_rows
    tables = {r[0] for r in all_rows[1:]}
    assert "Why families asked to record, by month" in tables
    assert "Incidents, open and closed, by kind" in tables


def test_formula_looking_labels_are_neutralised(world: World) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(kind="=HYPERLINK(1)")
    from tests.recording_requests.helpers import walk_journey

    walk_journey(world.client_for("mother"), world.meeting)
    got = rows(
        world.client_for("team_manager").get(
            reverse("report_table_csv", args=["requests-by-meeting-kind"])
        )
    )
    assert got[1][0] == "'=HYPERLINK(1)"


def test_unknown_table_is_not_found(world: World) -> None:
    client = world.client_for("team_manager")
    assert client.get(reverse("report_table_csv", args=["secrets"])).status_code == 404
