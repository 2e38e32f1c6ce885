"""Validation of the case model: the facts the policy engine relies on must be coherent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from onrecord.cases.models import Attendee, Child, ParentalResponsibility, Person
from tests.support.personas import World


def test_demo_family_has_pr_per_child(world: World) -> None:
    jade = Child.objects.get(person__full_name="Jade Whitfield")
    leo = Child.objects.get(person__full_name="Leo Okafor")
    holders = {
        child.full_name: sorted(pr.person.full_name for pr in child.parental_responsibilities.all())
        for child in (jade, leo)
    }
    assert holders == {
        "Jade Whitfield": ["Dana Whitfield", "Marcus Reid"],
        "Leo Okafor": ["Dana Whitfield", "Samuel Okafor"],
    }
    assert jade.gillick_competent is True
    assert jade.age_on(world.meeting.scheduled_start.date()) == 14


def test_gillick_assessment_needs_date_and_assessor(world: World) -> None:
    leo = Child.objects.get(person__full_name="Leo Okafor")
    leo.gillick_competent = False
    with pytest.raises(ValidationError, match="when and by whom"):
        leo.full_clean()


def test_pr_cannot_end_before_it_starts(world: World) -> None:
    pr = ParentalResponsibility.objects.filter(child__person__full_name="Leo Okafor").first()
    assert pr is not None
    pr.ends_on = pr.starts_on - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        pr.full_clean()


def test_pr_across_cases_is_refused(world: World) -> None:
    outsider = Person.objects.get(full_name="Olive Other")
    leo = Child.objects.get(person__full_name="Leo Okafor")
    pr = ParentalResponsibility(
        person=outsider, child=leo, basis="other", starts_on=dt.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError, match="same case"):
        pr.full_clean()


def test_attendee_must_belong_to_the_meetings_case(world: World) -> None:
    outsider = Person.objects.get(full_name="Olive Other")
    attendee = Attendee(meeting=world.meeting, person=outsider, role="Visitor")
    with pytest.raises(ValidationError, match="meeting's case"):
        attendee.full_clean()


def test_professional_needs_an_agency(world: World) -> None:
    person = Person(case=world.case, full_name="Dr Who", kind=Person.Kind.PROFESSIONAL)
    with pytest.raises(ValidationError, match="agency"):
        person.full_clean()


def test_in_person_meeting_needs_a_place(world: World) -> None:
    world.meeting.place = ""
    with pytest.raises(ValidationError, match="where the meeting is held"):
        world.meeting.full_clean()
