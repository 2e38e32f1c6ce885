"""Someone not on the attendee list joins during the meeting: the chair adds them (name, who
they are, role, organisation; validated) and they are marked as arrived, which after the consent
round does what the council's rule for a new attendee says, like any arrival (here under
Hertfordshire's: pause and ask everyone again, 2.11). One transaction: a refusal leaves no
person, attendee or event behind."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Attendee, Person
from onrecord.meetings import attendance, event_log
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import ADDED_DURING_MEETING, EventRefused, Kind
from onrecord.recording_requests.models import TimelineEntry
from tests.meetings.rules import room_under
from tests.meetings.test_meeting_mode import act, ready_to_record
from tests.support.personas import World


def add(world: World, **overrides: Any) -> tuple[Attendee, list[MeetingEvent]]:
    fields: dict[str, Any] = {
        "full_name": "Ruth Adeyemi",
        "kind": Person.Kind.PROFESSIONAL.value,
        "role": "Housing officer",
        "organisation": "Eastmere Homes",
    }
    fields.update(overrides)
    return attendance.add_attendee(world.meeting, world.users["chair"], **fields)


def rows() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Attendee.objects.count(),
        MeetingEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_added_after_the_consent_round_pauses_and_asks_again(world: World) -> None:
    ready_to_record(world)
    room_under(world, "hertfordshire")
    act(world, Kind.RECORDING_STARTED)
    added, written = add(world)
    assert [r.kind for r in written] == ["arrived", "recording_paused", "reconsent_required"]
    assert written[0].attendee == added
    assert written[0].detail["note"] == ADDED_DURING_MEETING
    assert written[1].reason == "new_attendee"
    assert added.role == "Housing officer"
    assert added.attended_from == written[0].at
    assert added.person.kind == Person.Kind.PROFESSIONAL
    assert added.person.agency == "Eastmere Homes"
    assert added.person.case == world.case
    state, _ = event_log.snapshot(world.meeting)
    assert state.reconsent_required
    assert state.waiting_for() == [added.pk]
    # Person and attendee creation are audited with the event, in the same transaction.
    assert AuditEvent.objects.filter(object_type="cases.attendee", action="create").exists()
    act(world, Kind.MEETING_ENDED)
    minutes = " ".join(
        TimelineEntry.objects.filter(meeting=world.meeting).values_list("body", flat=True)
    )
    assert "Ruth Adeyemi: arrived" in minutes
    assert "(not on the attendee list; added during the meeting)" in minutes


def test_before_the_consent_round_they_are_simply_here(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    added, written = add(world, full_name="Auntie Bea", kind="family_member", role="Aunt",
                         organisation="")  # fmt: skip
    assert [r.kind for r in written] == ["arrived"]
    assert added.person.relationship == "Aunt"


def test_someone_on_the_case_but_not_the_list_keeps_their_record(world: World) -> None:
    Attendee.objects.filter(meeting=world.meeting, person__full_name="Samuel Okafor").delete()
    act(world, Kind.MEETING_STARTED)
    before = Person.objects.count()
    added, _ = add(world, full_name="samuel okafor", kind="friend", role="Leo's father",
                   organisation="")  # fmt: skip
    assert Person.objects.count() == before
    assert added.person.kind == Person.Kind.PARENT  # their record, with their PR, is kept
    assert added.person.parental_responsibilities.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": "  "}, "Enter their full name"),
        ({"role": ""}, "Say what their role is"),
        ({"kind": "parent"}, "Choose who they are"),
        ({"kind": "child"}, "Choose who they are"),
        ({"kind": ""}, "Choose who they are"),
        ({"organisation": ""}, "Say which organisation they work for"),
        ({"kind": "staff", "organisation": " "}, "Say which organisation"),
        ({"full_name": "x" * 201}, "200 characters"),
        ({"full_name": "Dan Pryce"}, "Dan Pryce is already on the attendee list"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    world: World, overrides: dict[str, Any], message: str
) -> None:
    act(world, Kind.MEETING_STARTED)
    before = rows()
    with pytest.raises(EventRefused, match=message):
        add(world, **overrides)
    assert rows() == before


def test_after_the_meeting_ends_nobody_is_added(world: World) -> None:
    act(world, Kind.MEETING_STARTED)
    act(world, Kind.MEETING_ENDED)
    before = rows()
    with pytest.raises(EventRefused, match="has ended"):
        add(world)
    assert rows() == before
    assert not Person.objects.filter(full_name="Ruth Adeyemi").exists()


def test_the_screen_adds_them_and_keeps_what_was_typed_when_refused(world: World) -> None:
    ready_to_record(world)
    client = world.client_for("chair")
    url = reverse("meeting_add_attendee", args=[world.meeting.pk])
    refused = client.post(url, {"full_name": "Ruth Adeyemi", "kind": "professional",
                                "role": "Housing officer"})  # fmt: skip
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Say which organisation they work for." in page
    assert 'id="add-attendee" open' in page
    assert 'value="Ruth Adeyemi"' in page
    assert not Person.objects.filter(full_name="Ruth Adeyemi").exists()
    done = client.post(
        url,
        {
            "full_name": "Ruth Adeyemi",
            "kind": "professional",
            "role": "Housing officer",
            "organisation": "Eastmere Homes",
        },
    )
    assert done.status_code == 302
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    assert "Ruth Adeyemi" in page.split('id="attendee-table"')[1]
    # The demo council follows Hackney's guidance: the newcomer is told, citing §3 only.
    assert "Tell them the meeting is being recorded" in page
    assert "London Borough of Hackney, 3 Practice" in page
    assert "Hertfordshire" not in page
    assert "Leeds" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("team_manager", 302), ("mother", 403), ("nurse", 403), ("other_authority", 404)],
)
def test_who_may_add_someone(world: World, persona: str, status: int) -> None:
    act(world, Kind.MEETING_STARTED)
    response = world.client_for(persona).post(
        reverse("meeting_add_attendee", args=[world.meeting.pk]),
        {"full_name": "Auntie Bea", "kind": "family_member", "role": "Aunt"},
    )
    assert response.status_code == status
    assert Person.objects.filter(full_name="Auntie Bea").exists() is (status == 302)
