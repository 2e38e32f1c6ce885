"""The admin site's case records, memberships, authorities, accounts and audit trail are walled
by authority (cases/admin_walls.py), by named persona: the demo authority's administrator;
Westford's administrator (another authority, even a superuser); the demo's team manager let into
the admin site as a superuser (staff, not its administrator); an outsider; and nobody signed in.
Each sees and picks only their own authority's records, never another council's."""

from __future__ import annotations

import pytest
from django.test import Client

from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Authority, AuthorityMembership, Child, Meeting, Person
from tests.support.admin_personas import admin_site_people
from tests.support.personas import World

LISTS = [
    "/admin/cases/case/",
    "/admin/cases/person/",
    "/admin/cases/child/",
    "/admin/cases/parentalresponsibility/",
    "/admin/cases/meeting/",
    "/admin/cases/authoritymembership/",
    "/admin/cases/authority/",
]
REFUSED = ["manager_in_admin", "outsider", "anonymous"]


@pytest.fixture
def people(world: World) -> dict[str, Client]:
    return admin_site_people(world)


def _page(client: Client, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.content.decode()


@pytest.mark.parametrize("path", LISTS)
def test_each_administrator_lists_only_their_own_authoritys_records(
    path: str, people: dict[str, Client], world: World
) -> None:
    ours, theirs = world.case.authority.name, world.other_case.authority.name
    mine = _page(people["admin"], path)
    westford = _page(people["other_admin"], path)
    assert "Westford" not in mine
    assert "Olive Other" not in mine
    assert "Otto Other" not in mine
    assert "Other family" not in mine
    assert world.case.family_name not in westford
    if path.endswith(("authority/", "authoritymembership/", "case/")):
        assert ours in mine
        assert theirs in westford


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize("path", LISTS)
def test_nobody_else_lists_any_authoritys_records(
    persona: str, path: str, people: dict[str, Client], world: World
) -> None:
    page = people[persona].get(path)
    assert page.status_code != 200 or (
        world.case.family_name not in page.content.decode()
        and "Other family" not in page.content.decode()
    )


def test_another_authoritys_records_cannot_be_opened_changed_or_deleted(
    people: dict[str, Client], world: World
) -> None:
    admin = people["admin"]
    olive = Person.objects.get(full_name="Olive Other")
    targets = {
        f"/admin/cases/person/{olive.pk}/": olive,
        f"/admin/cases/case/{world.other_case.pk}/": world.other_case,
        f"/admin/cases/meeting/{world.other_meeting.pk}/": world.other_meeting,
        f"/admin/cases/authority/{world.other_case.authority_id}/": world.other_case.authority,
    }
    for path in targets:
        assert admin.get(f"{path}change/").status_code != 200, path
        admin.post(f"{path}delete/", {"post": "yes"})
    answer = admin.post(
        f"/admin/cases/person/{olive.pk}/change/",
        {"case": world.other_case.pk, "full_name": "Changed", "kind": "parent"},
    )
    assert answer.status_code != 200 or "Changed" not in answer.content.decode()
    assert Person.objects.get(pk=olive.pk).full_name == "Olive Other"
    assert Meeting.objects.filter(pk=world.other_meeting.pk).exists()
    # ...while their own administrator opens them.
    assert people["other_admin"].get(f"/admin/cases/person/{olive.pk}/change/").status_code == 200


def test_pickers_list_only_the_administrators_own_authoritys_people(
    people: dict[str, Client], world: World
) -> None:
    ours = world.case.people.first()
    assert ours is not None
    forms = [
        _page(people["admin"], "/admin/cases/person/add/"),  # the invited_by picker, the case
        _page(people["admin"], f"/admin/cases/person/{ours.pk}/change/"),
        _page(people["admin"], f"/admin/cases/meeting/{world.meeting.pk}/change/"),  # attendees
        _page(people["admin"], "/admin/cases/meeting/add/"),  # chair, organiser
        _page(people["admin"], "/admin/cases/parentalresponsibility/add/"),
        _page(people["admin"], "/admin/cases/authoritymembership/add/"),
        _page(people["admin"], "/admin/cases/child/add/"),
    ]
    for form in forms:
        assert "Olive Other" not in form
        assert "Otto Other" not in form
        assert "Other family" not in form
        assert "Westford" not in form
        assert "westford." not in form  # Westford's staff accounts
    assert ours.full_name in forms[0]  # the picker still lists our own people
    westford = _page(people["other_admin"], "/admin/cases/person/add/")
    assert "Olive Other" in westford
    assert ours.full_name not in westford


def test_a_record_cannot_be_added_to_another_authoritys_case(
    people: dict[str, Client], world: World
) -> None:
    answer = people["admin"].post(
        "/admin/cases/person/add/",
        {"case": world.other_case.pk, "full_name": "Planted", "kind": "parent"},
    )
    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    assert not Person.objects.filter(full_name="Planted").exists()


def test_a_new_authority_is_not_added_in_the_admin_site(people: dict[str, Client]) -> None:
    assert people["admin"].get("/admin/cases/authority/add/").status_code == 403


def test_accounts_are_walled_and_nobody_is_locked_out_of_their_own(
    people: dict[str, Client], world: World
) -> None:
    westford_chair = world.users["other_authority"]
    demo_chair = world.users["chair"]
    family = world.users["mother"]
    users = _page(people["admin"], "/admin/accounts/user/")
    assert "westford." not in users
    assert demo_chair.username in users
    assert family.username in users
    assert (
        people["admin"].get(f"/admin/accounts/user/{westford_chair.pk}/change/").status_code != 200
    )
    assert (
        people["other_admin"].get(f"/admin/accounts/user/{demo_chair.pk}/change/").status_code
        != 200
    )
    assert (
        people["other_admin"].get(f"/admin/accounts/user/{westford_chair.pk}/change/").status_code
        == 200
    )
    # Staff let into the admin site who administer no authority see and keep only themselves.
    manager = world.users["team_manager"]
    theirs = _page(people["manager_in_admin"], "/admin/accounts/user/")
    assert manager.username in theirs
    assert demo_chair.username not in theirs
    own = people["manager_in_admin"].get(f"/admin/accounts/user/{manager.pk}/change/")
    assert own.status_code == 200
    admin = world.users["admin"]
    assert people["admin"].get(f"/admin/accounts/user/{admin.pk}/change/").status_code == 200


def test_the_audit_trail_shows_only_the_administrators_own_authoritys_cases(
    people: dict[str, Client], world: World
) -> None:
    child = Child.objects.get(case=world.other_case)
    people["other_admin"].get(f"/admin/cases/child/{child.pk}/change/")  # audited as a view
    theirs = AuditEvent.objects.filter(case_id=str(world.other_case.pk)).last()
    assert theirs is not None
    assert people["admin"].get(f"/admin/audit/auditevent/{theirs.seq}/change/").status_code != 200
    assert (
        people["other_admin"].get(f"/admin/audit/auditevent/{theirs.seq}/change/").status_code
        == 200
    )
    assert people["manager_in_admin"].get("/admin/audit/auditevent/").status_code != 200


def test_a_new_account_is_seen_until_attached_but_never_the_operators(
    people: dict[str, Client],
) -> None:
    new = User.objects.create(username="new.starter", role=Role.SOCIAL_WORKER)
    operator = User.objects.create(username="operator", is_staff=True, is_superuser=True)
    admin = people["admin"]
    assert admin.get(f"/admin/accounts/user/{new.pk}/change/").status_code == 200
    assert admin.get(f"/admin/accounts/user/{operator.pk}/change/").status_code != 200
    AuthorityMembership.objects.create(user=new, authority=Authority.objects.get(slug="westford"))
    assert admin.get(f"/admin/accounts/user/{new.pk}/change/").status_code != 200
