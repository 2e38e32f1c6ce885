"""Demo data: a fictional authority with one case that exercises the hard rules.

Two children with different fathers; the mother holds PR for both, each father for his own
child only (Hackney 3: no PR, no recording of that child's items). The older child is 14,
looked after and assessed Gillick competent (Hackney 3: her agreement is needed). A child
protection conference with chair, social worker, school nurse and police, whose agenda takes
each child separately. Every name is invented.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.cases.models import (
    AgendaItem,
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

DEMO_AUTHORITY_SLUG = "eastmere-demo"

# username, first, last, role, is_staff (Django admin)
DEMO_USERS: list[tuple[str, str, str, Role]] = [
    ("priya.shah", "Priya", "Shah", Role.CHAIR),
    ("tom.bennett", "Tom", "Bennett", Role.SOCIAL_WORKER),
    ("grace.owusu", "Grace", "Owusu", Role.TEAM_MANAGER),
    ("amira.hassan", "Amira", "Hassan", Role.PROFESSIONAL),
    ("dan.pryce", "Dan", "Pryce", Role.PROFESSIONAL),
    ("dana.whitfield", "Dana", "Whitfield", Role.FAMILY),
    ("marcus.reid", "Marcus", "Reid", Role.FAMILY),
    ("samuel.okafor", "Samuel", "Okafor", Role.FAMILY),
    ("helen.ward", "Helen", "Ward", Role.LEGAL),
    ("admin", "Sam", "Admin", Role.ADMIN),
]


@dataclass
class DemoResult:
    created: bool
    case: Case | None = None
    passwords: dict[str, str] = field(default_factory=dict)


def _years_ago(today: dt.date, years: int, days_more: int = 0) -> dt.date:
    return today.replace(year=today.year - years) - dt.timedelta(days=days_more)


def _new_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def reset_demo_passwords() -> dict[str, str]:
    passwords: dict[str, str] = {}
    for username, *_ in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            passwords[username] = _new_password()
            user.set_password(passwords[username])
            user.save(update_fields=["password"])
    return passwords


@transaction.atomic
def load_demo(now: dt.datetime | None = None) -> DemoResult:
    """Create the demo authority, users and case once. Returns the new users' passwords,
    which are shown once and stored only as Argon2 hashes."""
    if Authority.objects.filter(slug=DEMO_AUTHORITY_SLUG).exists():
        return DemoResult(created=False)
    now = now or timezone.now()
    today = timezone.localdate(now)
    users, passwords = _create_users()
    case = _create_case(users, today)
    people = _create_people(case, users)
    jade, leo = _create_children(case, people, today)
    _record_parental_responsibility(people, jade, leo)
    meeting = _create_meeting(case, users, now)
    _invite_attendees(meeting, people, now)
    _set_agenda(meeting, jade, leo)
    return DemoResult(created=True, case=case, passwords=passwords)


def _create_users() -> tuple[dict[str, User], dict[str, str]]:
    """The demo accounts by username, and each one's new password."""
    passwords: dict[str, str] = {}
    users: dict[str, User] = {}
    for username, first, last, role in DEMO_USERS:
        passwords[username] = _new_password()
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            role=role.value,
            email=f"{username}@eastmere.example",
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.set_password(passwords[username])
        user.save()
        users[username] = user
    return users, passwords


def _create_case(users: dict[str, User], today: dt.date) -> Case:
    """The demo authority and its one case, allocated to the chair, social worker, team
    manager and legal adviser."""
    authority = Authority.objects.create(
        name="Eastmere Borough Council (demo)", slug=DEMO_AUTHORITY_SLUG, policy_profile="hackney"
    )
    case = Case.objects.create(
        authority=authority,
        reference="CF-2026-0147",
        family_name="Whitfield family",
        opened_on=today - dt.timedelta(days=60),
    )
    for username in ("priya.shah", "tom.bennett", "grace.owusu", "helen.ward"):
        CaseAllocation.objects.create(case=case, user=users[username])
    # The authority's own staff, its administrator included (cases/scoping.py: the wall).
    for username, *_, role in DEMO_USERS:
        if role in {Role.CHAIR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.LEGAL, Role.ADMIN}:
            AuthorityMembership.objects.create(user=users[username], authority=authority)
    return case


@dataclass(frozen=True)
class _People:
    """The case's people: the family, the two children as people, and the professionals."""

    mother: Person
    marcus: Person  # Jade's father
    samuel: Person  # Leo's father
    jade: Person
    leo: Person
    chair: Person
    worker: Person
    nurse: Person
    police: Person


