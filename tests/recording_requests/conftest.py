"""Shared set-up for the declaration PDF's tests (English and Welsh)."""

from __future__ import annotations

import pytest

from onrecord.recording_requests import services
from onrecord.recording_requests.models import Declaration
from tests.recording_requests.helpers import allowed_request
from tests.support.personas import World


@pytest.fixture
def declaration(world: World) -> Declaration:
    """Dana's request (through the family's journey) allowed, and the declaration prepared by
    her social worker and signed by her: the set-up each test of the PDF shares."""
    made = allowed_request(world)
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
