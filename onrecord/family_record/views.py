"""The family's own record of a meeting (issue 12): my part of the approved notes, the
transcript of my part, downloads of it, and asking for a copy (a subject access request).

Who: a family member who was at the meeting (record.attendance), on the meeting's case; anyone
else, and any meeting of another case or council, gets the same audited 404 as a meeting that
does not exist. Asking for a copy needs only to be a family member invited to the meeting: the
right of access does not depend on having been there. Every view and download is audited in
the request's transaction (ATOMIC_REQUESTS); the legal team's list is for legal staff of the
council only."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Meeting, Person
from onrecord.family_record import download, record, sar_rules, subject_access
from onrecord.family_record.forms import AnswerForm, CopyForm, ExtendForm
from onrecord.family_record.models import (
    SubjectAccessAnswer,
    SubjectAccessExtension,
    SubjectAccessRequest,
)
from onrecord.web.http import posted

SAR_ROLES = subject_access.SAR_ROLES


def _meeting(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    found: Meeting = scoping.get_for_user(
        Meeting.objects.select_related("case__authority", "chair"), request.user, pk=meeting_id
    )
    return found


def _mine(request: HttpRequest, meeting_id: uuid.UUID) -> record.FamilyRecord:
    meeting = _meeting(request, meeting_id)
    attended = record.attendance(request.user, meeting)
    if attended is None:
        raise NotFoundAudited(
            "cases.meeting",
            str(meeting.pk),
            str(meeting.case_id),
            "not a family member who was at this meeting",
        )
    return record.record_for(request.user, meeting, attended.person)


def _audit_view(mine: record.FamilyRecord, page: str) -> None:
    detail: dict[str, Any] = {"page": page, "approved": mine.ready}
    if mine.version is not None and mine.part is not None:
        detail |= {
            "version": mine.version.version,
            "items_shown": [item.item_id for item in mine.part.shown_items],
            "items_left_out": sum(1 for item in mine.part.items if not item.shown),
        }
    audit.record("view", mine.meeting, detail=detail)


@require_GET
@login_required
def my_record(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    mine = _mine(request, meeting_id)
    _audit_view(mine, "family_record")
    return render(
        request, "family_record/record.html", {"record": mine, "mine": mine.part, "nav": "home"}
    )


@require_GET
@login_required
def my_transcript(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    mine = _mine(request, meeting_id)
    _audit_view(mine, "family_transcript")
    return render(
        request,
        "family_record/transcript.html",
        {"record": mine, "mine": mine.part, "nav": "home"},
    )


@require_GET
@login_required
def my_download(request: HttpRequest, meeting_id: uuid.UUID, fmt: str) -> HttpResponse:
    mine = _mine(request, meeting_id)
    if fmt not in {"txt", "pdf"}:
        raise NotFoundAudited("cases.meeting", str(mine.meeting.pk), str(mine.meeting.case_id))
    if not mine.ready or mine.version is None or mine.part is None:
        return HttpResponseRedirect(reverse("family_record", args=[mine.meeting.pk]))
    body = download.as_text(mine).encode() if fmt == "txt" else download.as_pdf(mine)
    audit.record(
        "family_record.download",
        mine.meeting,
        detail={
            "format": fmt,
            "version": mine.version.version,
            "items_shown": [item.item_id for item in mine.part.shown_items],
            "bytes": len(body),
        },
    )
    kind = "text/plain; charset=utf-8" if fmt == "txt" else "application/pdf"
    response = HttpResponse(body, content_type=kind)
    day = mine.part.heading.get("date", "")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=f"my-meeting-notes-{day}.{fmt}")
        or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _asker(request: HttpRequest, meeting_id: uuid.UUID) -> tuple[Meeting, Person]:
    meeting = _meeting(request, meeting_id)
    user: Any = request.user
    person = (
        meeting.case.people.filter(user=user, attendances__meeting=meeting).first()
        if case_permissions.role_of(user) == Role.FAMILY
        else None
    )
    if person is None:
        raise NotFoundAudited(
            "cases.meeting", str(meeting.pk), str(meeting.case_id), "not a family member invited"
        )
    return meeting, person


@require_http_methods(["GET", "POST"])
@login_required
def ask_for_a_copy(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting, person = _asker(request, meeting_id)
    form = CopyForm(posted(request))
    if form.is_bound and form.is_valid():
        try:
            made = subject_access.ask_for_a_copy(
                meeting,
                person,
                by=request.user,
                asks=form.cleaned_data["asks"],
                details=form.cleaned_data["details"],
            )
        except subject_access.CopyRefused as refused:
            form.add_error(None, str(refused))
        else:
            return HttpResponseRedirect(reverse("family_copy_requested", args=[made.pk]))
    if not form.is_bound:
        audit.record("view", meeting, detail={"page": "family_ask_for_a_copy"})
    return render(
        request,
        "family_record/ask_for_a_copy.html",
        {
            "meeting": meeting,
            "form": form,
            "attended": record.attendance(request.user, meeting) is not None,
            "nav": "home",
        },
        status=400 if form.is_bound else 200,
    )


@require_GET
@login_required
def copy_requested(request: HttpRequest, sar_id: uuid.UUID) -> HttpResponse:
    made = scoping.get_for_user(
        SubjectAccessRequest.objects.select_related("meeting", "requester"),
        request.user,
        pk=sar_id,
    )
    if made.made_by_id != request.user.pk:
        raise NotFoundAudited(
            "family_record.subjectaccessrequest", str(made.pk), str(made.case_id), "not theirs"
        )
    audit.record("view", made, detail={"page": "family_copy_requested"})
    # Where it stands: the time extended, or the answer sent (each emailed to them too).
    context = {
        "made": made,
        "extension": SubjectAccessExtension.objects.filter(request=made).first(),
        "answer": SubjectAccessAnswer.objects.filter(request=made).first(),
        "nav": "home",
    }
    return render(request, "family_record/copy_requested.html", context)


def _legal_only(request: HttpRequest) -> None:
    if case_permissions.role_of(request.user) not in SAR_ROLES:
        raise ForbiddenAudited("family_record.subjectaccessrequest", "", "", "legal team only")


@require_GET
@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """The legal team's list: every subject access request of the councils they work for,
    open and overdue first (soonest due first), then the answered ones."""
    _legal_only(request)
    requests = list(
        SubjectAccessRequest.objects.filter(
            case__authority__in=scoping.authorities_of(request.user)
        )
        .select_related("case", "meeting", "requester", "hold", "extension", "answer")
        .order_by("due_on", "created_at")
    )
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    for made in requests:
        answer = getattr(made, "answer", None)
        due = made.answer_due_on
        rows.append(
            {
                "made": made,
                "due": due,
                "days": (due - today).days,
                "answer": answer,
                "standing": sar_rules.standing(
                    due=due, today=today, answered_on=None if answer is None else answer.sent_on
                ).value,
            }
        )
    waiting = sorted(
        (row for row in rows if row["answer"] is None),
        key=lambda row: (row["due"], row["made"].created_at),
    )
    answered = [row for row in rows if row["answer"] is not None]
    audit.record(
        "view",
        object_type="family_record.subjectaccessrequest",
        detail={
            "page": "subject_access_list",
            "shown": len(requests),
            "overdue": sum(1 for row in waiting if row["standing"] == "overdue"),
        },
    )
    return render(
        request,
        "family_record/staff_list.html",
        {"waiting": waiting, "answered": answered, "nav": "subject_access"},
    )


def _request_to_answer(request: HttpRequest, sar_id: uuid.UUID) -> SubjectAccessRequest:
    """A request of the officer's own council; another council's is an audited 404."""
    _legal_only(request)
    made = (
        SubjectAccessRequest.objects.select_related("case", "meeting", "requester", "hold")
        .filter(pk=sar_id, case__authority__in=scoping.authorities_of(request.user))
        .first()
    )
    if made is None or not subject_access.may_answer(request.user, made):
        raise NotFoundAudited(
            "family_record.subjectaccessrequest", str(sar_id), "", "not a request of their council"
        )
    return made


def _step(
    request: HttpRequest,
    sar_id: uuid.UUID,
    form_class: type[AnswerForm] | type[ExtendForm],
    template: str,
    page: str,
) -> HttpResponse:
    made = _request_to_answer(request, sar_id)
    done = getattr(made, "answer", None) is not None or (
        form_class is ExtendForm and getattr(made, "extension", None) is not None
    )
    form = form_class(posted(request))
    if form.is_bound and not done and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, AnswerForm):
                subject_access.record_answer(
                    made,
                    by=request.user,
                    sent_on=data["sent_on"],
                    sent_how=data["sent_how"],
                    disclosed=data["disclosed"],
                    exemptions=data["exemptions"],
                )
            else:
                subject_access.extend_time(
                    made,
                    by=request.user,
                    extra_months=int(data["extra_months"]),
                    reasons=data["reasons"],
                    told_on=data.get("told_on"),
                )
        except subject_access.AnswerRefused as refused:
            form.add_error(None, str(refused))
        else:
            return HttpResponseRedirect(reverse("subject_access_list"))
    if not form.is_bound:
        audit.record("view", made, detail={"page": page})
    return render(
        request,
        template,
        {"made": made, "form": form, "done": done, "nav": "subject_access"},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, sar_id: uuid.UUID) -> HttpResponse:
    """Record that the response was sent; lifts the legal hold the request placed."""
    return _step(request, sar_id, AnswerForm, "family_record/answer.html", "subject_access_answer")


@require_http_methods(["GET", "POST"])
@login_required
def extend(request: HttpRequest, sar_id: uuid.UUID) -> HttpResponse:
    """Extend the time to answer by one or two months (Article 12(3))."""
    return _step(request, sar_id, ExtendForm, "family_record/extend.html", "subject_access_extend")
