"""The administrator's pages for API clients, walled by authority (cases/admin_walls.py): an
administrator sees and manages only their own authority's clients, since a client's token reads
and writes that authority's children's records. Tokens are issued from the client's page (an
admin action that shows the new token once) and revoked there; never shown again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from onrecord.api.models import TOKEN_PREFIX, ApiClient, ApiToken
from onrecord.cases.admin_walls import AuthorityWalled, manageable_authorities, may_manage


class TokenInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ApiToken
    fields = ("prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(AuthorityWalled):
    list_display = ("name", "authority", "system", "active", "created_at")
    list_filter = ("active",)
    inlines = [TokenInline]
    actions = ["issue_token"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "authority":
            kwargs["queryset"] = manageable_authorities(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ApiClient, form: Any, change: bool) -> None:
        if not may_manage(request.user, obj.authority_id):  # the form's choices say so too
            raise PermissionError("not an administrator of that authority")
        super().save_model(request, obj, form, change)

    @admin.action(description="Issue a new token (shown once)")
    def issue_token(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            if not may_manage(request.user, client.authority_id):
                continue  # the list shows only their own; a forged selection issues nothing
            expires = timezone.now() + dt.timedelta(days=365)
            _, secret = ApiToken.issue(client, expires_at=expires)
            self.message_user(
                request,
                f"New token for {client.name} (copy it now, it is not shown again): {secret}",
                messages.WARNING,
            )


__all__ = ["TOKEN_PREFIX"]
