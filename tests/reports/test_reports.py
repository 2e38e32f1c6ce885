"""Reports for a service manager: requests and outcomes by month and meeting kind, reasons,
incidents open and closed, time to decision; CSV export; managers only (issue 5)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.incidents import services as incidents
from onrecord.recording_requests.models import Decision, RecordingRequest
from tests.conftest import World
from tests.recording_requests.helpers import person, walk_journey


def _decide(made: RecordingRequest, world: World, outcome: str, days: int) -> None:
    Decision.objects.create(
        request=made,
        outcome=outcome,
        decided_by=world.users["chair"],
        decided_by_role="Chair",
        decided_at=made.made_at + dt.timedelta(days=days),
        reason="r",
        policy_outcome=outcome,
        policy_decision={},
    )
    made.status = RecordingRequest.Status.DECIDED
    made.save()


@pytest.fixture
def activity(world: World) -> World:
    walk_journey(world.client_for("mother"), world.meeting, purposes=("memory_aid", "court"))
    walk_journey(world.client_for("father_of_jade"), world.meeting, purposes=("memory_aid",))
    walk_journey(world.client_for("father_of_leo"), world.meeting, purposes=("publish",))
    mother, marcus = (
        RecordingRequest.objects.get(requester=person("Dana Whitfield")),
        RecordingRequest.objects.get(requester=person("Marcus Reid")),
    )
    _decide(mother, world, "allowed", 2)
    _decide(marcus, world, "refused", 4)
    incident = incidents.open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["chair"],
        discovered_by="Priya Shah",
        discovered_at=timezone.now(),
        description="x",
    )
    assert incident.status == "open"
    return world


def test_manager_sees_counts_and_time_to_decision(activity: World) -> None:
    page = activity.client_for("team_manager").get(reverse("report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Child protection conference" in html
    assert "days from request to decision (median)" in html
    assert ">3.0<" in html  # median of 2 and 4 days
    assert "To help me remember what was said: 2" in html
    assert "Covert recording discovered" in html


def test_csv_export_has_the_same_figures(activity: World) -> None:
    response = activity.client_for("team_manager").get(reverse("report_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    by_kind = next(r for r in rows if r[0] == "meeting kind")
    assert by_kind[1:] == ["Child protection conference", "1", "1", "1", "3"]
    incidents_row = next(r for r in rows if r[0] == "incidents")
    assert incidents_row[1:4] == ["Covert recording discovered", "1", "0"]


@pytest.mark.parametrize("persona", ["mother", "nurse", "social_worker", "admin"])
def test_reports_are_for_managers_and_chairs(world: World, persona: str) -> None:
    assert world.client_for(persona).get(reverse("report")).status_code == 403


def test_other_authoritys_figures_are_not_included(activity: World) -> None:
    page = activity.client_for("other_authority").get(reverse("report")).content.decode()
    assert "No requests yet." in page
