"""Who manages an authority's integration settings in the admin site (webhook subscribers, API
clients): an administrator of that authority only, never staff of it (even if let into the admin
site), an administrator of another authority, or anyone else. "Of that authority" is a
membership in force (scoping.py). `AuthorityWalled` narrows every admin permission to that.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from onrecord.accounts.roles import Role
from onrecord.cases.models import Authority
from onrecord.cases.scoping import authorities_of


def manageable_authorities(user: Any) -> QuerySet[Authority]:
    """The authorities whose subscribers this user may manage (none unless an administrator)."""
    if getattr(user, "role", None) != Role.ADMIN:
        return Authority.objects.none()
    return authorities_of(user)


def may_manage(user: Any, authority_id: Any) -> bool:
    return manageable_authorities(user).filter(pk=authority_id).exists()


class AuthorityWalled(admin.ModelAdmin):  # type: ignore[type-arg]
    """Every permission of the admin site is narrowed to the user's own authorities."""

    authority_path = "authority"

    def _authority_id(self, obj: Any) -> Any:
        target = obj
        for part in self.authority_path.split("__"):
            target = getattr(target, part)
        return target.pk

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
