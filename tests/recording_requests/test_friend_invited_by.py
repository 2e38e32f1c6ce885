"""Staff record who invited a friend or relative to the family's meetings; the app's decision
on the friend's request applies Leeds' paragraph on "another family member or friend invited by
the parents" only when the parents invited them (issue 14)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onrecord.cases.admin import PersonForm
from onrecord.cases.models import Attendee, Person
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.services import record_view, send_request_link
from tests.recording_requests.helpers import only_request, person, walk_journey
from tests.recording_requests.policy_concepts import codes, decide_page, token_sent_to, under
from tests.support.personas import World

FRIEND = "sam.friend@example.org"


def _friend(world: World, invited_by: list[Person]) -> Person:
    friend = Person.objects.create(
        case=world.case, full_name="Sam Friend", kind=Person.Kind.FRIEND, email=FRIEND
    )
    Attendee.objects.create(
        meeting=world.meeting, person=friend, role="Friend", invited_at=timezone.now()
    )
    form = PersonForm(
        {
            "case": world.case.pk,
            "full_name": friend.full_name,
            "kind": friend.kind,
            "email": friend.email,
            "invited_by": [p.pk for p in invited_by],
        },
        instance=friend,
    )
    assert form.is_valid(), form.errors
    form.save()
    return friend


def _friend_asks(world: World, capture: Any) -> None:
    with capture(execute=True):
        send_request_link(world.meeting, person("Sam Friend"), world.users["social_worker"])
    client = Client()
    client.get(reverse("link_start", args=[token_sent_to(FRIEND)]))
    walk_journey(client, world.meeting)


def test_leeds_a_friend_the_parents_invited_is_asked_to_stop_if_they_object(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Leeds: "another family member or friend invited by the parents ... and the parents do
    not agree with this, they will be asked to stop" (LD-NON-PARENT-PARENTS-OBJECT)."""
    under(world, "leeds")
    _friend(world, [person("Dana Whitfield")])
    _friend_asks(world, django_capture_on_commit_callbacks)
    made = only_request()
    record_view(made, person("Dana Whitfield"), "objects", "Not my friend's business")
    engine = decide_page(world, made)
    assert "LD-NON-PARENT-PARENTS-OBJECT" in codes(engine)
    assert "LD-NON-PARENT-NOT-INVITED-BY-PARENTS" not in codes(engine)
    assert engine["outcome"] == "refused"


def test_leeds_a_friend_someone_else_invited_is_decided_as_any_request(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Leeds: the paragraph is about a friend "invited by the parents"; invited by someone
    else, it does not apply (LD-NON-PARENT-NOT-INVITED-BY-PARENTS)."""
    under(world, "leeds")
    _friend(world, [person("Amira Hassan")])
    _friend_asks(world, django_capture_on_commit_callbacks)
    made = only_request()
    sent = next(p for p in build_scenario(made)["people"] if p["name"] == "Sam Friend")
    assert sent["invited_by"] == [str(person("Amira Hassan").pk)]
    record_view(made, person("Dana Whitfield"), "objects", "Not my friend's business")
    found = codes(decide_page(world, made))
    assert "LD-NON-PARENT-NOT-INVITED-BY-PARENTS" in found
    assert "LD-NON-PARENT-PARENTS-OBJECT" not in found


def test_the_inviter_must_be_on_the_same_case(world: World) -> None:
    friend = _friend(world, [])
    outsider = Person.objects.filter(full_name="Olive Other").get()
    form = PersonForm(
        {
            "case": world.case.pk,
            "full_name": friend.full_name,
            "kind": friend.kind,
            "invited_by": [outsider.pk],
        },
        instance=friend,
    )
    assert not form.is_valid()
    assert "Choose people on this family" in str(form.errors["invited_by"])
    assert "invited_by" not in next(
        p for p in build_scenario_people(world) if p["name"] == "Sam Friend"
    )


def build_scenario_people(world: World) -> list[dict[str, Any]]:
    walk_journey(world.client_for("mother"), world.meeting)
    people: list[dict[str, Any]] = build_scenario(only_request())["people"]
    return people
