"""Reference numbers (issue 12): short, readable aloud, unique."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError
from django.utils import timezone

from onrecord.recording_requests import reference
from onrecord.recording_requests.models import RecordingRequest
from tests.recording_requests.helpers import only_request, walk_journey
from tests.support.personas import World


def test_references_use_no_look_alike_characters() -> None:
    drawn = {reference.new_reference() for _ in range(500)}
    assert len(drawn) == 500
    for ref in drawn:
        assert reference.PATTERN.fullmatch(ref), ref
        assert not set(ref[4:].replace("-", "")) & set("0O1IL5S8B")


def test_every_request_gets_its_own_reference(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    assert made.reference
    assert reference.PATTERN.fullmatch(made.reference)
    other = RecordingRequest(
        meeting=made.meeting,
        requester=made.requester,
        channel=made.channel,
        medium=made.medium,
        status=RecordingRequest.Status.WITHDRAWN,
        reference=made.reference,
    )
    with pytest.raises(IntegrityError):
        other.save()


def test_a_taken_reference_is_drawn_again(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    first = only_request()
    first.status = RecordingRequest.Status.WITHDRAWN
    first.save()
    draws: list[Any] = [first.reference, "REC-ACDE-FGHJ"]
    monkeypatch.setattr("onrecord.recording_requests.services.new_reference", lambda: draws.pop(0))
    walk_journey(world.client_for("mother"), world.meeting)
    second = RecordingRequest.objects.exclude(pk=first.pk).get()
    assert second.reference == "REC-ACDE-FGHJ"


def test_the_confirmation_page_gives_the_reference_and_by_when(world: World) -> None:
    client = world.client_for("mother")
    response = walk_journey(client, world.meeting)
    page = client.get(response["Location"]).content.decode()
    made = only_request()
    assert str(made.reference) in page
    assert "What happens next" in page
    assert f"{timezone.localtime(world.meeting.scheduled_start):%-d %B %Y}" in page
