from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Authority
from onrecord.reports.figures import Figures, compute

REPORT_ROLES = frozenset({Role.TEAM_MANAGER, Role.CHAIR, Role.LEGAL})


def _authorities(request: HttpRequest) -> QuerySet[Authority]:
    """Reports cover the authorities a manager works for (through their allocations). They
    show counts only: no names, so no case detail leaks beyond the cases they hold."""
    if case_permissions.role_of(request.user) not in REPORT_ROLES:
        raise ForbiddenAudited("reports.report", "", "", "reports are for managers and chairs")
    return Authority.objects.filter(
        cases__in=case_permissions.visible_cases(request.user)
    ).distinct()


def _bars(figures: Figures) -> int:
    rows = figures.by_month + figures.by_kind
    return max((row.total for row in rows), default=0) or 1


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    figures = compute(_authorities(request))
    audit.record("view", object_type="reports.report", detail={"page": "report"})
    scale = _bars(figures)
    charts = [
        (title, [(row, row.segments(Figures.OUTCOMES, scale)) for row in rows])
        for title, rows in (
            ("Requests by month", figures.by_month),
            ("Requests by meeting kind", figures.by_kind),
        )
    ]
    return render(
        request, "reports/report.html", {"figures": figures, "charts": charts, "nav": "reports"}
    )


@login_required
@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    figures = compute(_authorities(request))
    audit.record("download", object_type="reports.report", detail={"format": "csv"})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="onrecord-requests.csv"'
    writer = csv.writer(response)
    writer.writerow(["table", "group", "allowed", "refused", "waiting", "total"])
    for table, rows in (("month", figures.by_month), ("meeting kind", figures.by_kind)):
        for row in rows:
            writer.writerow(
                [table, row.label, *(row.counts.get(o, 0) for o in Figures.OUTCOMES), row.total]
            )
    for label, count in figures.purposes:
        writer.writerow(["reason", label, "", "", "", count])
    writer.writerow(["table", "group", "open", "closed", "", "total"])
    for row in figures.incidents:
        writer.writerow(
            ["incidents", row.label, row.counts.get("open", 0), row.counts.get("closed", 0), "",
             row.total]
        )  # fmt: skip
    return response
