"""What the decision-maker records before deciding, so the policy can apply the clauses that
depend on it: whether recording came up with this family before (Leeds a, principles), when the
requester first knew of the meeting (Hertfordshire 2.5 "as soon as they know"), and whether each
professional's objection has a "very valid reason" (Hertfordshire 2.4). Staff-entered, on the
decide page; the family never sees these questions. Each save is one transaction, audited by the
model-change signals in it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.cases.models import Person
from onrecord.recording_requests import deciders, permissions
from onrecord.recording_requests.models import RecordingRequest, View
from onrecord.recording_requests.services import RequestError

YES_NO = [("no", "No, this is the first time"), ("yes", "Yes, it came up at an earlier meeting")]
JUDGED = [
    ("", "Not judged yet"),
    ("yes", "Yes, a very valid reason"),
    ("no", "No, not a very valid reason"),
]
_JUDGED_VALUE = {"": None, "yes": True, "no": False}
PROFESSIONAL_KINDS = (Person.Kind.PROFESSIONAL, Person.Kind.STAFF)


def professional_objections(made: RecordingRequest) -> list[View]:
    """The objections a decision-maker judges for a 'very valid reason' (Hertfordshire 2.4)."""
    return list(
        View.objects.filter(
            request=made, stance=View.Stance.OBJECTS, person__kind__in=PROFESSIONAL_KINDS
        )
        .select_related("person")
        .order_by("person__full_name")
    )


class DecisionFactsForm(forms.Form):
    raised_before = forms.ChoiceField(
        label="Has recording come up with this family at an earlier meeting?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether recording has come up with this family before"},
    )
    first_knew_of_meeting_at = forms.DateTimeField(
        label="When did the person asking first know of this meeting? (optional)",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter the date and time, for example 2026-03-01 09:30"},
    )

    def __init__(self, *args: Any, made: RecordingRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.made = made
        self.objections = professional_objections(made)
        for view in self.objections:
            self.fields[f"very_valid_{view.pk}"] = forms.ChoiceField(
                label=f"Is {view.person.full_name}’s reason for objecting a very valid reason?",
                choices=JUDGED,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose yes, no or not judged yet"},
            )

    def clean_first_knew_of_meeting_at(self) -> dt.datetime | None:
        knew: dt.datetime | None = self.cleaned_data.get("first_knew_of_meeting_at")
        if knew is not None and knew > self.made.made_at:
            raise forms.ValidationError(
                "The date they first knew of the meeting must be before they asked to record it"
            )
        return knew

    def judgements(self) -> dict[int, bool | None]:
        return {
            view.pk: _JUDGED_VALUE[self.cleaned_data.get(f"very_valid_{view.pk}") or ""]
            for view in self.objections
        }


def initial_for(made: RecordingRequest) -> dict[str, Any]:
    judged = {True: "yes", False: "no", None: ""}
    return {
        "raised_before": "yes" if made.raised_before else "no",
        "first_knew_of_meeting_at": (
            timezone.localtime(made.first_knew_of_meeting_at).strftime("%Y-%m-%dT%H:%M")
            if made.first_knew_of_meeting_at
            else None
        ),
        **{
            f"very_valid_{view.pk}": judged[view.very_valid_reason]
            for view in professional_objections(made)
        },
    }


@transaction.atomic
def save_facts(
    made: RecordingRequest,
    *,
    raised_before: bool,
    first_knew_of_meeting_at: dt.datetime | None,
    judgements: dict[int, bool | None],
) -> None:
    made = RecordingRequest.objects.select_for_update().get(pk=made.pk)
    if made.status != RecordingRequest.Status.GATHERING_VIEWS:
        raise RequestError("This request has already been decided or withdrawn.")
    made.raised_before = raised_before
    made.first_knew_of_meeting_at = first_knew_of_meeting_at
    made.save(update_fields=["raised_before", "first_knew_of_meeting_at"])
    for view in View.objects.filter(request=made, pk__in=list(judgements)):
        if view.stance != View.Stance.OBJECTS or view.person.kind not in PROFESSIONAL_KINDS:
            raise RequestError("Only a professional's objection is judged for a very valid reason.")
        if view.very_valid_reason != judgements[view.pk]:
            view.very_valid_reason = judgements[view.pk]
            view.save(update_fields=["very_valid_reason"])


@login_required
@require_POST
def record_facts(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    made = permissions.request_visible_to(request.user, request_id)
    if not deciders.may_decide(request.user, made, deciders.who_decides(made)):
        raise ForbiddenAudited(
            "recording_requests.recordingrequest",
            str(made.pk),
            str(made.meeting.case_id),
            "not a decision-maker on this case",
        )
    form = DecisionFactsForm(request.POST, made=made)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"The facts were not saved: {errors}")
    else:
        try:
            save_facts(
                made,
                raised_before=form.cleaned_data["raised_before"] == "yes",
                first_knew_of_meeting_at=form.cleaned_data["first_knew_of_meeting_at"],
                judgements=form.judgements(),
            )
        except RequestError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Saved. What the policy says below now takes them in.")
    return HttpResponseRedirect(reverse("decide_request", args=[made.pk]) + "#facts")
