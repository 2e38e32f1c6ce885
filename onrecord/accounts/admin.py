from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from onrecord.accounts.models import SsoIdentity, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Role in OnRecord", {"fields": ("role",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role in OnRecord", {"fields": ("role", "first_name", "last_name", "email")}),
    )


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Link an existing account to its council sign-in before the person's first use of it."""

    list_display = ("user", "issuer", "subject", "linked_at", "deprovisioned_at")
    search_fields = ("user__username", "subject")
    readonly_fields = ("linked_at", "deprovisioned_at")
