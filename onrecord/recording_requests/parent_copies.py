"""A parent's own recording, added to the child's record when they want it there (Hackney 3:
"If parents wish for the recording to be uploaded to their child's Children's Social Care
record they must make a copy of the recording available to the social worker").

The family member uploads it themselves, or gives it to their social worker, who uploads it on
their behalf. Either way it goes into the vault as a parent's copy naming who provided it and
whose recording it is, with an entry in the case timeline and the audit trail.

With it goes its receipt (vault/provenance/): who gave it, how it was obtained (their own
recording, or one handed over after a covert recording was found, or another way), who received
it and what the file says about itself; and the comparison with the council's own recording of
the meeting is queued, so the court can weigh its completeness (Family Justice Council, covert
recordings, May 2025). Staff say how it was obtained; a family member uploading their own
recording has made it themselves.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from onrecord.accounts.models import User
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Meeting, Person
from onrecord.recording_requests.models import TimelineEntry
from onrecord.vault import permissions as vault_permissions
from onrecord.vault.ingest import IngestError, ingest, max_bytes
from onrecord.vault.models import Recording
from onrecord.vault.models.provenance import Receipt
from onrecord.vault.provenance.services import ProvenanceError, check_receipt, record_receipt
from onrecord.vault.uploads import SizeLimitHandler, describe_size

ACCEPTED = gettext_lazy("MP3, M4A, WAV, FLAC, OGG or WebM")  # read in the page's language


class NamedRecording(Protocol):
    """What is stored: a file from the form, or a resumable upload read back from the vault."""

    @property
    def name(self) -> str | None: ...

    @property
    def content_type(self) -> str | None: ...

    def read(self, size: int = ..., /) -> bytes: ...


def add_parent_copy(
    upload: NamedRecording,
    *,
    meeting: Meeting,
    family_member: Person,
    provided_by: User,
    obtained: str = Receipt.Obtained.OWN_DEVICE,
    obtained_details: str = "",
    given_by: str = "",
) -> Recording:
    """Store the upload in the vault (IngestError: nothing stored), then write it into the
    case timeline, its receipt and the audit trail. Call outside a transaction (see
    vault.ingest). `given_by` defaults to the family member whose recording it is; a bad
    answer about how it was obtained (ProvenanceError) is refused before anything is stored."""
    given_by = given_by.strip() or family_member.full_name
    check_receipt(obtained, obtained_details, given_by)
    recording = ingest(
        upload,
        meeting=meeting,
        kind=Recording.Kind.PARENT_COPY,
        provided_by=provided_by,
        family_member=family_member,
        original_filename=upload.name or "",
        content_type=upload.content_type or "",
    )
    on_behalf = family_member.user_id != provided_by.pk
    summary = f"{family_member.full_name}'s own recording of {meeting} was added to the record"
    if on_behalf:
        summary += f", uploaded by {provided_by.get_full_name() or provided_by.username}"
    with transaction.atomic():
        TimelineEntry.objects.create(
            case=meeting.case,
            meeting=meeting,
            at=recording.created_at,
            kind=TimelineEntry.Kind.UPLOAD,
            summary=summary[:500],
            body=(
                f"File: {recording.original_filename or 'unnamed'}, "
                f"{recording.duration_seconds:.0f} seconds, SHA-256 {recording.sha256}. "
                "Kept exactly as provided (Hackney 3)."
            ),
        )
        audit.record(
            "recording.parent_copy",
            recording,
            detail={
                "meeting": str(meeting.pk),
                "family_member": str(family_member.pk),
                "provided_by": provided_by.pk,
                "on_behalf": on_behalf,
                "sha256": recording.sha256,
            },
        )
        record_receipt(
            recording,
            obtained=obtained,
            obtained_details=obtained_details,
            given_by=given_by,
            received_by=provided_by,
        )
    return recording


class ParentCopyForm(forms.Form):
    recording = forms.FileField(
        required=False, error_messages={"empty": gettext_lazy("The selected file is empty")}
    )
    family_member = forms.ChoiceField(
        label=gettext_lazy("Whose recording is it?"),
        required=False,
        choices=(),
        error_messages={"invalid_choice": gettext_lazy("Select whose recording it is")},
    )

    obtained = forms.ChoiceField(
        label="How was the recording obtained?",
        required=False,
        choices=Receipt.Obtained.choices,
        error_messages={"invalid_choice": "Select how the recording was obtained"},
    )
    obtained_details = forms.CharField(
        label="How it was obtained, in your words",
        required=False,
        max_length=2000,
        error_messages={"max_length": "How it was obtained must be 2,000 characters or fewer"},
    )
    given_by = forms.CharField(
        label="Who handed it over? (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "Who handed it over must be 200 characters or fewer"},
    )

    def __init__(
        self, *args: Any, family_choices: list[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in family_choices or []}
        if family_choices is None:
            for staff_only in ("family_member", "obtained", "obtained_details", "given_by"):
                del self.fields[staff_only]
        else:
            field = self.fields["family_member"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                (pk, f"{p.full_name}{f' ({p.relationship})' if p.relationship else ''}")
                for pk, p in self.people.items()
            ]

    def clean_family_member(self) -> Person | None:
        chosen = self.cleaned_data.get("family_member") or ""
        if chosen not in self.people:
            raise forms.ValidationError(gettext("Select whose recording it is"))
        return self.people[chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "obtained" in self.fields and not self.errors:
            person = data.get("family_member")
            try:
                check_receipt(
                    data.get("obtained") or "",
                    data.get("obtained_details") or "",
                    data.get("given_by") or (person.full_name if person else ""),
                )
            except ProvenanceError as mistake:
                self.add_error(mistake.field, str(mistake))
        return data


def meeting_for_upload(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    meeting: Meeting | None = scoping.get_for_user(
        Meeting.objects.select_related("case"), request.user, pk=meeting_id
    )
    if meeting is None or not case_permissions.can_view_meeting(request.user, meeting):
        raise NotFoundAudited(
            "cases.meeting",
            str(meeting_id),
            str(meeting.case_id) if meeting else "",
            "not a participant or not found",
        )
    if not vault_permissions.can_upload(request.user, meeting):
        raise ForbiddenAudited(
            "cases.meeting",
            str(meeting.pk),
            str(meeting.case_id),
            "may not upload a recording for this meeting",
        )
    return meeting


@transaction.non_atomic_requests  # ingest commits its own row (docs/VAULT.md)
@csrf_exempt  # so the size limit is in place before the body is read; checked just below
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = meeting_for_upload(request, meeting_id)
    limit = SizeLimitHandler(request, max_bytes())
    handlers = request.upload_handlers
    assert isinstance(handlers, list), "the body must not have been read yet"
    handlers.insert(0, limit)
    return _upload(request, meeting, limit)


@csrf_protect
def _upload(request: HttpRequest, meeting: Meeting, limit: SizeLimitHandler) -> HttpResponse:
    staff = vault_permissions.can_upload_for_others(request.user, meeting)
    me = None if staff else vault_permissions.own_family_person(request.user, meeting)
    family = list(vault_permissions.family_attendees(meeting)) if staff else None
    form = ParentCopyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        family_choices=family,
        # From an incident's page: a covert recording handed over (onrecord/incidents/).
        initial={"obtained": request.GET.get("obtained", "")},
    )
    limit_words = describe_size(limit.limit)
    status = 200
    if request.method == "POST":
        status = 400
        valid = form.is_valid()
        upload = form.cleaned_data.get("recording") if valid else None
        if limit.exceeded:
            form.add_error(
                "recording",
                gettext("The selected file must be smaller than %(limit)s")
                % {"limit": limit_words},
            )
        elif valid and upload is None:
            form.add_error(
                "recording", gettext("Select your recording") if me else "Select the recording"
            )
        elif valid:
            family_member = me if me is not None else form.cleaned_data["family_member"]
            assert isinstance(request.user, User)
            assert isinstance(upload, UploadedFile)
            assert family_member is not None
            staff_answers = (
                {}
                if me
                else {
                    "obtained": form.cleaned_data["obtained"],
                    "obtained_details": form.cleaned_data["obtained_details"],
                    "given_by": form.cleaned_data["given_by"],
                }
            )
            try:
                add_parent_copy(
                    upload,
                    meeting=meeting,
                    family_member=family_member,
                    provided_by=request.user,
                    **staff_answers,
                )
            except IngestError as exc:
                form.add_error("recording", plain_error(str(exc), limit_words))
            else:
                messages.success(
                    request,
                    gettext("Your recording has been added to the record")
                    if me
                    else f"{family_member.full_name}'s recording has been added to the record",
                )
                return HttpResponseRedirect(
                    reverse("meeting_detail", args=[meeting.pk]) + "#recordings"
                )
    else:
        audit.record("view", meeting, detail={"page": "upload_parent_copy"})
    return render(
        request,
        "recording_requests/parent_copy_upload.html",
        {
            "meeting": meeting,
            "form": form,
            "for_self": me is not None,
            "limit": limit_words,
            "accepted": ACCEPTED,
        },
        status=status,
    )


def plain_error(problem: str, limit_words: str) -> str:
    """The vault's reason, as a GOV.UK error message."""
    if "empty" in problem:
        return gettext("The selected file is empty")
    if "larger than" in problem:
        return gettext("The selected file must be smaller than %(limit)s") % {"limit": limit_words}
    if "not a real recording" in problem or "header is damaged" in problem:
        return gettext(
            "The selected file is not a recording that can be played: its details, such as its "
            "sample rate or length, are wrong. Upload the recording as it came from the phone or "
            "recorder"
        )
    if "truncated" in problem or "damaged" in problem:
        return gettext(
            "The selected file is not a complete recording. It may have been cut short while it "
            "was being copied: copy it again and upload the new copy"
        )
    if "storage" in problem or "cannot store" in problem:
        return gettext("Sorry, the recording could not be saved right now. Try again later")
    return gettext("The selected file must be a sound recording: %(accepted)s") % {
        "accepted": ACCEPTED
    }
