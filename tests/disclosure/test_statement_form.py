"""The chair corrects the explanatory statement on a form and then approves it: each is a new
version, bad input is refused with a message naming the field and writes nothing, and only the
meeting's chair may do either."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.disclosure.statement import current_statement
from onrecord.vault.models import ExplanatoryStatement, Recording
from tests.support.personas import World

GOOD = {
    "where": "Civic Centre, Room 4.02",
    "day": "4",
    "month": "3",
    "year": "2025",
    "started": "10:02",
    "ended": "11:47",
    "context": "Initial child protection conference for Jade and Leo",
    "speakers": "Priya Shah, Chair\nTom Bennett, Social worker\n\nDana Whitfield, Mother",
    "notes": "The room was moved on the day",
}


def _edit(recording: Recording) -> str:
    return reverse("statement_edit", args=[recording.pk])


def _approve(recording: Recording) -> str:
    return reverse("statement_approve", args=[recording.pk])


def test_the_chair_corrects_then_approves(world: World, recording: Recording) -> None:
    chair = world.client_for("chair")
    form = chair.get(_edit(recording))
    assert form.status_code == 200
    first = current_statement(recording)

    response = chair.post(_edit(recording), GOOD)
    assert response.status_code == 302
    corrected = current_statement(recording)
    assert corrected.version == first.version + 1
    assert corrected.replaces == first
    content = corrected.content
    assert content["where"] == "Civic Centre, Room 4.02"
    assert content["started_at"].startswith("2025-03-04T10:02")
    assert content["ended_at"].startswith("2025-03-04T11:47")
    assert content["speakers"] == [
        {"name": "Priya Shah", "role": "Chair"},
        {"name": "Tom Bennett", "role": "Social worker"},
        {"name": "Dana Whitfield", "role": "Mother"},
    ]
    assert content["notes"] == "The room was moved on the day"
    assert content["recording"] == first.content["recording"]  # its own details never change

    assert chair.post(_approve(recording), {}).status_code == 200  # not confirmed yet
    assert not current_statement(recording).approved
    assert chair.post(_approve(recording), {"confirm": "on"}).status_code == 302
    approved = current_statement(recording)
    assert approved.approved
    assert approved.content == content

    # Approved: the form sends the chair back, and nothing more is written.
    assert chair.post(_edit(recording), GOOD).status_code == 302
    assert current_statement(recording) == approved


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"where": ""}, "Enter where the meeting was held"),
        ({"started": "25:00"}, "Enter the time the meeting started like 10:00"),
        ({"ended": "9.5"}, "Enter the time the meeting ended like 10:00"),
        ({"started": "12:00", "ended": "11:00"}, "The meeting cannot end before it started"),
        ({"day": "31", "month": "2"}, "Enter a real date"),
        ({"day": ""}, "Enter the date of the meeting"),
        ({"speakers": ", Chair"}, "Line 1: put the speaker&#x27;s name before the comma"),
        ({"speakers": "  \n "}, "Enter at least one main speaker"),
        ({"notes": ""}, "Say why you are correcting the statement"),
        ({"context": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_is_named_and_writes_nothing(
    world: World, recording: Recording, change: dict[str, str], message: str
) -> None:
    before = current_statement(recording)
    response = world.client_for("chair").post(_edit(recording), GOOD | change)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert current_statement(recording) == before
    assert ExplanatoryStatement.objects.filter(recording=recording).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("social_worker", 403),
        ("team_manager", 403),
        ("legal", 403),
        ("mother", 404),
        ("outsider", 404),
        ("other_authority", 404),
    ],
)
def test_only_the_chair_may_correct_or_approve(
    world: World, recording: Recording, persona: str, status: int
) -> None:
    client = world.client_for(persona)
    before = current_statement(recording)
    assert client.post(_edit(recording), GOOD).status_code == status
    assert client.post(_approve(recording), {"confirm": "on"}).status_code == status
    assert current_statement(recording) == before
    assert AuditEvent.objects.filter(action="access_denied", object_id=str(recording.pk)).exists()
