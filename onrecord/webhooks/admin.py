"""The administrator's pages for subscribers and their deliveries, walled by authority
(permissions.py): an administrator sees and manages only their own authority's. A new
subscriber's secret is shown once, when it is made; it is stored only sealed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from onrecord.cases.admin_walls import AuthorityWalled, manageable_authorities, may_manage
from onrecord.webhooks import services
from onrecord.webhooks.models import Attempt, Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(AuthorityWalled):
    list_display = ("name", "authority", "url", "active")
    fields = ("authority", "name", "url", "kinds", "active")
    # An address typed without a scheme is read as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "authority":
            kwargs["queryset"] = manageable_authorities(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Subscriber, form: Any, change: bool) -> None:
        if not may_manage(request.user, obj.authority_id):  # the form's choices say so too
            raise PermissionError("not an administrator of that authority")
        super().save_model(request, obj, form, change)
        if obj.new_secret:
            self.message_user(
                request,
                f"The signing secret for {obj.name} (copy it into the case system now, it is "
                f"not shown again): {obj.new_secret}",
                messages.WARNING,
            )


class AttemptInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attempt
    readonly_fields = ("number", "at", "status_code", "error", "duration_ms")
    extra = 0
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(AuthorityWalled):
    authority_path = "subscriber__authority"
    list_display = ("event", "subscriber", "status", "attempts", "next_attempt_at")
    list_filter = ("status",)
    readonly_fields = (
        "event",
        "subscriber",
        "status",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    )
    inlines = [AttemptInline]
    actions = ["redeliver"]

    @admin.action(description="Try the failed deliveries once more")
    def redeliver(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        for delivery in queryset:
            services.redeliver(delivery)
