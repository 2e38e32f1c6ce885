"""A family member's access honours the end date of their parental responsibility (issue 16,
failure 7): once PR for a child has ended, the parent no longer sees the items about that child,
also on meetings held while they still held it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from onrecord.cases.models import Meeting, ParentalResponsibility
from tests.support.personas import World


def _jade_shown(world: World) -> bool:
    page = world.client_for("father_of_jade").get(
        reverse("meeting_detail", args=[world.meeting.pk])
    )
    assert page.status_code == 200
    return "Jade: reports and discussion" in page.content.decode()


def _held_a_month_ago(world: World) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(
        scheduled_start=timezone.now() - dt.timedelta(days=30)
    )


def test_pr_in_force_shows_the_childs_items(world: World) -> None:
    _held_a_month_ago(world)
    assert _jade_shown(world)


def test_pr_ended_since_the_meeting_hides_the_childs_items(world: World) -> None:
    _held_a_month_ago(world)
    ParentalResponsibility.objects.filter(person__user=world.users["father_of_jade"]).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert not _jade_shown(world)


def test_pr_ended_before_the_meeting_hides_the_childs_items(world: World) -> None:
    ParentalResponsibility.objects.filter(person__user=world.users["father_of_jade"]).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert not _jade_shown(world)
