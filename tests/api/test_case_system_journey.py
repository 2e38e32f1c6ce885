"""A case system keeps OnRecord's record in step through the API, retries without making
duplicates, and is told by a signed webhook when the family's request is decided."""

from __future__ import annotations

import json
import time
from typing import Any

from django.test import Client, override_settings

from onrecord.cases.models import AgendaItem, Attendee, Case, Child, Meeting, Person
from onrecord.jobs import queue
from onrecord.recording_requests.decisions import policy_decision, record_decision
from onrecord.recording_requests.services import submit_request
from onrecord.webhooks import signing
from onrecord.webhooks.models import Subscriber
from tests.support.api_clients import ApiPersonas
from tests.support.personas import World
from tests.support.webhook_receiver import Receiver

API = "/api/v1"


def put(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.put(f"{API}{path}", json.dumps(body), content_type="application/json")


MEETING: dict[str, Any] = {
    "kind": "child_protection_conference",
    "title": "Initial child protection conference",
    "mode": "in_person",
    "place": "Civic Centre, room 4",
    "scheduled_start": "2031-03-04T10:00:00+00:00",
    "attendees": [
        {"external_id": "ATT-1", "person": "P-MUM", "role": "Mother"},
        {"external_id": "ATT-2", "person": "P-NURSE", "role": "School nurse"},
    ],
    "agenda": [
        {"external_id": "AG-1", "position": 1, "title": "Introductions"},
        {"external_id": "AG-2", "position": 2, "title": "Ava's health", "children": ["C-AVA"]},
    ],
}


def build_case(http: Client) -> dict[str, Any]:
    """The calls a case system makes for a new family, and their answers."""
    answers = {
        "case": put(http, "/cases/MOS-100", {"reference": "MOS-100", "family_name": "Lark"}),
        "mum": put(
            http,
            "/cases/MOS-100/people/P-MUM",
            {"full_name": "Rose Lark", "kind": "parent", "relationship": "mother"},
        ),
        "nurse": put(
            http,
            "/cases/MOS-100/people/P-NURSE",
            {"full_name": "Nia Bell", "kind": "professional", "agency": "School health"},
        ),
        "child": put(
            http,
            "/cases/MOS-100/children/C-AVA",
            {"full_name": "Ava Lark", "date_of_birth": "2019-06-01"},
        ),
        "pr": put(
            http,
            "/cases/MOS-100/parental-responsibilities/PR-1",
            {
                "person": "P-MUM",
                "child": "C-AVA",
                "basis": "birth_mother",
                "starts_on": "2019-06-01",
            },
        ),
        "meeting": put(http, "/cases/MOS-100/meetings/M-1", MEETING),
    }
    return answers


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Case, Person, Child, Meeting, Attendee, AgendaItem)
    }


def test_a_case_system_creates_a_meeting_and_a_retry_duplicates_nothing(
    api_personas: ApiPersonas,
) -> None:
    http = api_personas.http("own_system")
    first = build_case(http)
    assert {name: r.status_code for name, r in first.items()} == dict.fromkeys(first, 201)
    meeting = Meeting.objects.get(pk=first["meeting"].json()["id"])
    assert meeting.case.authority == api_personas.clients["own_system"].authority
    assert sorted(meeting.attendees.values_list("role", flat=True)) == ["Mother", "School nurse"]
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Introductions",
        "Ava's health",
    ]
    assert meeting.agenda_items.get(position=2).children.get().person.full_name == "Ava Lark"
    before = counts()

    again = build_case(http)  # the same calls again: a retry after a lost answer

    assert {name: r.status_code for name, r in again.items()} == dict.fromkeys(again, 200)
    assert counts() == before
    assert again["meeting"].json() == first["meeting"].json()


def test_a_change_updates_in_place_and_agenda_items_can_swap_places(
    api_personas: ApiPersonas,
) -> None:
    http = api_personas.http("own_system")
    build_case(http)
    changed = {**MEETING, "place": "Town Hall"}
    changed["agenda"] = [
        {**MEETING["agenda"][0], "position": 2},
        {**MEETING["agenda"][1], "position": 1},
    ]
    answer = put(http, "/cases/MOS-100/meetings/M-1", changed)
    assert answer.status_code == 200, answer.content
    meeting = Meeting.objects.get(pk=answer.json()["id"])
    assert meeting.place == "Town Hall"
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Ava's health",
        "Introductions",
    ]


@override_settings(ONRECORD_WEBHOOK_ALLOW_HTTP=True)
def test_the_case_system_receives_a_signed_webhook_when_the_request_is_decided(
    api_personas: ApiPersonas, receiver: Receiver, world: World
) -> None:
    http = api_personas.http("own_system")
    answers = build_case(http)
    authority = api_personas.clients["own_system"].authority
    subscriber = Subscriber.objects.create(
        authority=authority, name="mosaic", url=receiver.url, kinds=["decision.made"]
    )
    assert subscriber.new_secret is not None
    receiver.secret = subscriber.new_secret
    meeting = Meeting.objects.get(pk=answers["meeting"].json()["id"])
    mum = Person.objects.get(pk=answers["mum"].json()["id"])
    made = submit_request(
        meeting, mum, medium="audio", purposes=["memory_aid"], channel="staff",
        entered_by=world.users["chair"],
    )  # fmt: skip
    engine = policy_decision(made)
    outcome = "allowed" if engine["outcome"] != "refused" else "refused"
    record_decision(made, world.users["chair"], outcome=outcome, reason="Policy", engine=engine)

    assert queue.run_one("test-worker", [queue_kind()]) is not None

    assert len(receiver.received) == 1
    delivery = receiver.received[0]
    assert delivery.signature_ok
    signing.verify(receiver.secret, delivery.headers, delivery.body, now=int(time.time()))
    event = json.loads(delivery.body)
    assert event["type"] == "decision.made"
    assert event["data"]["request_id"] == str(made.pk)
    assert event["data"]["outcome"] == outcome
    assert delivery.headers["webhook-id"] == event["id"]
    # And the case system reads the decision, with its cited reasons, by the id in the event.
    read = http.get(f"{API}/requests/{event['data']['request_id']}")
    assert read.status_code == 200
    assert read.json()["decision"]["outcome"] == outcome
    assert all("cites" in reason for reason in read.json()["decision"]["reasons"])


def queue_kind() -> str:
    from onrecord.webhooks.services import JOB_KIND

    return JOB_KIND
