"""The family's request, one question per page: how, why, (what makes meetings hard, when
recording for accessibility), support, check, done.

Reached by a signed-in family member from the meeting page, or by a parent or young person
through a secure link from their social worker (no account). The answers are kept in the
session until the family member confirms them on the check page; nothing is stored before that.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from onrecord import policy
from onrecord.accounts.roles import Role
from onrecord.audit.exceptions import NotFoundAudited
from onrecord.cases import permissions
from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests import links, services
from onrecord.recording_requests.adjustments import adjustments_for
from onrecord.recording_requests.forms import (
    NEED_CHOICES,
    OTHER_NEED,
    MediumForm,
    NeedsForm,
    PurposeForm,
    SupportForm,
)
from onrecord.recording_requests.models import AccessLink, Medium, Purpose, RecordingRequest
from onrecord.web.http import posted

SESSION_KEY = "record_request"
STEPS = ["how", "why", "needs", "support", "check"]


def _journey(request: HttpRequest, meeting_id: uuid.UUID) -> dict[str, Any]:
    journeys: dict[str, dict[str, Any]] = request.session.get(SESSION_KEY, {})
    return journeys.get(str(meeting_id), {})


def save_journey(request: HttpRequest, meeting_id: uuid.UUID, data: dict[str, Any]) -> None:
    journeys = dict(request.session.get(SESSION_KEY, {}))
    journeys[str(meeting_id)] = data
    request.session[SESSION_KEY] = journeys


def _end_journey(request: HttpRequest, meeting_id: uuid.UUID) -> None:
    journeys = dict(request.session.get(SESSION_KEY, {}))
    journeys.pop(str(meeting_id), None)
    request.session[SESSION_KEY] = journeys


def _requester(request: HttpRequest, meeting_id: uuid.UUID) -> tuple[Meeting, Person, str]:
    """The meeting and who is asking: a signed-in family member who attends it, or the person a
    link (held in this session) was sent to. Anyone else gets the not-found page, audited."""
    meeting = Meeting.objects.select_related("case").filter(pk=meeting_id).first()
    journey = _journey(request, meeting_id)
    if meeting is not None and journey.get("link_id"):
        link = AccessLink.objects.filter(
            pk=journey["link_id"], meeting=meeting, used_at__isnull=True
        ).first()
        if link is not None:
            return meeting, link.person, RecordingRequest.Channel.LINK
    user = request.user
    if meeting is not None and user.is_authenticated and permissions.role_of(user) == Role.FAMILY:
        person = meeting.case.people.filter(user=user, attendances__meeting=meeting).first()
        if person is not None:
            return meeting, person, RecordingRequest.Channel.SIGNED_IN
    raise NotFoundAudited(
        "cases.meeting",
        str(meeting_id),
        str(meeting.case_id) if meeting else "",
        "not a requester for this meeting",
    )


def _page(request: HttpRequest, meeting: Meeting, template: str, **context: Any) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"meeting": meeting, **context}, status=status)


def _step_url(meeting: Meeting, step: str) -> str:
    return reverse(f"ask_to_record_{step}", args=[meeting.pk])


@require_http_methods(["GET"])
def start(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated and not _journey(request, meeting_id).get("link_id"):
        return HttpResponseRedirect(reverse("login") + f"?next={request.path}")
    meeting, person, _ = _requester(request, meeting_id)
    try:
        services.check_can_request(meeting, person)
    except services.RequestError as exc:
        return render(
            request, "recording_requests/cannot_request.html",
            {"meeting": meeting, "message": str(exc)},
        )  # fmt: skip
    journey = _journey(request, meeting_id)
    save_journey(request, meeting_id, {"link_id": journey.get("link_id")})
    return render(
        request,
        "recording_requests/start.html",
        {"meeting": meeting, "person": person, "is_late": _is_late(meeting)},
    )


def _is_late(meeting: Meeting) -> bool:
    from django.utils import timezone

    from onrecord.recording_requests.models import PREFERRED_NOTICE

    return meeting.scheduled_start - timezone.now() < PREFERRED_NOTICE


def _media_in_scope(meeting: Meeting) -> tuple[str, ...]:
    """The media the authority's policy speaks of (its profile's scope); none named when the
    profile cannot be read (the decision page then says what to put right)."""
    from django.utils import timezone

    try:
        profile = policy.load_profile(
            meeting.case.authority.policy_profile, on=timezone.localdate()
        )
    except policy.ProfileError:
        return ()
    return profile.scope.media if profile.scope is not None else ()


@require_http_methods(["GET", "POST"])
def how(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting, _, _ = _requester(request, meeting_id)
    journey = _journey(request, meeting_id)
    form = MediumForm(
        posted(request),
        initial={"medium": journey.get("medium")},
        media_in_scope=_media_in_scope(meeting),
    )
    if request.method == "POST" and form.is_valid():
        save_journey(request, meeting_id, {**journey, "medium": form.cleaned_data["medium"]})
        return HttpResponseRedirect(_next(request, meeting, "why"))
    return _page(request, meeting, "recording_requests/step_how.html", form=form)


@require_http_methods(["GET", "POST"])
def why(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting, _, _ = _requester(request, meeting_id)
    journey = _journey(request, meeting_id)
    form = PurposeForm(
        posted(request),
        initial={
            "purposes": journey.get("purposes", []),
            "purpose_details": journey.get("purpose_details", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        answers = {**journey, **form.cleaned_data}
        if "accessibility" in form.cleaned_data["purposes"]:
            # What makes meetings hard is asked next, even after a "Change" from the check page.
            return_to = "?change=1" if request.GET.get("change") else ""
            save_journey(request, meeting_id, answers)
            return HttpResponseRedirect(_step_url(meeting, "needs") + return_to)
        answers.pop("needs", None)
        save_journey(request, meeting_id, answers)
        return HttpResponseRedirect(_next(request, meeting, "support"))
    return _page(request, meeting, "recording_requests/step_why.html", form=form)


@require_http_methods(["GET", "POST"])
def needs(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    """What makes meetings hard for them, asked only when they record for accessibility."""
    meeting, _, _ = _requester(request, meeting_id)
    journey = _journey(request, meeting_id)
    if "accessibility" not in journey.get("purposes", []):
        return HttpResponseRedirect(_step_url(meeting, "why"))
    form = NeedsForm(posted(request), initial={"needs": journey.get("needs", [])})
    if request.method == "POST" and form.is_valid():
        save_journey(request, meeting_id, {**journey, "needs": form.cleaned_data["needs"]})
        return HttpResponseRedirect(_next(request, meeting, "support"))
    return _page(request, meeting, "recording_requests/step_needs.html", form=form)


@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting, _, _ = _requester(request, meeting_id)
    journey = _journey(request, meeting_id)
    form = SupportForm(
        posted(request),
        initial={"support_needed": journey.get("support_needed", "")},
    )
    if request.method == "POST" and form.is_valid():
        save_journey(request, meeting_id, {**journey, **form.cleaned_data})
        return HttpResponseRedirect(_step_url(meeting, "check"))
    return _page(
        request,
        meeting,
        "recording_requests/step_support.html",
        form=form,
        back=_step_url(meeting, "needs" if "needs" in journey else "why"),
    )


def _next(request: HttpRequest, meeting: Meeting, default: str) -> str:
    # After a "Change" link from the check page, go back there rather than through every step.
    return _step_url(meeting, "check" if request.GET.get("change") else default)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting, person, channel = _requester(request, meeting_id)
    journey = _journey(request, meeting_id)
    missing = next(
        (step for step, key in (("how", "medium"), ("why", "purposes")) if not journey.get(key)),
        None,
    )
    if missing:
        return HttpResponseRedirect(_step_url(meeting, missing))
    if request.method == "POST":
        try:
            if channel == RecordingRequest.Channel.LINK:
                link = AccessLink.objects.get(pk=journey["link_id"])
                links.use_link(link)
            made = services.submit_request(
                meeting,
                person,
                medium=journey["medium"],
                purposes=journey["purposes"],
                purpose_details=journey.get("purpose_details", ""),
                support_needed=journey.get("support_needed", ""),
                needs=[n for n in journey.get("needs", []) if n != OTHER_NEED],
                channel=channel,
                entered_by=request.user if request.user.is_authenticated else None,
            )
        except (services.RequestError, links.LinkError) as exc:
            return render(
                request,
                "recording_requests/cannot_request.html",
                {"meeting": meeting, "message": str(exc)},
                status=409,
            )
        _end_journey(request, meeting_id)
        request.session["last_request_id"] = str(made.pk)
        return HttpResponseRedirect(reverse("ask_to_record_done", args=[meeting.pk]))
    return render(
        request,
        "recording_requests/step_check.html",
        {
            "meeting": meeting,
            "person": person,
            "medium": Medium(journey["medium"]).label,
            "purposes": [Purpose(p).label for p in journey["purposes"]],
            "purpose_details": journey.get("purpose_details", ""),
            "support_needed": journey.get("support_needed", ""),
            "asked_needs": "needs" in journey,
            "needs": [label for value, label in NEED_CHOICES if value in journey.get("needs", [])],
            "adjustments": adjustments_for(journey.get("needs", [])),
        },
    )


@require_http_methods(["GET"])
def done(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    last_id = request.session.get("last_request_id")
    made = (
        RecordingRequest.objects.filter(pk=last_id, meeting_id=meeting_id).first()
        if last_id
        else None
    )
    if made is None:
        raise NotFoundAudited("cases.meeting", str(meeting_id), "", "no request in this session")
    return render(
        request,
        "recording_requests/done.html",
        {"meeting": made.meeting, "made": made, "signed_in": request.user.is_authenticated},
    )
