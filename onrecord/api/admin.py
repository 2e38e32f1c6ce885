"""The administrator's pages for API clients: tokens are issued from the client's page (an
admin action that shows the new token once) and revoked there; never shown again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from onrecord.api.models import TOKEN_PREFIX, ApiClient, ApiToken


class TokenInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ApiToken
    fields = ("prefix", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "authority", "system", "active", "created_at")
    list_filter = ("authority", "active")
    inlines = [TokenInline]
    actions = ["issue_token"]

    @admin.action(description="Issue a new token (shown once)")
    def issue_token(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset:
            expires = timezone.now() + dt.timedelta(days=365)
            _, secret = ApiToken.issue(client, expires_at=expires)
            self.message_user(
                request,
                f"New token for {client.name} (copy it now, it is not shown again): {secret}",
                messages.WARNING,
            )


__all__ = ["TOKEN_PREFIX"]
