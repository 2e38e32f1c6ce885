from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from onrecord.accounts import language
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Case, Meeting, Person
from onrecord.recording_requests import deciders, family_tasks, links, permissions, services
from onrecord.recording_requests.forms import ViewForm
from onrecord.recording_requests.journey import save_journey
from onrecord.recording_requests.models import (
    AccessLink,
    TimelineEntry,
)
from onrecord.web.http import posted


def link_start(request: HttpRequest, token: str) -> HttpResponse:
    """Where a secure link lands. Opening it changes nothing (mail scanners open links too);
    only submitting the form uses it up."""
    try:
        link = links.find_link(token)
    except links.LinkError as exc:
        return render(
            request,
            "recording_requests/link_problem.html",
            {"message": gettext(str(exc))},
            status=410,
        )
    if link.purpose == AccessLink.Purpose.MAKE_REQUEST:
        save_journey(request, link.meeting_id, {"link_id": link.pk})
        return HttpResponseRedirect(reverse("ask_to_record", args=[link.meeting_id]))
    return _give_view(request, link, token)


def _keep_page_language(person: Person) -> None:
    """The language of the page a link holder answered from (their switcher choice, else their
    browser's) is kept, so the messages staff's actions send them later (a changed meeting, a
    reminder) are in it too: on them where they have no account; on their account where it has
    no language yet (a choice made on the account is theirs to change)."""
    page = translation.get_language() or ""
    if person.user is not None:
        language.keep_if_none_chosen(person.user, page)
    elif language.offered(page) and person.language != page:
        person.language = page
        person.save(update_fields=["language"])


def _give_view(request: HttpRequest, link: AccessLink, token: str) -> HttpResponse:
    made = link.request
    assert made is not None
    form = ViewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            links.use_link(link)
            _keep_page_language(link.person)
            services.record_view(
                made,
                link.person,
                form.cleaned_data["stance"],
                form.cleaned_data["reason"],
                would_not_attend_if_recorded=form.would_not_attend_if_recorded(),
            )
        except (links.LinkError, services.RequestError) as exc:
            return render(
                request,
                "recording_requests/link_problem.html",
                {"message": gettext(str(exc))},
                status=409,
            )
        return render(request, "recording_requests/view_thanks.html", {"made": made})
    audit.record("view", made, detail={"page": "give_view", "via": "link"})
    return render(
        request,
        "recording_requests/give_view.html",
        {"made": made, "person": link.person, "form": form, "token": token},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET"])
def request_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    made = permissions.request_visible_to(request.user, request_id)
    views = {v.person_id: v for v in made.views.select_related("person", "recorded_by")}
    invited = [
        (inv.person, views.get(inv.person_id))
        for inv in made.invitations.select_related("person").order_by("person__full_name")
    ]
    audit.record("view", made, detail={"page": "request"})
    mine = made.requester.user_id is not None and made.requester.user_id == request.user.pk
    named = deciders.who_decides(made) if not hasattr(made, "decision") else None
    return render(
        request,
        "recording_requests/request_detail.html",
        {
            "mine": mine,
            "task": family_tasks.task_for(made.meeting, made.requester) if mine else None,
            "made": made,
            "meeting": made.meeting,
            "invited": invited,
            "views": list(views.values()),
            "can_run_process": permissions.can_run_process(request.user, made),
            "can_decide": named is not None and deciders.may_decide(request.user, made, named),
            "who_decides": named,
            "decision": getattr(made, "decision", None),
            "co_signers": services.co_signers(made),
            "view_form": ViewForm(),
        },
    )


@login_required
@require_POST
def record_view_in_person(
    request: HttpRequest, request_id: uuid.UUID, person_id: uuid.UUID
) -> HttpResponse:
    """Staff write down a view given in person (a child, or someone without email)."""
    made = permissions.request_visible_to(request.user, request_id)
    if not permissions.can_run_process(request.user, made):
        raise ForbiddenAudited(
            "recording_requests.recordingrequest",
            str(made.pk),
            str(made.meeting.case_id),
            "may not record views",
        )
    person = made.invitations.filter(person_id=person_id).select_related("person").first()
    if person is None:
        raise NotFoundAudited(
            "cases.person", str(person_id), str(made.meeting.case_id), "not asked on this request"
        )
    form = ViewForm(request.POST)
    if form.is_valid():
        try:
            services.record_view(
                made,
                person.person,
                form.cleaned_data["stance"],
                form.cleaned_data["reason"],
                would_not_attend_if_recorded=form.would_not_attend_if_recorded(),
                recorded_by=request.user,
            )
            messages.success(request, f"{person.person.full_name}'s view has been recorded")
        except services.RequestError as exc:
            messages.error(request, str(exc))
    else:
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"{person.person.full_name}'s view was not recorded: {errors}")
    return HttpResponseRedirect(reverse("request_detail", args=[made.pk]) + "#views")


@login_required
@require_POST
def send_request_link(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting: Meeting | None = scoping.get_for_user(
        Meeting.objects.select_related("case"), request.user, pk=meeting_id
    )
    if meeting is None or not case_permissions.can_view_case(request.user, meeting.case):
        raise NotFoundAudited("cases.meeting", str(meeting_id), "", "not allocated")
    if case_permissions.role_of(request.user) not in permissions.PROCESS_ROLES:
        raise ForbiddenAudited(
            "cases.meeting", str(meeting.pk), str(meeting.case_id), "may not send links"
        )
    try:
        person_id = uuid.UUID(request.POST.get("person", ""))
    except ValueError:
        person_id = None
    person = Person.objects.filter(pk=person_id, case=meeting.case).first() if person_id else None
    if person is None:
        messages.error(request, "Choose who to send the link to")
    else:
        try:
            services.send_request_link(meeting, person, request.user)
            messages.success(request, f"A link to ask to record has been sent to {person}")
        except services.RequestError as exc:
            messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("meeting_detail", args=[meeting.pk]) + "#recording")


@login_required
@require_http_methods(["GET"])
def case_timeline(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case: Case | None = scoping.get_for_user(Case.objects.all(), request.user, pk=case_id)
    if case is None or not case_permissions.can_view_case(request.user, case):
        raise NotFoundAudited("cases.case", str(case_id), "", "not allocated")
    audit.record("view", case, detail={"page": "timeline"})
    return render(
        request,
        "recording_requests/timeline.html",
        {"case": case, "entries": TimelineEntry.objects.filter(case=case).order_by("-at", "-id")},
    )
