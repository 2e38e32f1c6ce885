"""The accounts and audit trail pages of the admin site, walled by authority. Their apps sit
below cases (they cannot know authorities), so their admins are registered again here with the
wall (admin_walls.py): an administrator sees their own authorities' members and families and
themself, and the audit entries of their own authorities' cases and members. Anyone else in the
admin site sees only their own account, so nobody is locked out of it. Pages about the whole
installation (permission groups, sign-in lockouts) are the operator's only, and django-otp's
device page, which shows each authenticator app's secret key, is not in the admin site at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from onrecord.accounts import admin as accounts_admin
from onrecord.accounts.models import SsoIdentity, User
from onrecord.audit import admin as audit_admin
from onrecord.audit.models import AuditEvent
from onrecord.cases.admin_walls import (
    WalledChoices,
    grantable_groups,
    grantable_permissions,
    is_operator,
    manageable_authorities,
    visible_users,
)
from onrecord.cases.models import AuthorityGroup, Case

# What an authority's administrator may not set on an account: the installation's own switches.
INSTALLATION_FIELDS = ("is_superuser",)
# The pickers scoped to what the person editing may give (admin_walls.py).
GRANTS: dict[str, Any] = {"groups": grantable_groups, "user_permissions": grantable_permissions}


class WalledUserAdmin(WalledChoices, accounts_admin.UserAdmin):
    """Accounts, walled: an administrator sees only their own authorities' people. On the form,
    the groups and permissions pickers offer only what they may give (their authorities' groups,
    the authority-level permissions), superuser status is the operator's to set, and saving
    keeps whatever the operator gave an account beyond that (it is not shown, so not taken)."""

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in GRANTS:
            kwargs["queryset"] = GRANTS[db_field.name](request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if is_operator(request.user) else (*fields, *INSTALLATION_FIELDS)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        account = form.instance
        kept: dict[str, list[Any]] = {}
        if change:
            for name, grantable in GRANTS.items():
                if name in form.cleaned_data:
                    given = grantable(request.user).values("pk")
                    kept[name] = list(getattr(account, name).exclude(pk__in=given))
        super().save_related(request, form, formsets, change)
        for name, beyond in kept.items():
            getattr(account, name).add(*beyond)

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


class OperatorOnly:
    """Pages about the whole installation (permission groups, sign-in lockouts across every
    authority): the operator's alone, never an authority's administrator."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user) and super().has_module_permission(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user) and super().has_view_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request.user) and super().has_delete_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_operator(request.user) and super().has_add_permission(request, *args)  # type: ignore[misc]


def _operator_only(model: Any) -> None:
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(f"OperatorOnly{current.__name__}", (OperatorOnly, current), {}))


class AuthorityGroupInline(admin.StackedInline):  # type: ignore[type-arg]
    model = AuthorityGroup
    can_delete = True
    max_num = 1
    extra = 0


def _global_pages() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if admin.site.is_registered(Group):
        # The operator links a group to an authority on the group's own page.
        current = type(admin.site.get_model_admin(Group))
        admin.site.unregister(Group)
        admin.site.register(
            Group,
            type("GroupWithAuthority", (current,), {"inlines": [AuthorityGroupInline]}),
        )
    for model in (Group, AccessAttempt, AccessLog, AccessFailureLog):
        if admin.site.is_registered(model):
            _operator_only(model)
    # django-otp's page shows each authenticator app's secret key: nobody reads it there. People
    # set their app up on their own pages; an administrator resets it with `two-step-reset`.
    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)


_global_pages()
