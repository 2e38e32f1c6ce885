"""The accounts and audit trail pages of the admin site, walled by authority. Their apps sit
below cases (they cannot know authorities), so their admins are registered again here with the
wall (admin_walls.py): an administrator sees their own authorities' members and families and
themself, and the audit entries of their own authorities' cases and members. Anyone else in the
admin site sees only their own account, so nobody is locked out of it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from onrecord.accounts import admin as accounts_admin
from onrecord.accounts.models import SsoIdentity, User
from onrecord.audit import admin as audit_admin
from onrecord.audit.models import AuditEvent
from onrecord.cases.admin_walls import WalledChoices, manageable_authorities, visible_users
from onrecord.cases.models import Case


class WalledUserAdmin(WalledChoices, accounts_admin.UserAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).filter(pk__in=visible_users(request.user).values("pk"))

    def _sees(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or visible_users(request.user).filter(pk=obj.pk).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._sees(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._sees(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._sees(request, obj) and super().has_delete_permission(request, obj)


class WalledSsoIdentityAdmin(WalledChoices, accounts_admin.SsoIdentityAdmin):
    def get_queryset(self, request: HttpRequest) -> QuerySet[SsoIdentity]:
        mine = visible_users(request.user).values("pk")
        return super().get_queryset(request).filter(user__in=mine)

    def _sees(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or visible_users(request.user).filter(pk=obj.user_id).exists()

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._sees(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._sees(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._sees(request, obj) and super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: SsoIdentity, form: Any, change: bool) -> None:
        if not self._sees(request, obj):  # the form's user choices say so too
            raise PermissionError("not an account of this administrator's authorities")
        super().save_model(request, obj, form, change)


class WalledAuditEventAdmin(audit_admin.AuditEventAdmin):
    """The entries about the administrator's authorities' cases, and those without a case made
    by their members (sign-ins, settings); nothing for anyone else."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        mine = manageable_authorities(request.user)
        cases = [
            str(pk) for pk in Case.objects.filter(authority__in=mine).values_list("pk", flat=True)
        ]
        members = list(
            User.objects.filter(authority_memberships__authority__in=mine).values_list(
                "pk", flat=True
            )
        )
        return (
            super()
            .get_queryset(request)
            .filter(Q(case_id__in=cases) | (Q(case_id="") & Q(actor_id__in=members)))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        mine = manageable_authorities(request.user).exists()
        return mine and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not self.get_queryset(request).filter(pk=obj.pk).exists():
            return False
        mine = manageable_authorities(request.user).exists()
        return mine and super().has_view_permission(request, obj)


for model, walled in (
    (User, WalledUserAdmin),
    (SsoIdentity, WalledSsoIdentityAdmin),
    (AuditEvent, WalledAuditEventAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, walled)
