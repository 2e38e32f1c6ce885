"""Disposing of a recording tells the authority's case system (`recording.disposed`, written
in the disposal's transaction)."""

from __future__ import annotations

from typing import Any

from onrecord.retention.disposal import dispose
from onrecord.vault.models import Recording
from onrecord.webhooks.models import Event


def test_disposal_writes_the_event(warned_recording: Recording, records_manager: Any) -> None:
    dispose(warned_recording, by=records_manager)
    event = Event.objects.get(kind="recording.disposed")
    assert event.data["object"] == {"type": "vault.recording", "id": str(warned_recording.pk)}
    assert event.data["meeting_id"] == str(warned_recording.meeting_id)
