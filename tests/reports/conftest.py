"""The reports' shared fixture: three requests (one allowed after 2 days, one refused after 4,
one waiting), their reasons and grounds, and an open incident with an overdue task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onrecord.incidents import services as incidents
from onrecord.incidents.models import Task
from onrecord.recording_requests.models import Decision, RecordingRequest
from tests.recording_requests.helpers import person, walk_journey
from tests.support.personas import World

GROUND = {
    "code": "LD-RISK-OF-HARM",
    "effect": "refer",
    "text": "Risk.",
    "cites": {"seed": "001_faf809ee2c83eecf.txt", "section": "f"},
}


def _decide(made: RecordingRequest, world: World, outcome: str, days: int) -> None:
    Decision.objects.create(
        request=made,
        outcome=outcome,
        decided_by=world.users["chair"],
        decided_by_role="Chair",
        decided_at=made.made_at + dt.timedelta(days=days),
        reason="r",
        policy_outcome=outcome,
        policy_decision={"reasons": [GROUND, {**GROUND, "code": "X-NOTE", "effect": "note"}]},
    )
    made.status = RecordingRequest.Status.DECIDED
    made.save()


@pytest.fixture
def activity(world: World) -> World:
    walk_journey(world.client_for("mother"), world.meeting, purposes=("memory_aid", "court"))
    walk_journey(world.client_for("father_of_jade"), world.meeting, purposes=("memory_aid",))
    walk_journey(world.client_for("father_of_leo"), world.meeting, purposes=("publish",))
    _decide(RecordingRequest.objects.get(requester=person("Dana Whitfield")), world, "allowed", 2)
    _decide(RecordingRequest.objects.get(requester=person("Marcus Reid")), world, "refused", 4)
    incident = incidents.open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["social_worker"],  # so informing the chair is a task for them
        discovered_by="Tom Bennett",
        discovered_at=timezone.now(),
        description="x",
    )
    Task.objects.filter(incident=incident, code="inform_chair").update(
        due_on=timezone.localdate() - dt.timedelta(days=1)
    )
    return world
