"""Who made the recording, on a covert recording or a recording published or used for another
purpose (the legal escalation needs it: Leeds e-f "The chair should consider informing the Local
Authority's legal representative", "seek legal advice"; Hackney 4; Brent): an attendee of that
meeting, named; a family member not at the meeting, named; or not known. Asked by the register's
page, set from the chair's screen, checked by the model: an attendee must be on that meeting's
list; only those kinds carry it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from onrecord.cases.models import Attendee, Meeting, Person
from onrecord.incidents import services
from onrecord.incidents.models import Incident
from onrecord.meetings import in_meeting_incidents
from onrecord.meetings.state import Kind
from onrecord.recording_requests.models import TimelineEntry
from tests.meetings.test_meeting_mode import PRESENT, act, attendee
from tests.support.personas import World


def _form(world: World, **fields: str) -> dict[str, str]:
    found = timezone.localtime(timezone.now() - dt.timedelta(hours=2))
    return {
        "kind": "publication",
        "discovered_by": "Amira Hassan",
        "discovered_at_0": str(found.day),
        "discovered_at_1": str(found.month),
        "discovered_at_2": str(found.year),
        "discovered_at_3": f"{found:%H:%M}",
        "description": "The conference is on a video site.",
        "chair_action": "not_in_meeting",
        "where_found": "a video site",
        "meeting": str(world.meeting.pk),
        **fields,
    }


def _post(world: World, **fields: str) -> Any:
    url = reverse("incident_open", args=[world.case.pk]) + f"?meeting={world.meeting.pk}"
    return world.client_for("chair").post(url, _form(world, **fields))


def another_meetings_attendee(world: World) -> Attendee:
    other = Meeting.objects.create(
        case=world.case,
        kind=Meeting.Kind.CHILD_PROTECTION_CONFERENCE,
        mode=Meeting.Mode.ONLINE,
        scheduled_start=timezone.now() + dt.timedelta(days=30),
    )
    person = Person.objects.create(case=world.case, full_name="Lee Other", kind=Person.Kind.PARENT)
    return Attendee.objects.create(meeting=other, person=person, role="Father")


def test_an_attendee_of_the_meeting_is_named_and_shown_for_the_legal_escalation(
    world: World,
) -> None:
    dana = attendee(world, "Dana Whitfield")
    answer = _post(world, recorded_by="attendee", recorded_by_attendee=str(dana.pk))
    assert answer.status_code == 302
    incident = Incident.objects.get()
    assert (incident.recorded_by, incident.recorded_by_attendee) == ("attendee", dana)
    page = world.client_for("legal").get(reverse("incident_detail", args=[incident.pk]))
    assert "Dana Whitfield, at the meeting (" in page.content.decode()
    entry = TimelineEntry.objects.get(summary__startswith="Incident:")
    assert "Who made the recording: Dana Whitfield" in entry.body


def test_a_family_member_not_present_is_named(world: World) -> None:
    answer = _post(world, recorded_by="family_not_present", recorded_by_name="Gran Whitfield")
    assert answer.status_code == 302
    assert Incident.objects.get().recorder == (
        "Gran Whitfield, a family member who was not at the meeting"
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Say who made the recording, or that it is not known"),
        ({"recorded_by": "attendee"}, "Choose who at the meeting made the recording"),
        ({"recorded_by": "family_not_present"}, "Say which family member made the recording"),
        (
            {"recorded_by": "unknown", "recorded_by_name": "Someone"},
            "Give a name only for a family member not at the meeting",
        ),
        ({"recorded_by": "somebody"}, "Select a valid choice"),
    ],
)
def test_the_page_names_what_is_missing_or_wrong(
    world: World, fields: dict[str, str], message: str
) -> None:
    answer = _post(world, **fields)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not Incident.objects.exists()


def test_an_attendee_of_another_meeting_is_refused_on_the_page(world: World) -> None:
    stranger = another_meetings_attendee(world)
    answer = _post(world, recorded_by="attendee", recorded_by_attendee=str(stranger.pk))
    assert answer.status_code == 400
    assert "Choose someone on this meeting" in answer.content.decode()
    assert not Incident.objects.exists()


def test_the_model_refuses_an_attendee_of_another_meeting(world: World) -> None:
    stranger = another_meetings_attendee(world)
    with pytest.raises(ValidationError, match="Lee Other is not on this meeting's attendee list"):
        services.open_incident(
            world.case,
            kind="covert_recording",
            opened_by=world.users["chair"],
            discovered_by="Amira Hassan",
            discovered_at=timezone.now(),
            description="Recording.",
            meeting=world.meeting,
            recorded_by="attendee",
            recorded_by_attendee=stranger,
        )
    assert not Incident.objects.exists()


def test_a_friend_recording_carries_no_recorder_field(world: World) -> None:
    """A friend recording names who in its own way (the chair's screen); the field is refused."""
    with pytest.raises(ValidationError, match="only for a covert recording"):
        services.open_incident(
            world.case,
            kind="friend_recording",
            opened_by=world.users["chair"],
            discovered_by="Amira Hassan",
            discovered_at=timezone.now(),
            description="Recording.",
            meeting=world.meeting,
            recorded_by="unknown",
        )


def test_raised_from_the_chairs_screen_it_names_the_attendee(world: World) -> None:
    for name in PRESENT:
        act(world, Kind.ARRIVED, name)
    dana = attendee(world, "Dana Whitfield")
    incident, _ = in_meeting_incidents.covert_recording_found(
        world.meeting,
        world.users["chair"],
        attendee=dana.pk,
        discovered_by="Amira Hassan",
        description="A phone in a pocket.",
        chair_action="asked_to_stop",
    )
    assert (incident.recorded_by, incident.recorded_by_attendee) == ("attendee", dana)
    incident, _ = in_meeting_incidents.covert_recording_found(
        world.meeting,
        world.users["chair"],
        attendee=None,
        who="a man at the door",
        discovered_by="Amira Hassan",
        description="Filming through the door.",
        chair_action="asked_to_stop",
    )
    assert (incident.recorded_by, incident.recorded_by_attendee) == ("unknown", None)
