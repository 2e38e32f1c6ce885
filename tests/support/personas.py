"""Named personas for every authorization test (as healthchecks does), in the demo world:

- chair, social_worker, team_manager, legal: staff allocated to the demo case
- outsider: a social worker of the same authority not allocated to the demo case
- other_authority: a chair at another authority (Westford), allocated to that authority's case
- other_records_manager: Westford's records manager (legal, may dispose and manage holds)
- other_legal: Westford's legal officer, allocated to Westford's case
- former_chair: a chair at the demo authority whose allocation to the demo case has ended
- mother: Dana, PR for both children; father_of_jade: Marcus, PR for Jade only;
  father_of_leo: Samuel, PR for Leo only
- other_family: a parent on another authority's case
- policy_owner: the demo authority's recording-policy owner; other_policy_owner: Westford's
- nurse: a school nurse invited to the demo conference
- admin: the administrator

The world is built once per test session in the test database (`build_world`, from
tests/conftest.py's `django_db_setup`); each test gets freshly queried instances of it, and its
changes are rolled back with its transaction. A transactional test's flush removes the world:
the `world` fixture then builds it again, inside that test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.cases.models import (
    Attendee,
    Authority,
    AuthorityMembership,
    Case,
    CaseAllocation,
    Child,
    Meeting,
    ParentalResponsibility,
    Person,
)
from onrecord.demo import DEMO_AUTHORITY_SLUG, load_demo

PASSWORD = "a-long-test-password-42"

# Persona -> username: the demo's own users, then three made here.
DEMO_PERSONAS = {
    "chair": "priya.shah",
    "social_worker": "tom.bennett",
    "team_manager": "grace.owusu",
    "legal": "helen.ward",
    "mother": "dana.whitfield",
    "father_of_jade": "marcus.reid",
    "father_of_leo": "samuel.okafor",
    "nurse": "amira.hassan",
    "admin": "admin",
}
EXTRA_PERSONAS = {
    "outsider": ("outsider", "social_worker"),
    "other_authority": ("westford.chair", "chair"),
    "other_family": ("olive.other", "family"),
    "other_records_manager": ("westford.records", "legal"),
    "other_legal": ("westford.legal", "legal"),
    "former_chair": ("former.chair", "chair"),
    "policy_owner": ("eastmere.policy", "policy_owner"),
    "other_policy_owner": ("westford.policy", "policy_owner"),
}
OTHER_CASE_REFERENCE = "WF-1"


@dataclass
class World:
    case: Case
    meeting: Meeting
    other_case: Case
    other_meeting: Meeting
    users: dict[str, User]

    def client_for(self, persona: str) -> Client:
        client = Client()
        client.force_login(self.users[persona])
        return client


# The personas the per-feature permission matrices walk (retention, parents' copies); the
# URL matrix (tests/test_url_matrix.py) walks every persona, the later ones included.
CORE_PERSONAS = [
    "chair",
    "social_worker",
    "team_manager",
    "legal",
    "outsider",
    "other_authority",
    "mother",
    "father_of_jade",
    "father_of_leo",
    "nurse",
    "other_family",
    "admin",
]


def _user(username: str, role: str) -> User:
    user = User(username=username, role=role, first_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    return user


def build_world() -> None:
    """The demo (load_demo), every user's password set to PASSWORD, and another authority's
    case with its own chair and family, plus an unallocated social worker."""
    load_demo()
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])

    other_authority = Authority.objects.create(
        name="Westford Council", slug="westford", policy_profile="leeds"
    )
    other_case = Case.objects.create(
        authority=other_authority, reference=OTHER_CASE_REFERENCE, family_name="Other family"
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

    extra = {persona: _user(*account) for persona, account in EXTRA_PERSONAS.items()}
    demo_authority = Authority.objects.get(slug=DEMO_AUTHORITY_SLUG)
    for persona in ("outsider", "former_chair", "policy_owner"):
        AuthorityMembership.objects.create(user=extra[persona], authority=demo_authority)
    for persona in (
        "other_authority",
        "other_records_manager",
        "other_legal",
        "other_policy_owner",
    ):
        AuthorityMembership.objects.create(user=extra[persona], authority=other_authority)
    CaseAllocation.objects.create(case=other_case, user=extra["other_authority"])
    CaseAllocation.objects.create(case=other_case, user=extra["other_legal"])
    extra["other_records_manager"].user_permissions.add(
        Permission.objects.get(codename="dispose_recording"),
        Permission.objects.get(codename="manage_legal_holds"),
    )
    demo_case = Case.objects.get(authority=demo_authority)
    CaseAllocation.objects.create(
        case=demo_case,
        user=extra["former_chair"],
        allocated_on=dt.date.today() - dt.timedelta(days=30),
        ended_on=dt.date.today() - dt.timedelta(days=1),
    )
    other_parent.user = extra["other_family"]
    other_parent.save()


def world_is_built() -> bool:
    return Case.objects.filter(reference=OTHER_CASE_REFERENCE).exists()


def current_world() -> World:
    """The world as stored now, in new instances: a test may change them freely."""
    case = Case.objects.get(authority__slug=DEMO_AUTHORITY_SLUG)
    other_case = Case.objects.get(reference=OTHER_CASE_REFERENCE)
    usernames = {**DEMO_PERSONAS, **{p: account[0] for p, account in EXTRA_PERSONAS.items()}}
    by_name = User.objects.in_bulk(list(usernames.values()), field_name="username")
    return World(
        case=case,
        meeting=case.meetings.get(),
        other_case=other_case,
        other_meeting=other_case.meetings.get(),
        users={persona: by_name[username] for persona, username in usernames.items()},
    )


@pytest.fixture
def world(db: None) -> World:
    if not world_is_built():  # a transactional test flushed it: build it for this test
        build_world()
    return current_world()
