"""PostgreSQL: two staff acting on the same meeting at once through the new paths (adding an
unlisted attendee, raising an incident, noting a late request, marking arrivals) lose no event:
every action is logged once, numbered without gaps or repeats, with its rows."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from onrecord.cases.models import Attendee
from onrecord.incidents.models import Incident
from onrecord.meetings import attendance, event_log, in_meeting_incidents, late_requests
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, Kind
from onrecord.recording_requests.models import RecordingRequest
from tests.support.personas import World

pytestmark = [
    pytest.mark.slow,  # a race between threads
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
]

ROUNDS = 4


def test_two_staff_adding_people_and_raising_incidents_at_once(world: World) -> None:
    chair, worker = world.users["chair"], world.users["social_worker"]
    event_log.act(world.meeting, Event(Kind.MEETING_STARTED), chair)
    marcus = Attendee.objects.get(meeting=world.meeting, person__full_name="Marcus Reid")
    event_log.act(world.meeting, Event(Kind.ARRIVED, attendee=marcus.pk), chair)
    barrier = threading.Barrier(2, timeout=60)
    errors: list[BaseException] = []

    def adds() -> None:
        for n in range(ROUNDS):
            attendance.add_attendee(
                world.meeting, chair, full_name=f"Visitor {n}", kind="friend", role="Supporter"
            )

    def raises() -> None:
        for n in range(ROUNDS):
            in_meeting_incidents.incident_found(
                world.meeting,
                worker,
                kind="publication",
                attendee=None,
                who=f"Account {n}",
                discovered_by="Tom Bennett",
                description="Posted.",
                chair_action="none",
                where_found="A public page",
            )
        late_requests.late_request(
            world.meeting, worker, attendee=marcus.pk, medium="audio", purposes=["court"]
        )

    def work(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in (adds, raises)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    seqs = list(MeetingEvent.objects.filter(meeting=world.meeting).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    kinds = list(MeetingEvent.objects.values_list("kind", flat=True))
    assert kinds.count("arrived") == 1 + ROUNDS
    assert kinds.count("recording_misused") == ROUNDS
    assert kinds.count("late_request") == 1
    assert Incident.objects.count() == ROUNDS
    assert RecordingRequest.objects.filter(timing="mid_meeting").count() == 1
    assert Attendee.objects.filter(meeting=world.meeting, role="Supporter").count() == ROUNDS
