"""Shared set-up for the declaration PDF's tests (English and Welsh)."""

from __future__ import annotations

import pytest

from onrecord.recording_requests import services
from onrecord.recording_requests.models import Decision, Declaration, RecordingRequest
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World


@pytest.fixture
def declaration(world: World) -> Declaration:
    """Dana's request (through the family's journey) allowed, and the declaration prepared by
    her social worker and signed by her: the set-up each test of the PDF shares."""
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    Decision.objects.create(
        request=made,
        outcome="allowed",
        decided_by=world.users["chair"],
        decided_by_role="Chair",
        reason="To help Dana remember the plan.",
        policy_outcome="allowed",
        policy_decision={"outcome": "allowed"},
    )
    made.status = RecordingRequest.Status.DECIDED
    made.save()
    declaration = services.prepare_declaration(
        made,
        world.users["social_worker"],
        worker_position="Social worker",
        worker_signed_name="Tom Bennett",
    )
    return services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )
