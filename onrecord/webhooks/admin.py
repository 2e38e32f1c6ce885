from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from onrecord.webhooks import services
from onrecord.webhooks.models import Attempt, Delivery, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "authority", "url", "active")
    readonly_fields = ("secret",)


class AttemptInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attempt
    readonly_fields = ("number", "at", "status_code", "error", "duration_ms")
    extra = 0
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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
