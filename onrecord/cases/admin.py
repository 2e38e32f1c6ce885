"""Administration of authorities, cases and allocations. Changes made here are audited by the
same signals as any other change (onrecord.audit.signals), and opening a record is audited too."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from onrecord.audit import services as audit
from onrecord.cases import models


class AuditedViewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
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


class AllocationInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.CaseAllocation
    extra = 0


@admin.register(models.AuthorityMembership)
class AuthorityMembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Which authority each member of staff works for: the wall between councils
    (cases/scoping.py). A records manager or DPO needs one to see any of their authority's
    records; allocations to cases of other authorities give nothing."""

    list_display = ("user", "authority", "joined_on", "left_on")
    list_filter = ("authority",)


@admin.register(models.Authority)
class AuthorityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug", "policy_profile")


@admin.register(models.Case)
class CaseAdmin(AuditedViewAdmin):
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
    list_display = ("person", "child", "basis", "starts_on", "ends_on")


class AttendeeInline(admin.TabularInline):  # type: ignore[type-arg]
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


class AgendaItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.AgendaItem
    form = AgendaItemForm
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(AuditedViewAdmin):
    list_display = ("__str__", "case", "kind", "scheduled_start", "chair")
    list_filter = ("kind",)
    inlines = [AttendeeInline, AgendaItemInline]
