"""When a parent who was refused insists on recording, the case's staff are told (Leeds,
001_faf809ee2c83eecf.txt, Principles of how we will work: "We will provide information to other
practitioners if the situation arises that it is known that a parent wants to record the
meeting"; "Where the local authority has parental responsibility ... the Social Worker and the
child's Independent Reviewing Officer will jointly decide what is in the best interests of the
child"; and "The lead practitioner should seek legal advice if some recording has taken
place"). Messages leave through the notification port once the decision commits, by role, to
the case's own staff of its authority only; who was told is audited and on the case timeline.

Personas: Priya Shah, the chair who logs it (not told: she decided); Tom Bennett, social
worker; Grace Owusu, team manager; Helen Ward, legal; and, never told, an unallocated social
worker of the same council (`outsider`), a chair whose allocation has ended (`former_chair`),
Westford's chair even when allocated to this case (`other_authority`), Westford's legal officer
(`other_legal`), the mother, the school nurse from another agency, and the administrator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import CaseAllocation, Person
from onrecord.meetings.models import MeetingEvent
from onrecord.meetings.parent_insists import parent_insists
from onrecord.meetings.state import EventRefused, Kind
from onrecord.recording_requests import notifiers
from onrecord.recording_requests.models import TimelineEntry
from tests.meetings.test_meeting_mode import act
from tests.meetings.test_parent_insists import dana, in_the_meeting
from tests.support.personas import World

TOLD_NEVER = [
    "chair",
    "outsider",
    "former_chair",
    "other_authority",
    "other_legal",
    "mother",
    "nurse",
    "admin",
]


@pytest.fixture
def fake(settings: Any) -> Iterator[notifiers.FakeNotifier]:
    settings.ONRECORD_BASE_URL = "https://onrecord.eastmere.example"
    replacement = notifiers.FakeNotifier()
    notifiers.use(replacement)
    yield replacement
    notifiers.use(None)


def everyone_has_an_address(world: World) -> dict[str, str]:
    """Every persona reachable by email, so nobody goes untold for want of an address; and
    Westford's chair allocated to this case too (an allocation outside one's council gives
    nothing)."""
    addresses = {}
    for persona, user in world.users.items():
        if not user.email:
            user.email = f"{user.username}@mail.example"
            user.save(update_fields=["email"])
        addresses[persona] = user.email
    CaseAllocation.objects.create(case=world.case, user=world.users["other_authority"])
    for person in Person.objects.filter(case=world.case):
        if not person.email:
            person.email = f"{person.pk}@family.example"
            person.save(update_fields=["email"])
    return addresses


def by_address(fake: notifiers.FakeNotifier) -> dict[str, notifiers.Message]:
    return {m.to: m for m in fake.sent}


def test_care_order_and_some_recorded_tells_each_role_what_to_do(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    in_the_meeting(world)  # Leeds, a care order in force
    addresses = everyone_has_an_address(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        parent_insists(
            world.meeting,
            world.users["chair"],
            attendee=dana(world),
            did="excluded",
            recorded_some=True,
        )
    assert fake.sent == []  # nothing inside the transaction
    for callback in callbacks:
        callback()
    sent = by_address(fake)
    assert set(sent) == {
        addresses["social_worker"],
        addresses["team_manager"],
        addresses["legal"],
    }
    for persona in TOLD_NEVER:
        assert addresses[persona] not in sent, persona

    social_worker = sent[addresses["social_worker"]].body
    assert "Dana Whitfield said they would record the meeting anyway" in social_worker
    assert "excluded them from the meeting" in social_worker
    assert "had already recorded some of the meeting" in social_worker
    assert "The social worker and the child's Independent Reviewing Officer decide together" in (
        social_worker
    )
    assert "seek legal advice from Helen Ward, who has been told too" in social_worker
    assert world.case.reference in social_worker
    assert f"https://onrecord.eastmere.example/cases/{world.case.pk}/timeline/" in social_worker

    manager = sent[addresses["team_manager"]].body
    assert "- The local authority holds parental responsibility for" not in manager
    assert "as lead practitioner, seek legal advice" not in manager
    assert "the council tells the other practitioners" in manager

    legal = sent[addresses["legal"]].body
    assert "you are the legal team on this case, and some of the meeting was recorded" in legal
    assert "Tom Bennett, the lead practitioner, will ask you for legal advice" in legal
    assert "- The local authority holds parental responsibility for" not in legal
    for message in fake.sent:
        assert message.subject.endswith("Dana Whitfield insists on recording after being refused")
        assert "What should practitioners do if they believe" in message.body  # the clause

    event = AuditEvent.objects.get(action="meeting.parent_insists_told")
    assert event.case_id == str(world.case.pk)
    told = {t["user"]: t["why"] for t in event.detail["told"]}
    assert told == {
        world.users["social_worker"].username: [
            "practitioner",
            "decide_together",
            "seek_legal_advice",
        ],
        world.users["team_manager"].username: ["practitioner"],
        world.users["legal"].username: ["legal"],
    }
    entry = TimelineEntry.objects.get(
        meeting=world.meeting, kind=TimelineEntry.Kind.MESSAGE, summary__contains="insists"
    )
    assert entry.to == "Grace Owusu, Tom Bennett, Helen Ward"
    decision = TimelineEntry.objects.get(
        meeting=world.meeting, kind=TimelineEntry.Kind.DECISION, summary__contains="insisted"
    )
    assert "Dana Whitfield had already recorded some of the meeting." in decision.body
    # And in the minutes when the meeting ends (from the log, not from the timeline entry).
    act(world, Kind.MEETING_ENDED)
    minute = TimelineEntry.objects.get(
        meeting=world.meeting, kind="minutes", summary__contains="insisted on recording"
    )
    assert "Dana Whitfield had already recorded some of the meeting." in minute.body
    assert MeetingEvent.objects.get(kind="parent_insists").detail["recorded_some"] is True


def test_without_a_care_order_or_recording_only_the_practitioners_are_told(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    in_the_meeting(world, care_order=False)
    addresses = everyone_has_an_address(world)
    with django_capture_on_commit_callbacks(execute=True):
        parent_insists(world.meeting, world.users["chair"], attendee=dana(world), did="suspended")
    sent = by_address(fake)
    assert set(sent) == {addresses["social_worker"], addresses["team_manager"]}
    for message in fake.sent:
        assert "suspended the meeting and offered a restorative meeting" in message.body
        assert "- The local authority holds parental responsibility for" not in message.body
        assert "as lead practitioner, seek legal advice" not in message.body


def test_a_silent_policy_tells_the_practitioners_and_no_more(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    in_the_meeting(world, profile="hackney")  # Hackney says nothing of a parent who insists
    addresses = everyone_has_an_address(world)
    with django_capture_on_commit_callbacks(execute=True):
        parent_insists(
            world.meeting,
            world.users["chair"],
            attendee=dana(world),
            did="went_ahead",
            recorded_some=True,
        )
    sent = by_address(fake)
    assert set(sent) == {addresses["social_worker"], addresses["team_manager"]}
    body = sent[addresses["social_worker"]].body
    assert "policy does not say what to do when a parent who was refused" in body
    assert "- The local authority holds parental responsibility for" not in body


def test_a_refused_decision_tells_nobody(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    in_the_meeting(world, care_order=False)
    everyone_has_an_address(world)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(EventRefused):
        parent_insists(
            world.meeting,
            world.users["chair"],
            attendee=dana(world),
            did="excluded",  # refused: no care or placement order
            recorded_some=True,
        )
    assert fake.sent == []
    assert not AuditEvent.objects.filter(action="meeting.parent_insists_told").exists()


def test_staff_without_an_address_are_listed_to_be_told_in_person(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    in_the_meeting(world)
    manager = world.users["team_manager"]
    manager.email = ""
    manager.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        parent_insists(world.meeting, world.users["chair"], attendee=dana(world), did="excluded")
    assert [m.to for m in fake.sent] == [world.users["social_worker"].email]
    event = AuditEvent.objects.get(action="meeting.parent_insists_told")
    assert event.detail["no_email_address"] == [manager.get_full_name()]
    entry = TimelineEntry.objects.get(
        meeting=world.meeting, kind=TimelineEntry.Kind.MESSAGE, summary__contains="insists"
    )
    assert f"No email address, to be told in person: {manager.get_full_name()}." in entry.body


def test_the_screen_asks_whether_some_was_recorded(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    in_the_meeting(world)
    client = world.client_for("chair")
    page = client.get(reverse("meeting_mode", args=[world.meeting.pk])).content.decode()
    assert "They had already recorded some of the meeting" in page
    assert "The legal team on the case is told" in page
    post = reverse("meeting_parent_insists", args=[world.meeting.pk])
    wrong = client.post(post, {"attendee": dana(world), "did": "excluded", "recorded_some": "x"})
    assert wrong.status_code == 400
    assert "Say whether they had already recorded any of the meeting" in wrong.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            post, {"attendee": dana(world), "did": "excluded", "recorded_some": "yes"}
        )
    assert done.status_code == 302
    assert world.users["legal"].email in {m.to for m in fake.sent}
