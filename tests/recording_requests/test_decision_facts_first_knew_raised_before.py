"""The decision-maker records when the person asking first knew of the meeting and whether
recording has come up with the family before; the app's decision applies the clauses that turn
on them (issue 14; Hertfordshire 2.5, Leeds a and principles)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onrecord.recording_requests.models import RecordingRequest
from tests.recording_requests.helpers import move_meeting, only_request, walk_journey
from tests.recording_requests.policy_concepts import codes, decide_page, under
from tests.support.personas import World


def _facts(client: Client, made: RecordingRequest, **answers: str) -> Any:
    return client.post(
        reverse("decision_facts", args=[made.pk]),
        {"raised_before": "no", "first_knew_of_meeting_at": "", **answers},
    )


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_hertfordshire_2_5_knowing_late_is_not_held_against_the_family(world: World) -> None:
    """Hertfordshire 2.5: "as soon as they know a meeting will take place" (HT-KNEW-LATE in
    place of HT-LESS-THAN-48-HOURS)."""
    under(world, "hertfordshire")
    move_meeting(world.meeting, hours=30)
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    assert "HT-LESS-THAN-48-HOURS" in codes(decide_page(world, made))
    knew = timezone.now() - dt.timedelta(hours=3)
    response = _facts(world.client_for("chair"), made, first_knew_of_meeting_at=_local(knew))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.first_knew_of_meeting_at is not None
    assert abs(made.first_knew_of_meeting_at - knew) < dt.timedelta(minutes=1)
    found = codes(decide_page(world, made))
    assert "HT-KNEW-LATE" in found
    assert "HT-LESS-THAN-48-HOURS" not in found


def test_hertfordshire_2_5_knowing_early_keeps_the_48_hour_note(world: World) -> None:
    """Hertfordshire 2.5: "or at least 48 hours in advance" (HT-LESS-THAN-48-HOURS)."""
    under(world, "hertfordshire")
    move_meeting(world.meeting, hours=30)
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    knew = timezone.now() - dt.timedelta(days=5)
    _facts(world.client_for("chair"), made, first_knew_of_meeting_at=_local(knew))
    found = codes(decide_page(world, made))
    assert "HT-LESS-THAN-48-HOURS" in found
    assert "HT-KNEW-LATE" not in found


def test_leeds_principles_recording_raised_before(world: World) -> None:
    """Leeds, principles: "If the issue has come up at a previous meeting, the chair ... ask
    the person who wanted to record previously what they would like to do" (LD-RAISED-BEFORE
    in place of Leeds a's first-time LD-EXPLORE-REASONS)."""
    under(world, "leeds")
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    first = codes(decide_page(world, made))
    assert "LD-EXPLORE-REASONS" in first
    assert "LD-RAISED-BEFORE" not in first
    _facts(world.client_for("chair"), made, raised_before="yes")
    made.refresh_from_db()
    assert made.raised_before is True
    again = codes(decide_page(world, made))
    assert "LD-RAISED-BEFORE" in again
    assert "LD-EXPLORE-REASONS" not in again


def test_a_first_knew_after_the_request_was_made_is_refused_naming_it(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    client = world.client_for("chair")
    later = timezone.now() + dt.timedelta(days=1)
    response = _facts(client, made, first_knew_of_meeting_at=_local(later), raised_before="yes")
    html = client.get(response["Location"]).content.decode()
    assert "must be before they asked to record it" in html
    made.refresh_from_db()
    assert (made.first_knew_of_meeting_at, made.raised_before) == (None, False)
    garbled = _facts(client, made, first_knew_of_meeting_at="next tuesday")
    assert "Enter the date and time" in client.get(garbled["Location"]).content.decode()


def test_the_facts_cannot_change_once_decided(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    made.status = RecordingRequest.Status.DECIDED
    made.save(update_fields=["status"])
    client = world.client_for("chair")
    response = _facts(client, made, raised_before="yes")
    made.refresh_from_db()
    assert made.raised_before is False
    assert response.status_code in (302, 403)


def test_the_family_cannot_record_the_facts(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = only_request()
    response = _facts(world.client_for("mother"), made, raised_before="yes")
    assert response.status_code in (403, 404)
    made.refresh_from_db()
    assert made.raised_before is False
