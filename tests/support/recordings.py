"""The demo conference's own recording, stored through the real vault as the chair's upload."""

from __future__ import annotations

import io

import pytest

from onrecord.audit.context import Actor, acting_as
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.vault import audio


def store_conference_recording(world: World, seconds: float) -> Recording:
    """`seconds` of test audio, ingested for the demo meeting by the chair (from 10.0.0.7)."""
    chair = world.users["chair"]
    with acting_as(Actor(chair.pk, chair.username, chair.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(audio.wav(seconds)),
            meeting=world.meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=chair,
            original_filename="conference.wav",
        )


@pytest.fixture
def recording(world: World) -> Recording:
    """The conference recording: one second, stored by the chair."""
    return store_conference_recording(world, seconds=1.0)
