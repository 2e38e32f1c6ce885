"""Shared fixtures, with named personas for every authorization test (as healthchecks does):

- chair, social_worker, team_manager, legal: staff allocated to the demo case
- outsider: a social worker of the same authority not allocated to the demo case
- other_authority: a chair at another authority, allocated to that authority's case
- mother: Dana, PR for both children; father_of_jade: Marcus, PR for Jade only
- other_family: a parent on another authority's case
- nurse: a school nurse invited to the demo conference
- admin: the administrator
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.cases.models import (
    Attendee,
    Authority,
    Case,
    CaseAllocation,
    Child,
    Meeting,
    ParentalResponsibility,
    Person,
)
from onrecord.demo import DemoResult, load_demo

PASSWORD = "a-long-test-password-42"

# Fixtures through which a test reaches the database (pytest-django's, and so every fixture
# built on them, such as `world`).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ONRECORD_TESTS_DATABASE_ONLY=1 (scripts/test.sh's PostgreSQL pass), keep only the
    tests that touch the database: the rest (the policy engine, speech, crypto, pure rules) ran
    on the first pass and cannot behave differently on another database."""
    if os.environ.get("ONRECORD_TESTS_DATABASE_ONLY") != "1":
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        uses_database = bool(fixtures & DATABASE_FIXTURES) or item.get_closest_marker("django_db")
        (keep if uses_database else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@dataclass
class World:
    demo: DemoResult
    case: Case
    meeting: Meeting
    other_case: Case
    other_meeting: Meeting
    users: dict[str, User]

    def client_for(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.users[persona])
        return client


def _user(username: str, role: str) -> User:
    user = User(username=username, role=role, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(db: None) -> World:
    demo = load_demo()
    assert demo.case is not None
    case = demo.case
    meeting = case.meetings.get()
    users = {u.username: u for u in User.objects.all()}
    for user in users.values():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])

    other_authority = Authority.objects.create(
        name="Westford Council", slug="westford", policy_profile="leeds"
    )
    other_case = Case.objects.create(
        authority=other_authority, reference="WF-1", family_name="Other family"
    )
    other_parent = Person.objects.create(
        case=other_case, full_name="Olive Other", kind=Person.Kind.PARENT
    )
    other_child_person = Person.objects.create(
        case=other_case, full_name="Otto Other", kind=Person.Kind.CHILD
    )
    other_child = Child.objects.create(
        case=other_case, person=other_child_person, date_of_birth=dt.date(2018, 5, 1)
    )
    ParentalResponsibility.objects.create(
        person=other_parent, child=other_child, basis="birth_mother", starts_on=dt.date(2018, 5, 1)
    )
    other_meeting = Meeting.objects.create(
        case=other_case,
        kind=Meeting.Kind.CHILD_IN_NEED,
        mode=Meeting.Mode.ONLINE,
        scheduled_start=timezone.now() + dt.timedelta(days=3),
    )
    Attendee.objects.create(meeting=other_meeting, person=other_parent, role="Mother")

    named = {
        "chair": users["priya.shah"],
        "social_worker": users["tom.bennett"],
        "team_manager": users["grace.owusu"],
        "legal": users["helen.ward"],
        "mother": users["dana.whitfield"],
        "father_of_jade": users["marcus.reid"],
        "father_of_leo": users["samuel.okafor"],
        "nurse": users["amira.hassan"],
        "admin": users["admin"],
        "outsider": _user("outsider", "social_worker"),
        "other_authority": _user("westford.chair", "chair"),
        "other_family": _user("olive.other", "family"),
    }
    CaseAllocation.objects.create(case=other_case, user=named["other_authority"])
    other_parent.user = named["other_family"]
    other_parent.save()
    return World(demo, case, meeting, other_case, other_meeting, named)