def _create_people(case: Case, users: dict[str, User]) -> _People:
    def person(name: str, kind: str, user: str | None = None, **extra: str) -> Person:
        account = users.get(user or "")
        return Person.objects.create(
            case=case,
            full_name=name,
            kind=kind,
            user=account,
            email=account.email if account else "",
            **extra,
        )

    return _People(
        mother=person(
            "Dana Whitfield", Person.Kind.PARENT, "dana.whitfield", relationship="Mother"
        ),
        marcus=person(
            "Marcus Reid", Person.Kind.PARENT, "marcus.reid", relationship="Jade's father"
        ),
        samuel=person(
            "Samuel Okafor", Person.Kind.PARENT, "samuel.okafor", relationship="Leo's father"
        ),
        jade=person("Jade Whitfield", Person.Kind.CHILD, relationship="Daughter"),
        leo=person("Leo Okafor", Person.Kind.CHILD, relationship="Son"),
        chair=person(
            "Priya Shah",
            Person.Kind.STAFF,
            "priya.shah",
            agency="Eastmere Children's Services",
            job_title="Child protection chair",
        ),
        worker=person(
            "Tom Bennett",
            Person.Kind.STAFF,
            "tom.bennett",
            agency="Eastmere Children's Services",
            job_title="Social worker",
        ),
        nurse=person(
            "Amira Hassan",
            Person.Kind.PROFESSIONAL,
            "amira.hassan",
            agency="Eastmere Community Health NHS Trust",
            job_title="School nurse",
        ),
        police=person(
            "Dan Pryce",
            Person.Kind.PROFESSIONAL,
            "dan.pryce",
            agency="Eastmere Police Public Protection Unit",
            job_title="Detective constable",
        ),
    )


def _create_children(case: Case, people: _People, today: dt.date) -> tuple[Child, Child]:
    """Jade, 14, looked after and Gillick competent; Leo, 6."""
    jade = Child.objects.create(
        case=case,
        person=people.jade,
        date_of_birth=_years_ago(today, 14, 40),
        looked_after=True,  # accommodated with her mother's agreement (no court order)
        gillick_competent=True,
        gillick_assessed_on=today - dt.timedelta(days=20),
        gillick_assessed_by="Tom Bennett, social worker",
    )
    leo = Child.objects.create(
        case=case, person=people.leo, date_of_birth=_years_ago(today, 6, 100)
    )
    return jade, leo


def _record_parental_responsibility(people: _People, jade: Child, leo: Child) -> None:
    """The mother for both children; each father for his own child only."""
    pr = ParentalResponsibility.objects.create
    pr(person=people.mother, child=jade, basis="birth_mother", starts_on=jade.date_of_birth)
    pr(person=people.mother, child=leo, basis="birth_mother", starts_on=leo.date_of_birth)
    pr(person=people.marcus, child=jade, basis="registered_father", starts_on=jade.date_of_birth)
    pr(person=people.samuel, child=leo, basis="registered_father", starts_on=leo.date_of_birth)


def _create_meeting(case: Case, users: dict[str, User], now: dt.datetime) -> Meeting:
    """A child protection conference at 10:00 ten days from now."""
    start = (now + dt.timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    return Meeting.objects.create(
        case=case,
        kind=Meeting.Kind.CHILD_PROTECTION_CONFERENCE,
        title="Initial child protection conference",
        mode=Meeting.Mode.HYBRID,
        place="Eastmere Civic Centre, Room 2",
        scheduled_start=start,
        chair=users["priya.shah"],
        organiser=users["tom.bennett"],
    )


def _invite_attendees(meeting: Meeting, people: _People, now: dt.datetime) -> None:
    for who, role_at_meeting in [
        (people.chair, "Chair"),
        (people.worker, "Social worker"),
        (people.nurse, "School nurse"),
        (people.police, "Police"),
        (people.mother, "Mother"),
        (people.marcus, "Jade's father"),
        (people.samuel, "Leo's father"),
    ]:
        Attendee.objects.create(meeting=meeting, person=who, role=role_at_meeting, invited_at=now)


def _set_agenda(meeting: Meeting, jade: Child, leo: Child) -> None:
    """Each child taken separately, with Jade's health needs marked sensitive."""
    agenda: list[tuple[str, list[Child], bool, str]] = [
        ("Introductions, purpose of the conference and recording", [], False, ""),
        ("Jade: reports and discussion", [jade], False, ""),
        ("Jade: health needs", [jade], True, "Sensitive medical information"),
        ("Leo: reports and discussion", [leo], False, ""),
        ("Decision and child protection plan", [jade, leo], False, ""),
    ]
    for position, (title, children, sensitive, reason) in enumerate(agenda, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=title,
            sensitive=sensitive,
            sensitive_reason=reason,
        )
        item.children.set(children)
