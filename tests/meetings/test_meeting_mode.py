"""Meeting mode through the services and the pages: each action is one transaction with its
audit entries, a refused action writes nothing, the minutes land on the case timeline, and
only the chair and allocated staff may use it (every persona)."""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Attendee, ImmutableRecordError, Meeting
from onrecord.meetings import event_log
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.state import Event, EventRefused, Kind, Reason
from onrecord.recording_requests.models import TimelineEntry
from tests.browser.journeys import allowed_with_signed_declaration
from tests.meetings.rules import room_under
from tests.support.personas import World


def attendee(world: World, name: str, meeting: Meeting | None = None) -> Attendee:
    return Attendee.objects.get(meeting=meeting or world.meeting, person__full_name=name)


def act(world: World, kind: Kind, who: str | None = None, item: int | None = None) -> list[str]:
    pk = attendee(world, who).pk if who else None
    rows = event_log.act(world.meeting, Event(kind, attendee=pk, item=item), world.users["chair"])
    return [r.kind for r in rows]


PRESENT = ["Priya Shah", "Tom Bennett", "Dana Whitfield", "Amira Hassan"]


def ready_to_record(world: World) -> None:
    allowed_with_signed_declaration(world)
    for name in PRESENT:
        act(world, Kind.ARRIVED, name)
    act(world, Kind.MEETING_STARTED)
    event_log.ask_everyone(world.meeting, world.users["chair"])
    for name in PRESENT:
        act(world, Kind.CONSENT_GIVEN, name)


LEEDS_D = (
    "Leeds City Council (Leeds Safeguarding Children Partnership), When someone wants to "
    "overtly record a meeting (d)"
)


