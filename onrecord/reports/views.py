"""The service manager's reports page and its CSV downloads. For managers, chairs and legal
officers only, and only for the authorities they work for (through their case allocations);
counts only, no names. Every view and download is audited."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases.models import Authority
from onrecord.reports.charts import stacked_bars
from onrecord.reports.figures import compute
from onrecord.reports.stats import Report

REPORT_ROLES = frozenset({Role.TEAM_MANAGER, Role.CHAIR, Role.LEGAL})


def _authorities(request: HttpRequest) -> QuerySet[Authority]:
    """Reports cover the authorities a manager works for (through their allocations). They
    show counts only: no names, so no case detail leaks beyond the cases they hold."""
    if case_permissions.role_of(request.user) not in REPORT_ROLES:
        raise ForbiddenAudited("reports.report", "", "", "reports are for managers and chairs")
    return Authority.objects.filter(
        cases__in=case_permissions.visible_cases(request.user)
    ).distinct()


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    authorities = _authorities(request)
    figures: Report = compute(authorities)
    audit.record("view", object_type="reports.report", detail={"page": "report"})
    tables = [
        # The SVG is built from numbers and escaped labels only (charts.py).
        {"table": table, "chart": mark_safe(stacked_bars(table))}  # noqa: S308
        for table in figures.tables
    ]
    return render(
        request,
        "reports/report.html",
        {
            "figures": figures,
            "tables": tables,
            "authorities": list(authorities),
            "nav": "reports",
        },
    )


def _csv(filename: str, rows: list[list[str]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    for row in rows:
        # A spreadsheet would run a cell starting with = + - @ as a formula (CSV injection):
        # labels come from the record, so such cells are prefixed with an apostrophe.
        writer.writerow([f"'{c}" if c[:1] in {"=", "+", "-", "@"} else c for c in row])
    return response


@login_required
@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    """Every table in one file, one figure a line: table, row, column, value."""
    figures = compute(_authorities(request))
    audit.record("download", object_type="reports.report", detail={"format": "csv"})
    rows = [["table", "row", "column", "value"]]
    for table in figures.tables:
        head, *body = table.csv_rows()
        for line in body:
            rows += [
                [table.title, line[0], column, value]
                for column, value in zip(head[1:], line[1:], strict=True)
            ]
    return _csv("onrecord-report.csv", rows)


@login_required
@require_GET
def report_table_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """One table as it is on the page."""
    table = compute(_authorities(request)).table(slug)
    if table is None:
        raise Http404("No such table.")
    audit.record("download", object_type="reports.report", detail={"format": "csv", "table": slug})
    return _csv(f"onrecord-{slug}.csv", table.csv_rows())
