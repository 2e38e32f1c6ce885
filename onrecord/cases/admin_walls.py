"""Who manages an authority's records and settings in the admin site: an administrator of that
authority only, never staff of it (even if let into the admin site as a superuser), an
administrator of another authority, or anyone else. "Of that authority" is a membership in force
(scoping.py).

`AuthorityWalled` narrows every admin permission, the list, and every foreign-key and
many-to-many choice on its forms to that; each admin names where its model's authority is
(`authority_path`, e.g. "case__authority"). `within_authorities` narrows any queryset by the
path of its own model (`authority_lookup`), so a picker lists only the user's authorities'
people, meetings and accounts. Models that belong to no authority are left to their own admin.

Permissions and groups belong to no authority in Django: `grantable_permissions` and
`grantable_groups` say which an administrator may give (admin_accounts.py's user form): the
authority-level powers (AUTHORITY_PERMISSIONS) and the groups linked to their own authorities
(`AuthorityGroup`); everything else is the installation's, given only by the operator.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from onrecord.accounts.roles import Role
from onrecord.cases.models import Authority
from onrecord.cases.scoping import authorities_of, case_lookup

# The permissions an authority's administrator may give their own people: powers over that
# authority's records only (each is walled by authority where it is used: the records
# manager's disposals and legal holds, retention/disposal.py). Every other permission (accounts,
# groups, sessions, the admin site's own pages) is about the whole installation.
AUTHORITY_PERMISSIONS = (
    ("vault", "dispose_recording"),
    ("vault", "manage_legal_holds"),
)


def is_operator(user: Any) -> bool:
    """Whoever runs the service for every authority: a superuser who works for none of them."""
    return bool(getattr(user, "is_superuser", False)) and not authorities_of(user).exists()


def grantable_permissions(user: Any) -> QuerySet[Permission]:
    """The permissions this user may give in the admin site: every one for the operator; the
    authority-level ones for an authority's administrator; none for anyone else."""
    if is_operator(user):
        return Permission.objects.all()
    if not manageable_authorities(user).exists():
        return Permission.objects.none()
    wanted = Q(pk__in=[])
    for app_label, codename in AUTHORITY_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def grantable_groups(user: Any) -> QuerySet[Group]:
    """The groups this user may give: every one for the operator; those linked to their own
    authorities for an authority's administrator (never another authority's, never the
    installation's); none for anyone else."""
    if is_operator(user):
        return Group.objects.all()
    return Group.objects.filter(authority_link__authority__in=manageable_authorities(user))


def manageable_authorities(user: Any) -> QuerySet[Authority]:
    """The authorities whose records this user may manage (none unless an administrator)."""
    if getattr(user, "role", None) != Role.ADMIN:
        return Authority.objects.none()
    return authorities_of(user)


def may_manage(user: Any, authority_id: Any) -> bool:
    return (
        authority_id is not None and manageable_authorities(user).filter(pk=authority_id).exists()
    )


def authority_lookup(model: type[Model]) -> str | None:
    """The ORM path from a model to its authority ("pk" for Authority itself); None for a model
    that belongs to no authority (accounts: see `visible_users`)."""
    if issubclass(model, Authority):
        return "pk"
    if getattr(model, "case_path", None) is not None:
        to_case = case_lookup(model)
        return f"{to_case}__authority" if to_case else "authority"
    if any(getattr(f, "name", None) == "authority" for f in model._meta.get_fields()):
        return "authority"
    return None


def visible_users(user: Any) -> QuerySet[Any]:
    """The accounts an administrator may see: themself; anyone who is or was a member of their
    authorities; anyone who takes part in one of their authorities' cases (family, other
    agencies); and accounts attached to no authority and no case yet (just made, to be given a
    membership), but never such a superuser (the operator's account). Never another authority's
    staff or families. Anyone else sees only themself,
    so nobody is locked out of their own account."""
    users = get_user_model()._default_manager.all()
    if not getattr(user, "is_authenticated", False):
        return users.none()
    mine = manageable_authorities(user)
    if not mine.exists():
        return users.filter(pk=user.pk)
    unattached = users.filter(
        authority_memberships__isnull=True, case_people__isnull=True, is_superuser=False
    )
    return users.filter(
        Q(pk=user.pk)
        | Q(authority_memberships__authority__in=mine)
        | Q(case_people__case__authority__in=mine)
        | Q(pk__in=unattached.values("pk"))
    ).distinct()


def within_authorities(queryset: QuerySet[Any], user: Any) -> QuerySet[Any]:
    """`queryset` narrowed to the user's own authorities by its model's own path."""
    if issubclass(queryset.model, get_user_model()):
        return queryset.filter(pk__in=visible_users(user).values("pk"))
    path = authority_lookup(queryset.model)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__in": manageable_authorities(user)})


class WalledChoices:
    """Every foreign-key and many-to-many picker lists only the user's own authorities' records
    (for a ModelAdmin and an inline alike)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = self._walled_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs["queryset"] = self._walled_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]

    def _walled_choices(self, db_field: Any, request: HttpRequest, kwargs: Any) -> QuerySet[Any]:
        given = kwargs.get("queryset")
        if given is None:
            given = db_field.remote_field.model._default_manager.all()
        return within_authorities(given, request.user)


class WalledInline(WalledChoices, admin.TabularInline):  # type: ignore[type-arg]
    """A tabular inline whose pickers are walled (its parent's admin walls the page)."""


class AuthorityWalled(WalledChoices, admin.ModelAdmin):  # type: ignore[type-arg]
    """Every permission of the admin site is narrowed to the user's own authorities."""

    authority_path = "authority"

    def _authority_id(self, obj: Any) -> Any:
        if self.authority_path == "pk":
            return obj.pk
        target = obj
        for part in self.authority_path.split("__"):
            target = getattr(target, part, None)
            if target is None:
                return None
        return target.pk

    def get_list_filter(self, request: HttpRequest) -> Any:
        """A filter by a related record offers only those on the (walled) list, never every
        authority's."""
        return [
            (entry, admin.RelatedOnlyFieldListFilter) if self._is_relation(entry) else entry
            for entry in super().get_list_filter(request)
        ]

    def _is_relation(self, entry: Any) -> bool:
        if not isinstance(entry, str) or "__" in entry:
            return False
        return bool(getattr(self.model._meta.get_field(entry), "is_relation", False))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .filter(**{f"{self.authority_path}__in": manageable_authorities(request.user)})
        )

    def _allowed(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None:
            return manageable_authorities(request.user).exists()
        return may_manage(request.user, self._authority_id(obj))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, None) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request, obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request, None) and super().has_add_permission(request, *args)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Refused for another authority's record, whatever was posted (the form's choices
        already say so)."""
        if not may_manage(request.user, self._authority_id(obj)):
            raise PermissionError("not an administrator of that authority")
        super().save_model(request, obj, form, change)