def test_a_whole_meeting_is_logged_and_minuted(world: World) -> None:
    room_under(world, "leeds")  # the decision and the room under Leeds's guidance
    ready_to_record(world)
    assert act(world, Kind.RECORDING_STARTED) == ["recording_started"]
    health = world.meeting.agenda_items.get(position=3)
    assert act(world, Kind.ITEM_STARTED, item=health.pk) == ["item_started", "recording_paused"]
    act(world, Kind.ITEM_STARTED, item=world.meeting.agenda_items.get(position=4).pk)
    act(world, Kind.RECORDING_RESUMED)
    # Leeds says nothing about someone joining: that is logged, and the chair decides.
    assert act(world, Kind.ARRIVED, "Dan Pryce") == ["arrived", "policy_silent"]
    assert act(world, Kind.MEETING_ENDED) == ["recording_stopped", "meeting_ended"]

    seqs = list(MeetingEvent.objects.filter(meeting=world.meeting).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert attendee(world, "Dan Pryce").attended_from is not None
    minutes = TimelineEntry.objects.filter(meeting=world.meeting, kind="minutes")
    assert all(m.for_minutes for m in minutes)
    summaries = " | ".join(m.summary for m in minutes)
    assert "The meeting was recorded by Dana Whitfield" in summaries
    assert f"a sensitive item ({LEEDS_D})" in summaries
    assert "New attendee: Dan Pryce joined" in summaries
    recorded = minutes.get(summary__contains="was recorded by")
    assert "allowed by" in recorded.body
    assert "Dana Whitfield signed the declaration" in recorded.body
    # Each event has its audit entry, written with it.
    audited = AuditEvent.objects.filter(object_type="meetings.meetingevent", action="create")
    assert audited.count() == len(seqs)


def test_a_refused_action_writes_nothing(world: World) -> None:
    before = (MeetingEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(EventRefused, match="has not started"):
        act(world, Kind.RECORDING_STARTED)
    with pytest.raises(EventRefused, match="not on this meeting's attendee list"):
        event_log.act(world.meeting, Event(Kind.ARRIVED, attendee=-1), world.users["chair"])
    other = attendee(world, "Olive Other", world.other_meeting)
    with pytest.raises(EventRefused, match="not on this meeting's attendee list"):
        event_log.act(world.meeting, Event(Kind.ARRIVED, attendee=other.pk), world.users["chair"])
    with pytest.raises(EventRefused, match="Nobody is marked as here"):
        event_log.ask_everyone(world.meeting, world.users["chair"])
    assert (MeetingEvent.objects.count(), AuditEvent.objects.count()) == before


def test_no_allowed_request_means_no_recording(world: World) -> None:
    act(world, Kind.ARRIVED, "Dana Whitfield")
    act(world, Kind.MEETING_STARTED)
    event_log.ask_everyone(world.meeting, world.users["chair"])
    act(world, Kind.CONSENT_GIVEN, "Dana Whitfield")
    with pytest.raises(EventRefused, match="Nobody has been allowed to record"):
        act(world, Kind.RECORDING_STARTED)
    act(world, Kind.MEETING_ENDED)
    summaries = TimelineEntry.objects.filter(meeting=world.meeting).values_list(
        "summary", flat=True
    )
    assert any("The meeting was not recorded" in s for s in summaries)


def test_events_are_never_changed_or_deleted(world: World) -> None:
    [row] = event_log.act(world.meeting, Event(Kind.MEETING_STARTED), world.users["chair"])
    row.kind = Kind.MEETING_ENDED.value
    with pytest.raises(ImmutableRecordError):
        row.save()
    with pytest.raises(ImmutableRecordError):
        row.delete()


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_change_or_delete_an_event(world: World) -> None:
    [row] = event_log.act(world.meeting, Event(Kind.MEETING_STARTED), world.users["chair"])
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        QuerySet(MeetingEvent).filter(pk=row.pk).update(kind="meeting_ended")
    with (
        pytest.raises(DatabaseError, match="never deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM meetings_meetingevent WHERE id = %s", [row.pk])


@pytest.mark.slow  # a race between threads
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_two_staff_acting_at_once_lose_no_event(world: World) -> None:
    """Two staff mark arrivals and departures on the same meeting at the same time: every
    action is logged, numbered without gaps or repeats; then both end it at once, and exactly
    one succeeds."""
    event_log.act(world.meeting, Event(Kind.MEETING_STARTED), world.users["chair"])
    ids = list(Attendee.objects.filter(meeting=world.meeting).values_list("pk", flat=True))
    halves = {"chair": ids[::2], "social_worker": ids[1::2]}
    rounds = 5
    barrier = threading.Barrier(2, timeout=60)
    errors: list[BaseException] = []
    ended: list[str] = []
    refusals: list[str] = []

    def work(persona: str) -> None:
        try:
            user = world.users[persona]
            barrier.wait()
            for _ in range(rounds):
                for pk in halves[persona]:
                    event_log.act(world.meeting, Event(Kind.ARRIVED, attendee=pk), user)
                    event_log.act(world.meeting, Event(Kind.LEFT, attendee=pk), user)
            barrier.wait()
            try:
                event_log.act(world.meeting, Event(Kind.MEETING_ENDED), user)
                ended.append(persona)
            except EventRefused as exc:
                refusals.append(str(exc))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
            barrier.abort()  # the other thread must not wait for this one forever
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(p,)) for p in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(ended) == 1
    assert len(refusals) == 1
    assert "ended" in refusals[0]
    seqs = list(MeetingEvent.objects.filter(meeting=world.meeting).values_list("seq", flat=True))
    assert seqs == list(range(1, 1 + 1 + 2 * rounds * len(ids) + 1))
    assert MeetingEvent.objects.filter(kind=Kind.MEETING_ENDED).count() == 1


def mode_url(world: World) -> str:
    return reverse("meeting_mode", args=[world.meeting.pk])


def act_url(world: World) -> str:
    return reverse("meeting_act", args=[world.meeting.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 200),
        ("social_worker", 200),
        ("team_manager", 200),
        ("legal", 200),
        ("mother", 403),
        ("father_of_jade", 403),
        ("nurse", 403),
        ("outsider", 404),
        ("other_authority", 404),
        ("other_family", 404),
        ("admin", 404),
    ],
)
def test_who_may_use_meeting_mode(world: World, persona: str, status: int) -> None:
    client = world.client_for(persona)
    assert client.get(mode_url(world)).status_code == status
    response = client.post(act_url(world), {"action": "start"})
    assert response.status_code == (302 if status == 200 else status)
    started = MeetingEvent.objects.filter(meeting=world.meeting, kind="meeting_started").exists()
    assert started is (status == 200)
    if status != 200:
        refusal = AuditEvent.objects.filter(action="access_denied").order_by("-seq").first()
        assert refusal is not None
        assert refusal.object_id == str(world.meeting.pk)


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    from django.test import Client

    for response in (Client().get(mode_url(world)), Client().post(act_url(world), {})):
        assert response.status_code == 302
        assert "/accounts/sign-in/" in response["Location"]


def test_the_screen_shows_the_script_and_refuses_out_of_order_clearly(world: World) -> None:
    allowed_with_signed_declaration(world)
    client = world.client_for("chair")
    page = client.get(mode_url(world)).content.decode()
    assert "This meeting is being recorded by Dana Whitfield, sound only (audio)" in page
    assert "Dana Whitfield has signed the declaration" in page
    # The demo council follows Hackney's guidance, which says nothing about pausing for
    # sensitive items: the chair is told so, and nothing cites another council.
    assert "3. Jade: health needs (a sensitive item" not in page
    assert "does not say to pause the recording for sensitive information" in page
    assert "(London Borough of Hackney, 3 Practice)" in page
    assert "Leeds" not in page
    assert "Hertfordshire" not in page
    response = client.post(act_url(world), {"action": "record"})
    assert response.status_code == 400
    assert "The meeting has not started: start it before you start recording." in (
        response.content.decode()
    )
    for bad in ({"action": "nonsense"}, {"action": "arrived", "attendee": "x"}):
        assert client.post(act_url(world), bad).status_code == 400
    assert not MeetingEvent.objects.exists()


def test_pause_from_the_screen_gives_the_chairs_reason(world: World) -> None:
    ready_to_record(world)
    act(world, Kind.RECORDING_STARTED)
    client = world.client_for("chair")
    assert client.post(act_url(world), {"action": "pause"}).status_code == 302
    last = MeetingEvent.objects.filter(meeting=world.meeting).order_by("-seq").first()
    assert last is not None
    assert (last.kind, last.reason) == ("recording_paused", Reason.CHAIR_DECISION.value)
    page = client.get(mode_url(world)).content.decode()
    assert "Paused</strong> because of the chair" in page
