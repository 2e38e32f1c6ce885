"""Administration of authorities, cases and allocations. Changes made here are audited by the
same signals as any other change (onrecord.audit.signals), and opening a record is audited too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from onrecord.audit import services as audit
from onrecord.cases import admin_accounts, models
from onrecord.cases.admin_walls import AuthorityWalled, WalledInline


class AuditedViewAdmin(AuthorityWalled):
    """A case record's page: walled by its case's authority (admin_walls.py), and opening it is
    audited."""

    authority_path = "case__authority"

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            audit.record("view", obj, detail={"page": "admin"})
        return super().change_view(request, object_id, form_url, extra_context)


class AllocationInline(WalledInline):
    model = models.CaseAllocation
    extra = 0


@admin.register(models.AuthorityMembership)
class AuthorityMembershipAdmin(AuthorityWalled):
    """Which authority each member of staff works for: the wall between councils
    (cases/scoping.py). A records manager or DPO needs one to see any of their authority's
    records; allocations to cases of other authorities give nothing."""

    list_display = ("user", "authority", "joined_on", "left_on")
    list_filter = ("authority",)


@admin.register(models.Authority)
class AuthorityAdmin(AuthorityWalled):
    """An administrator sees and changes only their own authority; a new one is made by the
    operator (load_demo, the shell), since nobody administers it yet."""

    authority_path = "pk"
    list_display = ("name", "slug", "policy_profile")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False


@admin.register(models.Case)
class CaseAdmin(AuditedViewAdmin):
    authority_path = "authority"
    list_display = ("reference", "family_name", "authority", "opened_on")
    search_fields = ("reference", "family_name")
    inlines = [AllocationInline]


class PersonForm(forms.ModelForm):  # type: ignore[type-arg]
    """Who invited a friend or relative is chosen from the same case's people, never themself."""

    class Meta:
        model = models.Person
        fields = [
            "case", "full_name", "kind", "relationship", "agency", "job_title", "email", "user",
            "invited_by",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        inviters = data.get("invited_by")
        case = data.get("case")
        if inviters is not None and case is not None:
            if any(p.case_id != case.pk for p in inviters):
                self.add_error("invited_by", "Choose people on this family's case")
            elif self.instance.pk is not None and any(p.pk == self.instance.pk for p in inviters):
                self.add_error("invited_by", "A person cannot invite themself")
        return data


@admin.register(models.Person)
class PersonAdmin(AuditedViewAdmin):
    form = PersonForm
    filter_horizontal = ("invited_by",)
    list_display = ("full_name", "kind", "case", "agency")
    list_filter = ("kind",)
    search_fields = ("full_name",)


@admin.register(models.Child)
class ChildAdmin(AuditedViewAdmin):
    list_display = ("__str__", "case", "date_of_birth", "looked_after", "court_order")


@admin.register(models.ParentalResponsibility)
class ParentalResponsibilityAdmin(AuditedViewAdmin):
    authority_path = "child__case__authority"
    list_display = ("person", "child", "basis", "starts_on", "ends_on")


class AttendeeInline(WalledInline):
    model = models.Attendee
    extra = 0


class AgendaItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """The staff agenda form: what kind of sensitive information an item holds is chosen from
    the list the policy knows (Leeds d health; Hertfordshire 1.4 special category data)."""

    sensitive_kinds = forms.MultipleChoiceField(
        label="Kind of sensitive information",
        choices=models.SensitiveKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose kinds of sensitive information from the list"},
    )

    class Meta:
        model = models.AgendaItem
        fields = [
            "position",
            "title",
            "children",
            "sensitive",
            "sensitive_kinds",
            "sensitive_reason",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sensitive_kinds"):
            data["sensitive"] = True  # naming a kind marks the item sensitive
        return data


class AgendaItemInline(WalledInline):
    model = models.AgendaItem
    form = AgendaItemForm
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(AuditedViewAdmin):
    list_display = ("__str__", "case", "kind", "scheduled_start", "chair")
    list_filter = ("kind",)
    inlines = [AttendeeInline, AgendaItemInline]


__all__ = ["admin_accounts"]  # walls the accounts and audit pages too
