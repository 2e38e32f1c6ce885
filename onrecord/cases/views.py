from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions, scoping
from onrecord.cases.forms import AppendmentForm, CaseNoteForm
from onrecord.cases.models import (
    AgendaItem,
    Attendee,
    Case,
    CaseNote,
    Child,
    Meeting,
    ParentalResponsibility,
)
from onrecord.cases.services import append_to_case_note, write_case_note
from onrecord.web.http import posted


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the cases allocated to staff, and the meetings each person may see."""
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
    # "web.home" as it has always been audited, so the trail reads the same before and after.
    audit.record("view", object_type="web.home", detail={"page": "home"})
    return render(request, "cases/home.html", context)


def _case_for(request: HttpRequest, case_id: uuid.UUID) -> Case:
    case: Case | None = scoping.get_for_user(
        Case.objects.select_related("authority"), request.user, pk=case_id
    )
    if case is not None and permissions.can_view_case(request.user, case):
        return case
    if case is not None and permissions.visible_meetings(request.user).filter(case=case).exists():
        raise ForbiddenAudited(
            "cases.case", str(case_id), str(case_id), "case page is for allocated staff"
        )
    # Another family's case and a case that does not exist look the same from outside.
    raise NotFoundAudited(
        "cases.case", str(case_id), str(case.pk) if case else "", "not allocated or not found"
    )


def _meeting_for(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    meeting: Meeting | None = scoping.get_for_user(
        Meeting.objects.select_related("case", "chair", "organiser"), request.user, pk=meeting_id
    )
    if meeting is not None and permissions.can_view_meeting(request.user, meeting):
        return meeting
    raise NotFoundAudited(
        "cases.meeting",
        str(meeting_id),
        str(meeting.case_id) if meeting else "",
        "not a participant or not found",
    )


def _case_page(
    request: HttpRequest,
    case: Case,
    note_form: CaseNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    children = (
        Child.objects.filter(case=case)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "parental_responsibilities",
                queryset=ParentalResponsibility.objects.select_related("person"),
            )
        )
    )
    notes = CaseNote.objects.filter(case=case).select_related("author", "appends")
    can_write = permissions.can_write_case_notes(request.user, case)
    audit.record("view", case, detail={"page": "case"})
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "children": children,
            "people": case.people.order_by("kind", "full_name"),
            "meetings": case.meetings.all(),
            "notes": notes,
            "can_write_notes": can_write,
            "note_form": note_form or (CaseNoteForm() if can_write else None),
            "nav": "home",
        },
        status=status,
    )


@require_GET
@login_required
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    return _case_page(request, _case_for(request, case_id))


@require_http_methods(["POST"])
@login_required
def case_note_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = _case_for(request, case_id)
    if not permissions.can_write_case_notes(request.user, case):
        raise ForbiddenAudited("cases.case", str(case.pk), str(case.pk), "may not write notes")
    form = CaseNoteForm(request.POST)
    if not form.is_valid():
        return _case_page(request, case, note_form=form, status=400)
    write_case_note(case, request.user, form.cleaned_data["title"], form.cleaned_data["body"])
    messages.success(request, "Case note saved")
    return HttpResponseRedirect(reverse("case_detail", args=[case.pk]) + "#case-notes")


@require_http_methods(["GET", "POST"])
@login_required
def case_note_append(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    note: CaseNote | None = scoping.get_for_user(
        CaseNote.objects.select_related("case"), request.user, pk=note_id
    )
    if note is None or not permissions.can_view_case(request.user, note.case):
        raise NotFoundAudited(
            "cases.casenote", str(note_id), str(note.case_id) if note else "", "not allocated"
        )
    if not permissions.can_write_case_notes(request.user, note.case):
        raise ForbiddenAudited(
            "cases.casenote", str(note.pk), str(note.case_id), "may not write notes"
        )
    form = AppendmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        append_to_case_note(note, request.user, form.cleaned_data["body"])
        messages.success(request, "Your addition to the case note has been saved")
        return HttpResponseRedirect(reverse("case_detail", args=[note.case_id]) + "#case-notes")
    audit.record("view", note, detail={"page": "append"})
    return render(
        request,
        "cases/note_append.html",
        {"note": note, "form": form, "nav": "home"},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting_for(request, meeting_id)
    shown = permissions.agenda_items_shown_in_full(request.user, meeting)
    items = AgendaItem.objects.filter(meeting=meeting).prefetch_related("children__person")
    agenda = [(item, item.pk in shown) for item in items]
    attendees = Attendee.objects.filter(meeting=meeting).select_related("person")
    audit.record("view", meeting, detail={"page": "meeting"})
    return render(
        request,
        "cases/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "attendees": attendees,
            "is_staff_view": permissions.is_case_staff(request.user),
            "is_family_view": permissions.role_of(request.user) == Role.FAMILY,
            "nav": "home",
        },
    )
