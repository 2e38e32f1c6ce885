"""Retention pages (issue 6): the records manager's list of recordings due for disposal, the
review page where a disposal is confirmed (two steps: review, then confirm), the disposal
certificate (page, PDF, JSON), and a case's legal holds (placed and lifted by legal staff).

Only accounts that may dispose (disposal.can_dispose) see the list and confirm; legal holds are
for disposal.can_manage_holds. Every refusal is audited (ForbiddenAudited / NotFoundAudited)."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Case
from onrecord.retention import disposal
from onrecord.retention.certificate_pdf import certificate_rows, render_certificate_pdf
from onrecord.retention.schedule import ScheduleError
from onrecord.vault.models import DisposalCertificate, LegalHold, Recording


class ConfirmDisposalForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked this recording is due, that its owner was warned, and that it is "
        "not needed for any proceedings. Destroy it now.",
        error_messages={"required": "Confirm that this recording should be disposed of"},
    )


class PlaceHoldForm(forms.Form):
    reference = forms.CharField(
        label="Court case or matter reference",
        max_length=200,
        error_messages={"required": "Enter the court case or matter reference"},
    )
    reason = forms.CharField(
        label="Why must it be kept",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why the recordings must be kept"},
    )
    recording = forms.ChoiceField(label="What the hold covers", required=False)

    def __init__(self, *args: Any, recordings: list[Recording], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recordings = {str(r.pk): r for r in recordings}
        choices = [("", "Every recording of the case")] + [
            (str(r.pk), f"{r.get_kind_display()}: {r.meeting}, {r.created_at:%-d %B %Y}")
            for r in recordings
        ]
        field = self.fields["recording"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class LiftHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why can the hold be lifted",
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": "Enter why the legal hold can be lifted"},
    )


def _require_disposer(request: HttpRequest, what: str) -> None:
    if not disposal.can_dispose(request.user):
        raise ForbiddenAudited("vault.retention", what, "", "may not review or confirm disposal")


def _schedule_or_error(request: HttpRequest) -> Any:
    try:
        return disposal.current_schedule()
    except ScheduleError as exc:
        return render(request, "retention/schedule_error.html", {"error": str(exc)}, status=500)


@require_GET
@login_required
def due_list(request: HttpRequest) -> HttpResponse:
    _require_disposer(request, "due list")
    schedule = _schedule_or_error(request)
    if isinstance(schedule, HttpResponse):
        return schedule
    due, flagged = disposal.review(schedule=schedule, user=request.user)
    audit.record(
        "view", object_type="vault.retention", object_id="due list", detail={"due": len(due)}
    )
    return render(
        request,
        "retention/due_list.html",
        {"due": due, "flagged": flagged, "schedule": schedule, "today": timezone.localdate()},
    )


def _recording(request: HttpRequest, recording_id: uuid.UUID) -> Recording:
    """The recording, if it is of an authority the records manager works for (else 404)."""
    return scoping.get_for_user(
        Recording.objects.select_related("meeting__case", "family_member"),
        request.user,
        pk=recording_id,
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_disposal(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    """Step one (GET): what would be destroyed, under which rule, and whether it may be.
    Step two (POST, with the confirmation ticked): dispose, then show the certificate."""
    _require_disposer(request, str(recording_id))
    recording = _recording(request, recording_id)
    if recording.disposed_at is not None:
        return redirect("disposal_certificate", number=recording.disposal_certificate.number)
    schedule = _schedule_or_error(request)
    if isinstance(schedule, HttpResponse):
        return schedule
    today = timezone.localdate()
    form = ConfirmDisposalForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            certificate = disposal.dispose(recording, by=request.user, schedule=schedule)
        except disposal.DisposalRefused as exc:
            error = str(exc)
        else:
            return redirect("disposal_certificate", number=certificate.number)
    status = disposal.status_of(recording, disposal.due_for(recording, schedule), schedule, today)
    audit.record("view", recording, detail={"page": "disposal review"})
    return render(
        request,
        "retention/review.html",
        {
            "recording": recording,
            "meeting": recording.meeting,
            "status": status,
            "form": form,
            "error": error,
        },
        status=409 if error else 200,
    )


def _certificate(request: HttpRequest, number: int) -> DisposalCertificate:
    certificate: DisposalCertificate | None = scoping.get_for_user(
        DisposalCertificate.objects.select_related("recording__meeting__case", "authorised_by"),
        request.user,
        pk=number,
    )
    if certificate is None or not (
        disposal.can_dispose(request.user)
        or case_permissions.can_view_case(request.user, certificate.recording.meeting.case)
    ):
        raise NotFoundAudited(
            "vault.disposalcertificate",
            str(number),
            str(certificate.recording.meeting.case_id) if certificate else "",
            "may not see this certificate, or not found",
        )
    return certificate


@require_GET
@login_required
def certificate_page(request: HttpRequest, number: int) -> HttpResponse:
    certificate = _certificate(request, number)
    audit.record("view", certificate, detail={"page": "disposal certificate"})
    return render(
        request,
        "retention/certificate.html",
        {
            "certificate": certificate,
            "rows": certificate_rows(certificate.number, certificate.content),
        },
    )


@require_GET
@login_required
def certificate_pdf(request: HttpRequest, number: int) -> HttpResponse:
    certificate = _certificate(request, number)
    pdf = render_certificate_pdf(certificate)
    audit.record(
        "vault.certificate_issued",
        certificate,
        detail={"format": "pdf", "sha256": hashlib.sha256(pdf).hexdigest()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="disposal-certificate-{certificate.number}.pdf"'
    )
    return response


@require_GET
@login_required
def certificate_json(request: HttpRequest, number: int) -> HttpResponse:
    certificate = _certificate(request, number)
    data = (
        json.dumps(disposal.certificate_json(certificate), indent=2, sort_keys=True) + "\n"
    ).encode()
    audit.record(
        "vault.certificate_issued",
        certificate,
        detail={"format": "json", "sha256": hashlib.sha256(data).hexdigest()},
    )
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="disposal-certificate-{certificate.number}.json"'
    )
    return response


def _case_for_holds(request: HttpRequest, case_id: uuid.UUID) -> Case:
    case: Case | None = scoping.get_for_user(Case.objects.all(), request.user, pk=case_id)
    if case is None or not disposal.can_manage_holds(request.user, case):
        raise NotFoundAudited(
            "cases.case", str(case_id), str(case_id), "may not manage legal holds"
        )
    return case


@require_http_methods(["GET", "POST"])
@login_required
def case_holds(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """A case's legal holds, active and lifted, and the form to place one."""
    case = _case_for_holds(request, case_id)
    recordings = list(
        Recording.objects.filter(meeting__case=case, disposed_at__isnull=True)
        .select_related("meeting")
        .order_by("created_at")
    )
    form = PlaceHoldForm(request.POST if request.method == "POST" else None, recordings=recordings)
    error = ""
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["recording"]
        try:
            disposal.place_hold(
                case=case,
                recording=form.recordings.get(chosen) if chosen else None,
                reason=form.cleaned_data["reason"],
                reference=form.cleaned_data["reference"],
                by=request.user,
            )
        except disposal.HoldError as exc:
            error = str(exc)
        else:
            return redirect("case_legal_holds", case_id=case.pk)
    audit.record("view", case, detail={"page": "legal holds"})
    holds = (
        LegalHold.objects.filter(case=case)
        .select_related("placed_by", "recording__meeting", "release__lifted_by")
        .order_by("-placed_at")
    )
    return render(
        request,
        "retention/holds.html",
        {"case": case, "holds": holds, "form": form, "error": error},
    )


@require_http_methods(["GET", "POST"])
@login_required
def lift_hold(request: HttpRequest, hold_id: int) -> HttpResponse:
    hold: LegalHold | None = scoping.get_for_user(
        LegalHold.objects.select_related("case"), request.user, pk=hold_id
    )
    if hold is None or not disposal.can_manage_holds(request.user, hold.case):
        raise NotFoundAudited(
            "vault.legalhold", str(hold_id), str(hold.case_id) if hold else "", "may not lift"
        )
    form = LiftHoldForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                disposal.lift_hold(hold, by=request.user, reason=form.cleaned_data["reason"])
        except disposal.HoldError as exc:
            error = str(exc)
        else:
            return redirect("case_legal_holds", case_id=hold.case_id)
    audit.record("view", hold, detail={"page": "lift legal hold"})
    return render(request, "retention/lift_hold.html", {"hold": hold, "form": form, "error": error})
