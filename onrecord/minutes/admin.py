"""Read-only in the admin: minutes change only through their pages (a new version each time).
Opening one is audited, as for other case records, and walled by authority (cases/admin.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onrecord.cases.admin import AuditedViewAdmin
from onrecord.minutes.models import MinutesDraft, MinutesVersion


class ReadOnly(AuditedViewAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MinutesDraft)
class MinutesDraftAdmin(ReadOnly):
    authority_path = "meeting__case__authority"
    list_display = ("meeting", "created_by", "created_at")


@admin.register(MinutesVersion)
class MinutesVersionAdmin(ReadOnly):
    authority_path = "minutes__meeting__case__authority"
    list_display = ("minutes", "version", "source", "approved", "written_by", "created_at")
    list_filter = ("approved", "source")
