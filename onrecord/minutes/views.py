"""The minutes pages: read (and print), draft, edit, approve (the chair, after a confirmation
step), and the Word download. Staff on the case only (permissions.py); anyone else gets the
same audited 404 as for a meeting that does not exist. Every page view and download is in the
audit trail; every new version is audited by the audit signals in the request's transaction."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import scoping
from onrecord.cases.models import Meeting
from onrecord.minutes import export, permissions, services
from onrecord.minutes.edit import ChangesRefused
from onrecord.minutes.forms import ApproveForm, MinutesForm
from onrecord.minutes.models import MinutesVersion
from onrecord.web.http import posted

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _meeting_for(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    meeting: Meeting | None = scoping.get_for_user(
        Meeting.objects.select_related("case__authority", "chair"), request.user, pk=meeting_id
    )
    if meeting is None or not permissions.can_read(request.user, meeting):
        raise NotFoundAudited(
            "cases.meeting",
            str(meeting_id),
            str(meeting.case_id) if meeting else "",
            "may not read these minutes, or not found",
        )
    return meeting


def _refuse(meeting: Meeting, reason: str) -> ForbiddenAudited:
    return ForbiddenAudited("cases.meeting", str(meeting.pk), str(meeting.case_id), reason)


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.username) if user else ""


def status_of(version: MinutesVersion) -> export.Status:
    when = version.approved_at
    return export.Status(
        version=version.version,
        approved=version.is_approved,
        approved_by=_name(version.approved_by) if version.is_approved else "",
        approved_at=f"{timezone.localtime(when):%-d %B %Y}" if when is not None else "",
    )


@require_GET
@login_required
def minutes_page(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    latest = services.latest_version(meeting)
    approved = services.approved_version(meeting)
    audit.record(
        "view",
        meeting,
        detail={"page": "minutes", "version": latest.version if latest else None},
    )
    versions = (
        list(
            MinutesVersion.objects.filter(minutes__meeting=meeting)
            .select_related("written_by", "approval__approved_by")
            .order_by("-version")
        )
        if latest
        else []
    )
    return render(
        request,
        "minutes/minutes.html",
        {
            "meeting": meeting,
            "latest": latest,
            "approved": approved,
            "changed_since_approval": bool(approved and latest and not latest.is_approved),
            "sections": export.sections(latest.content) if latest else [],
            "versions": versions,
            "can_edit": permissions.can_edit(request.user, meeting),
            "can_approve": permissions.can_approve(request.user, meeting),
            "has_transcript": bool(latest and latest.content.get("transcript")),
            "nav": "home",
        },
    )


@require_POST
@login_required
def generate(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    if not permissions.can_edit(request.user, meeting):
        raise _refuse(meeting, "may not draft minutes")
    version = services.generate(meeting, by=request.user)
    messages.success(request, f"Version {version.version} drafted from the meeting's record.")
    return HttpResponseRedirect(reverse("minutes", args=[meeting.pk]))


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    if not permissions.can_edit(request.user, meeting):
        raise _refuse(meeting, "may not change minutes")
    latest = services.latest_version(meeting)
    if latest is None:
        return HttpResponseRedirect(reverse("minutes", args=[meeting.pk]))
    form = MinutesForm(latest.content, latest.version, posted(request))
    if form.is_bound and form.is_valid():
        try:
            version = services.save_changes(
                meeting,
                by=request.user,
                changes=form.changes(),
                based_on=form.cleaned_data["based_on"],
                note=form.cleaned_data["note"],
            )
        except ChangesRefused as refused:
            form.refused(refused.errors)
        except services.MinutesRefused as refused:
            form.add_error(None, str(refused))
        else:
            said = f"Saved as version {version.version}."
            if services.approved_version(meeting) is not None:
                said += " The chair must approve the minutes again."
            messages.success(request, said)
            return HttpResponseRedirect(reverse("minutes", args=[meeting.pk]))
    return render(
        request,
        "minutes/edit.html",
        {
            "meeting": meeting,
            "latest": latest,
            "form": form,
            "approved": services.approved_version(meeting),
            "nav": "home",
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def approve(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    if not permissions.can_approve(request.user, meeting):
        raise _refuse(meeting, "only the meeting's chair approves its minutes")
    latest = services.latest_version(meeting)
    if latest is None or latest.is_approved:
        return HttpResponseRedirect(reverse("minutes", args=[meeting.pk]))
    form = ApproveForm(posted(request), initial={"based_on": latest.version})
    if form.is_bound and form.is_valid():
        try:
            version = services.approve(
                meeting, by=request.user, based_on=form.cleaned_data["based_on"]
            )
        except services.MinutesRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, f"You approved the minutes (version {version.version}).")
            return HttpResponseRedirect(reverse("minutes", args=[meeting.pk]))
    return render(
        request,
        "minutes/approve.html",
        {
            "meeting": meeting,
            "latest": latest,
            "form": form,
            "sections": export.sections(latest.content),
            "nav": "home",
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def download(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """The latest version as a Word document (it says on its first line whether approved)."""
    meeting = _meeting_for(request, meeting_id)
    latest = services.latest_version(meeting)
    if latest is None:
        return HttpResponseRedirect(reverse("minutes", args=[meeting.pk]))
    audit.record(
        "minutes.download",
        latest,
        detail={"version": latest.version, "approved": latest.is_approved, "format": "docx"},
    )
    body = export.as_docx(latest.content, status_of(latest))
    response = HttpResponse(body, content_type=DOCX)
    day = latest.content.get("heading", {}).get("date", "")
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True, filename=f"minutes-{day}-v{latest.version}.docx"
        )
        or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response
