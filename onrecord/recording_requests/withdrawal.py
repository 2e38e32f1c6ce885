"""The family member withdraws their own request, at any stage before recording (issue 12):
a confirmation question, then a confirmation page with the reference and what happens next."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.recording_requests import permissions, services
from onrecord.recording_requests.forms import WithdrawRequestForm
from onrecord.web.http import posted


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    made = permissions.request_visible_to(request.user, request_id)
    if made.requester.user_id != request.user.pk:
        raise ForbiddenAudited(
            "recording_requests.recordingrequest",
            str(made.pk),
            str(made.meeting.case_id),
            "only the person who asked may withdraw a request",
        )
    form = WithdrawRequestForm(posted(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_request(made, reason=form.cleaned_data["reason"])
        except services.RequestError as exc:
            error = str(exc)
        else:
            made.refresh_from_db()
            return render(
                request,
                "recording_requests/withdrawn.html",
                {"made": made, "meeting": made.meeting},
            )
    elif not services.withdrawable(made):
        error = (
            gettext("This request has already been withdrawn.")
            if made.status == made.Status.WITHDRAWN
            else gettext(
                "This request cannot be withdrawn now. If you signed a declaration, withdraw that."
            )
        )
    audit.record("view", made, detail={"page": "withdraw_request"})
    return render(
        request,
        "recording_requests/withdraw_request.html",
        {"made": made, "meeting": made.meeting, "form": form, "error": error},
        status=400 if request.method == "POST" else 200,
    )
