from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Case, Meeting
from onrecord.incidents import forms, permissions, services
from onrecord.incidents.models import Incident, Task
from onrecord.web.http import posted


def _incident_for(request: HttpRequest, incident_id: uuid.UUID) -> Incident:
    incident: Incident | None = scoping.get_for_user(
        Incident.objects.select_related("case", "meeting"), request.user, pk=incident_id
    )
    if incident is None or not case_permissions.can_view_case(request.user, incident.case):
        raise NotFoundAudited(
            "incidents.incident",
            str(incident_id),
            str(incident.case_id) if incident else "",
            "not allocated",
        )
    return incident


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open incidents on the user's cases, and every open task with its owner and due date;
    overdue ones first."""
    today = timezone.localdate()
    incidents = permissions.visible_incidents(request.user).filter(status=Incident.Status.OPEN)
    tasks = (
        Task.objects.filter(incident__in=incidents, done_at__isnull=True)
        .select_related("incident__case", "owner")
        .order_by("due_on")
    )
    audit.record("view", object_type="incidents.dashboard", detail={"page": "dashboard"})
    return render(
        request,
        "incidents/dashboard.html",
        {
            "incidents": incidents.select_related("case"),
            "overdue": [t for t in tasks if t.due_on < today],
            "upcoming": [t for t in tasks if t.due_on >= today],
            "mine": [t for t in tasks if t.owner_id == request.user.pk],
            "nav": "incidents",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_incident(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case: Case | None = scoping.get_for_user(Case.objects.all(), request.user, pk=case_id)
    if case is None or not case_permissions.can_view_case(request.user, case):
        raise NotFoundAudited("cases.case", str(case_id), "", "not allocated")
    if not permissions.can_act(request.user, case):
        raise ForbiddenAudited("cases.case", str(case.pk), str(case.pk), "may not open incidents")
    meeting_id = request.GET.get("meeting") or request.POST.get("meeting") or ""
    meeting = None
    if meeting_id:
        try:
            meeting = Meeting.objects.filter(pk=uuid.UUID(meeting_id), case=case).first()
        except ValueError:
            meeting = None
    form = forms.OpenIncidentForm(posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        incident = services.open_incident(
            case, meeting=meeting, opened_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Incident recorded. The follow-up tasks have been set.")
        return HttpResponseRedirect(reverse("incident_detail", args=[incident.pk]))
    audit.record("view", case, detail={"page": "open incident"})
    return render(
        request,
        "incidents/open.html",
        {"case": case, "meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def incident_detail(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = _incident_for(request, incident_id)
    audit.record("view", incident, detail={"page": "incident"})
    return _detail_page(request, incident)


def _detail_page(
    request: HttpRequest,
    incident: Incident,
    bound: dict[str, BaseForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "tasks": incident.tasks.select_related("owner", "done_by"),
            "assessments": incident.assessments.select_related("assessed_by"),
            "advice": incident.legal_advice.select_related("requested_by"),
            "removals": incident.removals.all(),
            "can_act": permissions.can_act(request.user, incident.case)
            and incident.status == Incident.Status.OPEN,
            "can_close": permissions.can_close(request.user, incident.case)
            and incident.status == Incident.Status.OPEN,
            "today": timezone.localdate(),
            "task_form": bound.get("complete_task", forms.CompleteTaskForm()),
            "assessment_form": bound.get("assess", forms.AssessmentForm()),
            "question_form": bound.get("ask_legal", forms.LegalQuestionForm()),
            "answer_form": bound.get("legal_answer", forms.LegalAnswerForm()),
            "removal_form": bound.get("start_removal", forms.StartRemovalForm()),
            "end_removal_form": bound.get("end_removal", forms.EndRemovalForm()),
            "close_form": bound.get("close", forms.CloseIncidentForm()),
            "error_form": next(iter(bound.values()), None),
        },
        status=status,
    )


Action = Callable[[HttpRequest, Incident, dict[str, Any]], object]


def _posted_id(request: HttpRequest, name: str) -> int:
    """A row id from the form; anything that is not a whole number matches nothing."""
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() else 0


def _complete_task(request: HttpRequest, incident: Incident, data: dict[str, Any]) -> object:
    task = incident.tasks.filter(pk=_posted_id(request, "task")).first()
    if task is None:
        raise services.IncidentError("That task is not part of this incident.")
    return services.complete_task(task, by=request.user, outcome=data["outcome"])


def _legal_answer(request: HttpRequest, incident: Incident, data: dict[str, Any]) -> object:
    advice = incident.legal_advice.filter(pk=_posted_id(request, "advice_id")).first()
    if advice is None:
        raise services.IncidentError("That request for advice is not part of this incident.")
    return services.record_advice_received(advice, advice_text=data["advice"])


def _end_removal(request: HttpRequest, incident: Incident, data: dict[str, Any]) -> object:
    action = incident.removals.filter(pk=_posted_id(request, "removal")).first()
    if action is None:
        raise services.IncidentError("That action is not part of this incident.")
    return services.end_removal(action, state=data["state"], notes=data["notes"])


ACTIONS: dict[str, tuple[type[BaseForm], Action, str]] = {
    "complete_task": (forms.CompleteTaskForm, _complete_task, "Task done"),
    "assess": (
        forms.AssessmentForm,
        lambda r, i, d: services.record_assessment(i, by=r.user, **d),
        "Assessment recorded",
    ),
    "ask_legal": (
        forms.LegalQuestionForm,
        lambda r, i, d: services.request_legal_advice(i, by=r.user, question=d["question"]),
        "Request for legal advice recorded",
    ),
    "legal_answer": (forms.LegalAnswerForm, _legal_answer, "Legal advice recorded"),
    "start_removal": (
        forms.StartRemovalForm,
        lambda r, i, d: services.start_removal(i, action_type=d["type"], target=d["target"]),
        "Action started",
    ),
    "end_removal": (forms.EndRemovalForm, _end_removal, "Action ended"),
    "close": (
        forms.CloseIncidentForm,
        lambda r, i, d: services.close_incident(i, by=r.user, outcome=d["outcome"]),
        "Incident closed",
    ),
}


@login_required
@require_POST
def act(request: HttpRequest, incident_id: uuid.UUID, action: str) -> HttpResponse:
    incident = _incident_for(request, incident_id)
    if action not in ACTIONS:
        raise NotFoundAudited("incidents.incident", str(incident.pk), str(incident.case_id), action)
    allowed = (permissions.can_close if action == "close" else permissions.can_act)(
        request.user, incident.case
    )
    if not allowed:
        raise ForbiddenAudited(
            "incidents.incident", str(incident.pk), str(incident.case_id), f"may not {action}"
        )
    form_class, perform, done_message = ACTIONS[action]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(request, incident, form.cleaned_data)
        except services.IncidentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done_message)
            return HttpResponseRedirect(reverse("incident_detail", args=[incident.pk]))
    return _detail_page(request, incident, {action: form}, status=400)
