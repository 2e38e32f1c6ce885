"""The admin site's user form gives only what the person editing may give (issue 13's admin
walls, by persona: tests/support/admin_personas.py). The demo authority's administrator picks
from their own authority's groups and the authority-level permissions (disposal, legal holds)
only: never the installation's groups or permissions, never another authority's groups, never
superuser status; saving keeps what the operator gave beyond that. Westford's administrator
sees Westford's groups only; the operator (a superuser of no authority) gives anything; staff let
into the admin site give nothing, not even to themselves."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from onrecord.accounts.models import User
from onrecord.cases.models import Authority, AuthorityGroup
from tests.support.admin_personas import admin_site_people
from tests.support.personas import World


@pytest.fixture
def people(world: World) -> dict[str, Client]:
    clients = admin_site_people(world)
    operator = User.objects.create(
        username="operator", role="admin", is_staff=True, is_superuser=True
    )
    clients["operator"] = Client()
    clients["operator"].force_login(operator)
    return clients


@pytest.fixture
def groups(world: World) -> dict[str, Group]:
    made = {
        "eastmere": Group.objects.create(name="Eastmere records managers"),
        "westford": Group.objects.create(name="Westford records managers"),
        "installation": Group.objects.create(name="Installation support"),
    }
    made["installation"].permissions.add(_perm("accounts", "change_user"))
    AuthorityGroup.objects.create(group=made["eastmere"], authority=world.case.authority)
    AuthorityGroup.objects.create(
        group=made["westford"], authority=Authority.objects.get(slug="westford")
    )
    return made


def _perm(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _choices(client: Client, user: User, field: str) -> set[str]:
    answer = client.get(_url(user))
    assert answer.status_code == 200
    form = answer.context["adminform"].form
    return {str(label) for _, label in form.fields[field].choices}


def _post(client: Client, user: User, **changes: Any) -> Any:
    data: dict[str, Any] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return client.post(_url(user), data)


def test_the_administrator_picks_only_their_authoritys_groups_and_powers(
    people: dict[str, Client], world: World, groups: dict[str, Group]
) -> None:
    chair = world.users["chair"]
    assert _choices(people["admin"], chair, "groups") == {"Eastmere records managers"}
    offered = _choices(people["admin"], chair, "user_permissions")
    assert len(offered) == 2
    assert any("Can confirm the disposal of recordings" in label for label in offered)
    assert any("Can place and lift legal holds" in label for label in offered)
    page = people["admin"].get(_url(chair)).content.decode()
    assert "Westford records managers" not in page
    assert "Installation support" not in page
    assert 'name="is_superuser"' not in page  # shown, not editable

    saved = _post(
        people["admin"],
        chair,
        groups=[groups["eastmere"].pk],
        user_permissions=[_perm("vault", "manage_legal_holds").pk],
    )
    assert saved.status_code == 302
    assert list(chair.groups.all()) == [groups["eastmere"]]
    assert list(chair.user_permissions.all()) == [_perm("vault", "manage_legal_holds")]


@pytest.mark.parametrize(
    "grant",
    [
        {"groups": "installation"},
        {"groups": "westford"},
        {"user_permissions": ("accounts", "change_user")},
        {"user_permissions": ("auth", "change_group")},
        {"user_permissions": ("cases", "change_authority")},
    ],
)
def test_the_installations_and_other_authorities_grants_are_refused(
    people: dict[str, Client], world: World, groups: dict[str, Group], grant: dict[str, Any]
) -> None:
    chair = world.users["chair"]
    ((field, value),) = grant.items()
    chosen = groups[value].pk if field == "groups" else _perm(*value).pk
    refused = _post(people["admin"], chair, **{field: [chosen]})
    assert refused.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in refused.content.decode()
    chair.refresh_from_db()
    assert not chair.groups.exists()
    assert not chair.user_permissions.exists()


def test_the_administrator_cannot_make_anyone_a_superuser(
    people: dict[str, Client], world: World
) -> None:
    chair = world.users["chair"]
    saved = _post(people["admin"], chair, is_superuser="on", is_staff="on")
    assert saved.status_code == 302
    chair.refresh_from_db()
    assert not chair.is_superuser


def test_saving_keeps_what_the_operator_gave(
    people: dict[str, Client], world: World, groups: dict[str, Group]
) -> None:
    chair = world.users["chair"]
    chair.groups.add(groups["installation"])
    chair.user_permissions.add(_perm("accounts", "change_user"))
    saved = _post(
        people["admin"],
        chair,
        groups=[groups["eastmere"].pk],
        user_permissions=[_perm("vault", "dispose_recording").pk],
    )
    assert saved.status_code == 302
    assert set(chair.groups.all()) == {groups["installation"], groups["eastmere"]}
    assert set(chair.user_permissions.all()) == {
        _perm("accounts", "change_user"),
        _perm("vault", "dispose_recording"),
    }
    # Taking away what they may give still works, and still keeps the operator's.
    _post(people["admin"], chair, groups=[], user_permissions=[])
    assert list(chair.groups.all()) == [groups["installation"]]
    assert list(chair.user_permissions.all()) == [_perm("accounts", "change_user")]


def test_westfords_administrator_sees_westfords_groups_only(
    people: dict[str, Client], world: World, groups: dict[str, Group]
) -> None:
    westford_chair = world.users["other_authority"]
    assert _choices(people["other_admin"], westford_chair, "groups") == {
        "Westford records managers"
    }
    assert (
        "Eastmere records managers"
        not in people["other_admin"].get(_url(westford_chair)).content.decode()
    )


def test_the_operator_gives_anything_and_staff_in_the_admin_site_nothing(
    people: dict[str, Client], world: World, groups: dict[str, Group]
) -> None:
    # The operator's own account (accounts of the authorities are their administrators').
    operator = User.objects.get(username="operator")
    assert _choices(people["operator"], operator, "groups") == {g.name for g in groups.values()}
    assert len(_choices(people["operator"], operator, "user_permissions")) == (
        Permission.objects.count()
    )
    saved = _post(
        people["operator"],
        operator,
        groups=[groups["installation"].pk],
        user_permissions=[_perm("accounts", "change_user").pk],
        is_superuser="on",
    )
    assert saved.status_code == 302
    operator.refresh_from_db()
    assert operator.is_superuser
    assert list(operator.groups.all()) == [groups["installation"]]
    assert list(operator.user_permissions.all()) == [_perm("accounts", "change_user")]

    manager = world.users["team_manager"]  # a superuser let into the admin site, not its admin
    assert _choices(people["manager_in_admin"], manager, "groups") == set()
    assert _choices(people["manager_in_admin"], manager, "user_permissions") == set()
    refused = _post(
        people["manager_in_admin"], manager, groups=[groups["eastmere"].pk], is_superuser=""
    )
    assert refused.status_code == 200
    manager.refresh_from_db()
    assert manager.is_superuser  # the operator's setting, unchanged by them
    assert not manager.groups.exists()
