"""Only an administrator of an authority manages its webhook subscribers (issue 13), by named
persona: the demo authority's administrator; its own chair (staff of the authority) and its team
manager let into the admin site as a superuser; Westford's administrator (an administrator of
another authority); an unallocated social worker and a family member (outsiders); and nobody
signed in."""

from __future__ import annotations

import pytest
from django.test import Client

from onrecord.webhooks.models import Delivery, Event, Subscriber
from tests.support.admin_personas import admin_site_people
from tests.support.personas import World

LIST = "/admin/webhooks/subscriber/"
ADD = "/admin/webhooks/subscriber/add/"
REFUSED = ["chair", "manager_in_admin", "other_admin", "outsider", "mother", "anonymous"]


@pytest.fixture
def people(world: World) -> dict[str, Client]:
    return admin_site_people(world)


@pytest.fixture
def subscriber(world: World) -> Subscriber:
    return Subscriber.objects.create(
        authority=world.case.authority,
        name="mosaic",
        url="https://mosaic.example/hooks",
        kinds=["decision.made"],
    )


def _change(subscriber: Subscriber) -> str:
    return f"/admin/webhooks/subscriber/{subscriber.pk}/change/"


def test_the_authoritys_administrator_sees_and_changes_its_subscriber(
    people: dict[str, Client], subscriber: Subscriber
) -> None:
    admin = people["admin"]
    assert "mosaic" in admin.get(LIST).content.decode()
    page = admin.get(_change(subscriber))
    assert page.status_code == 200
    assert subscriber.signing_secret() not in page.content.decode()  # never shown again
    answer = admin.post(
        _change(subscriber),
        {
            "authority": subscriber.authority_id,
            "name": "mosaic",
            "url": "https://mosaic.example/new",
            "kinds": '["decision.made"]',
            "active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert Subscriber.objects.get(pk=subscriber.pk).url == "https://mosaic.example/new"


def test_a_new_subscribers_secret_is_shown_once_to_its_administrator(
    people: dict[str, Client], world: World
) -> None:
    admin = people["admin"]
    answer = admin.post(
        ADD,
        {
            "authority": world.case.authority_id,
            "name": "liquidlogic",
            "url": "https://lcs.example/hooks",
            "kinds": '["request.made"]',
            "active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    made = Subscriber.objects.get(name="liquidlogic")
    assert made.signing_secret() in admin.get(answer["Location"]).content.decode()  # once
    assert made.signing_secret() not in admin.get(answer["Location"]).content.decode()
    assert made.signing_secret() not in admin.get(_change(made)).content.decode()


def test_an_administrator_cannot_make_one_for_another_authority(
    people: dict[str, Client], world: World
) -> None:
    answer = people["admin"].post(
        ADD,
        {
            "authority": world.other_case.authority_id,
            "name": "elsewhere",
            "url": "https://elsewhere.example/hooks",
            "kinds": '["request.made"]',
            "active": "on",
        },
    )
    assert answer.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in answer.content.decode()
    assert not Subscriber.objects.filter(name="elsewhere").exists()


@pytest.mark.parametrize("persona", REFUSED)
def test_nobody_else_sees_or_changes_it(
    persona: str, people: dict[str, Client], subscriber: Subscriber
) -> None:
    client = people[persona]
    listing = client.get(LIST)
    assert "mosaic" not in listing.content.decode()
    assert client.get(_change(subscriber)).status_code != 200
    posted = client.post(
        _change(subscriber),
        {
            "authority": subscriber.authority_id,
            "name": "mosaic",
            "url": "https://attacker.example/",
            "kinds": '["decision.made"]',
            "active": "on",
        },
    )
    assert posted.status_code in (302, 403, 404)
    client.post(f"/admin/webhooks/subscriber/{subscriber.pk}/delete/", {"post": "yes"})
    kept = Subscriber.objects.get(pk=subscriber.pk)
    assert kept.url == "https://mosaic.example/hooks"


def test_another_authoritys_administrator_sees_only_their_own(
    people: dict[str, Client], subscriber: Subscriber, world: World
) -> None:
    theirs = Subscriber.objects.create(
        authority=world.other_case.authority,
        name="westford-eclipse",
        url="https://eclipse.example/hooks",
        kinds=["request.made"],
    )
    listing = people["other_admin"].get(LIST).content.decode()
    assert "westford-eclipse" in listing
    assert "mosaic" not in listing
    assert people["other_admin"].get(_change(theirs)).status_code == 200
    assert "westford-eclipse" not in people["admin"].get(LIST).content.decode()


@pytest.mark.parametrize("persona", REFUSED)
def test_deliveries_are_walled_the_same_way(
    persona: str, people: dict[str, Client], subscriber: Subscriber
) -> None:
    event = Event.objects.create(authority=subscriber.authority, kind="decision.made")
    delivery = Delivery.objects.create(event=event, subscriber=subscriber)
    path = f"/admin/webhooks/delivery/{delivery.pk}/change/"
    assert people["admin"].get(path).status_code == 200
    assert people[persona].get(path).status_code != 200
    assert "mosaic" not in people[persona].get("/admin/webhooks/delivery/").content.decode()
