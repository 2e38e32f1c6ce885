"""Deciding a request: the policy engine's decision is shown to the decision-maker with the
views, reasons and citations and the guidance to give for each stated purpose (Leeds a). A
mandatory outcome is confirmed; discretionary grounds are decided, with written reasons. The
family is told in plain English, and the case note and the minutes record it (Hertfordshire
2.5, 2.10, 2.12; Leeds c)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from onrecord import policy
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.policy_versions import active
from onrecord.recording_requests import deciders, links, notify, permissions
from onrecord.recording_requests.case_scenario import build_scenario
from onrecord.recording_requests.decision_facts import DecisionFactsForm, initial_for
from onrecord.recording_requests.forms import DecisionForm
from onrecord.recording_requests.models import (
    Decision,
    RecordingRequest,
    TimelineEntry,
    View,
)
from onrecord.recording_requests.record_facts import gather
from onrecord.recording_requests.services import RequestError, write_decision_note
from onrecord.webhooks.events import DECISION_MADE
from onrecord.webhooks.services import emit

DISCRETIONARY = "for_decision_maker"


def policy_decision(made: RecordingRequest) -> dict[str, Any]:
    """The engine's decision for this request as things stand, as plain data.

    Raises RequestError when the case record cannot be decided on yet (for example a child
    with no parental responsibility recorded), naming what to put right.
    """
    authority = made.meeting.case.authority
    try:
        profile = active.profile_for(authority, timezone.localdate())
        scenario = policy.parse_scenario(build_scenario(made, gather(made.meeting)))
    except policy.ProfileError as exc:
        raise RequestError(
            f"{authority.name}'s recording policy ({authority.policy_profile}) cannot be used: "
            f"{exc}. An administrator needs to fix the authority's policy setting."
        ) from exc
    except policy.ScenarioError as exc:
        raise RequestError(
            f"The case record is not complete enough to apply the policy: {exc.message} "
            f"(at {exc.field}). Update the case or meeting record, then try again."
        ) from exc
    result: dict[str, Any] = policy.decide(profile, scenario).to_dict()
    return result


@transaction.atomic
def record_decision(
    made: RecordingRequest,
    decided_by: Any,
    *,
    outcome: str,
    reason: str,
    disagreements: str = "",
    engine: dict[str, Any],
    now: dt.datetime | None = None,
) -> Decision:
    now = now or timezone.now()
    made = RecordingRequest.objects.select_for_update().get(pk=made.pk)
    if made.status != RecordingRequest.Status.GATHERING_VIEWS:
        raise RequestError("This request has already been decided or withdrawn.")
    engine_outcome = engine["outcome"]
    if engine_outcome != DISCRETIONARY and outcome != engine_outcome:
        raise RequestError(
            "The policy makes this decision mandatory: it can be confirmed, not changed."
        )
    if outcome not in Decision.Outcome.values:
        raise RequestError("Choose whether to allow or refuse the recording.")
    if not reason.strip():
        raise RequestError("Write your reasons: the family is told them.")
    objections = list(
        View.objects.filter(request=made, stance=View.Stance.OBJECTS).select_related("person")
    )
    if not disagreements and objections and outcome == Decision.Outcome.ALLOWED:
        disagreements = "; ".join(
            f"{v.person.full_name} objected{': ' + v.reason if v.reason else ''}"
            for v in objections
        )
    decision = Decision.objects.create(
        request=made,
        outcome=outcome,
        decided_by=decided_by,
        decided_by_role=decided_by.get_role_display(),
        decided_at=now,
        reason=reason.strip(),
        disagreements=disagreements.strip(),
        policy_outcome=engine_outcome,
        policy_decision=engine,
    )
    made.status = RecordingRequest.Status.DECIDED
    made.save(update_fields=["status"])
    # Views are no longer wanted: every link asking for one expires now (issue 12).
    links.expire_links(links.request_links(made), "decision made", now=now)
    emit(DECISION_MADE, decision, request_id=made.pk, meeting_id=made.meeting_id, outcome=outcome)

    allowed = outcome == Decision.Outcome.ALLOWED
    summary = (
        f"Request by {made.requester.full_name} to record the {made.meeting}: "
        f"{'allowed' if allowed else 'refused'} by {decided_by} ({decision.decided_by_role})"
    )
    minutes = "\n".join(
        line
        for line in (
            summary + ".",
            f"Reasons: {decision.reason}",
            f"Disagreement noted: {decision.disagreements}" if decision.disagreements else "",
            "" if allowed else "The meeting goes ahead without being recorded by the family.",
        )
        if line
    )
    TimelineEntry.objects.create(
        case=made.meeting.case,
        meeting=made.meeting,
        at=now,
        kind=TimelineEntry.Kind.DECISION,
        summary=summary,
        body=minutes,
        for_minutes=True,
    )
    write_decision_note(made, decided_by, minutes)
    notify.send_message(
        made.requester,
        gettext_lazy("Decision on your request to record the meeting"),
        "recording_requests/email/decision.txt",
        {
            "made": made,
            "decision": decision,
            "allowed": allowed,
            "engine": engine,
            "page_url": notify.absolute_url(reverse("request_detail", args=[made.pk])),
        },
        meeting=made.meeting,
    )
    return decision


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    made = permissions.request_visible_to(request.user, request_id)
    named = deciders.who_decides(made)
    if not deciders.may_decide(request.user, made, named):
        raise ForbiddenAudited(
            "recording_requests.recordingrequest",
            str(made.pk),
            str(made.meeting.case_id),
            "not a decision-maker on this case",
        )
    if made.status != RecordingRequest.Status.GATHERING_VIEWS:
        messages.error(request, "This request has already been decided.")
        return HttpResponseRedirect(reverse("request_detail", args=[made.pk]))
    try:
        engine = policy_decision(made)
    except RequestError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("request_detail", args=[made.pk]))
    mandatory = engine["outcome"] != DISCRETIONARY
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and mandatory:
        data["outcome"] = engine["outcome"]
    form = DecisionForm(data)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            record_decision(
                made,
                request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                disagreements=form.cleaned_data["disagreements"],
                engine=engine,
            )
        except RequestError as exc:
            error = str(exc)
        else:
            messages.success(request, "Decision saved. The family has been told.")
            return HttpResponseRedirect(reverse("request_detail", args=[made.pk]))
    audit.record("view", made, detail={"page": "decide"})
    answered = set(made.views.values_list("person_id", flat=True))
    waiting = [
        inv.person
        for inv in made.invitations.select_related("person").order_by("person__full_name")
        if inv.person_id not in answered
    ]
    return render(
        request,
        "recording_requests/decide.html",
        {
            "made": made,
            "meeting": made.meeting,
            "engine": engine,
            "mandatory": mandatory,
            "form": form,
            "error": error,
            "who_decides": named,
            "views": made.views.select_related("person"),
            "waiting": waiting,
            "facts_form": DecisionFactsForm(initial=initial_for(made), made=made),
        },
        status=400 if request.method == "POST" else 200,
    )
