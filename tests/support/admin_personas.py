"""The admin site's personas, for the tests that it is walled by authority: the demo
authority's administrator; Westford's administrator (another authority, a superuser); the
demo's team manager let into the admin site as a superuser (staff, not its administrator);
the demo's chair, an outsider and a mother (not admin-site users); and nobody signed in."""

from __future__ import annotations

from django.test import Client

from onrecord.accounts.models import User
from onrecord.accounts.roles import Role
from onrecord.cases.models import Authority, AuthorityMembership
from tests.support.personas import World


def westford_admin() -> User:
    user = User.objects.create(
        username="westford.admin", role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    AuthorityMembership.objects.create(user=user, authority=Authority.objects.get(slug="westford"))
    return user


def admin_site_people(world: World, other_admin: User | None = None) -> dict[str, Client]:
    clients = {name: world.client_for(name) for name in ("admin", "chair", "outsider", "mother")}
    clients["other_admin"] = Client()
    clients["other_admin"].force_login(other_admin or westford_admin())
    clients["anonymous"] = Client()
    manager = world.users["team_manager"]
    manager.is_staff = manager.is_superuser = True
    manager.save()
    clients["manager_in_admin"] = world.client_for("team_manager")
    return clients
