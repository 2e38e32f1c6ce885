"""The family's home page leads with my notes once the chair approves them (issue 12: the one
thing to do next as the primary button), for a meeting I was at; the meeting page too."""

from __future__ import annotations

from django.urls import reverse

from onrecord.minutes import services as minutes
from tests.family_record.conftest import approve_the_minutes
from tests.support.personas import World

BUTTON = "Read my part of the notes"


def test_the_notes_are_the_next_step_once_approved(world: World, held: World) -> None:
    client = world.client_for("father_of_jade")
    minutes.generate(world.meeting, by=world.users["social_worker"])
    assert BUTTON not in client.get(reverse("home")).content.decode()
    approve_the_minutes_again(world)
    home = client.get(reverse("home")).content.decode()
    link = reverse("family_record", args=[world.meeting.pk])
    assert BUTTON in home
    assert f'href="{link}"' in home
    assert "Notes ready" in home
    meeting = client.get(reverse("meeting_detail", args=[world.meeting.pk])).content.decode()
    assert BUTTON in meeting
    assert f'href="{link}"' in meeting


def approve_the_minutes_again(world: World) -> None:
    latest = minutes.latest_version(world.meeting)
    assert latest is not None
    minutes.approve(world.meeting, by=world.users["chair"], based_on=latest.version)


def test_not_for_someone_who_was_not_there(world: World, held: World) -> None:
    approve_the_minutes(world)
    home = world.client_for("father_of_leo").get(reverse("home")).content.decode()
    assert BUTTON not in home
    assert reverse("family_record", args=[world.meeting.pk]) not in home
