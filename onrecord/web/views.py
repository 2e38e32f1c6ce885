from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.cases import permissions


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = permissions.role_of(request.user)
    context: dict[str, object] = {"nav": "home", "role": role}
    if permissions.is_case_staff(request.user):
        context["cases"] = permissions.visible_cases(request.user).select_related("authority")
    if role in {Role.FAMILY, Role.PROFESSIONAL} or permissions.is_case_staff(request.user):
        context["meetings"] = (
            permissions.visible_meetings(request.user)
            .select_related("case")
            .order_by("scheduled_start")
        )
    audit.record("view", object_type="web.home", detail={"page": "home"})
    return render(request, "web/home.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", status=403)
