"""The chair's correction and approval of the explanatory statement, and the page that builds a
court disclosure bundle (the web twin of `onrecord export`). Both act on one recording, for
people who may already listen to it (vault/permissions.py); refusals are audited."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.disclosure.bundle import ExportError, write_bundle
from onrecord.disclosure.forms import ApproveStatementForm, BundleForm, StatementForm
from onrecord.disclosure.statement import (
    StatementRefused,
    approve_statement,
    current_statement,
    revise_statement,
    statement_times,
)
from onrecord.vault.access import recording_for
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_correct_statement, can_export
from onrecord.vault.scratch import EncryptedScratchFile
from onrecord.vault.services import RecordingUnreadable
from onrecord.vault.uploads import spool_dir


def _chair_only(request: HttpRequest, recording: Recording) -> None:
    if not can_correct_statement(request.user, recording):
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            str(recording.meeting.case_id),
            "only the meeting's chair may correct or approve the statement",
        )


def _initial(recording: Recording) -> dict[str, object]:
    content = current_statement(recording).content
    times = statement_times(content)
    day = times["date"]
    return {
        "where": content.get("where", ""),
        "day": day.day if day else None,
        "month": day.month if day else None,
        "year": day.year if day else None,
        "started": f"{times['started']:%H:%M}" if times["started"] else "",
        "ended": f"{times['ended']:%H:%M}" if times["ended"] else "",
        "context": content.get("context", ""),
        "speakers": "\n".join(
            s["name"] + (f", {s['role']}" if s.get("role") else "")
            for s in content.get("speakers", [])
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = recording_for(request, recording_id)
    _chair_only(request, recording)
    statement = current_statement(recording)
    if statement.approved:
        messages.info(request, "The statement is approved, so it is no longer changed.")
        return HttpResponseRedirect(reverse("recording_player", args=[recording.pk]) + "#statement")
    form = StatementForm(request.POST or None, initial=_initial(recording))
    if request.method == "POST" and form.is_valid():
        try:
            revise_statement(recording, by=request.user, **form.changes())
        except StatementRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, "The statement has been corrected. Approve it when it is right."
            )
            return HttpResponseRedirect(
                reverse("recording_player", args=[recording.pk]) + "#statement"
            )
    audit.record("view", recording, detail={"page": "statement edit"})
    return render(
        request,
        "disclosure/statement_edit.html",
        {
            "recording": recording,
            "meeting": recording.meeting,
            "statement": statement,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_approve(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = recording_for(request, recording_id)
    _chair_only(request, recording)
    statement = current_statement(recording)
    form = ApproveStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approve_statement(recording, by=request.user)
        except StatementRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "You have approved the statement. It goes with every export.")
            return HttpResponseRedirect(
                reverse("recording_player", args=[recording.pk]) + "#statement"
            )
    audit.record("view", recording, detail={"page": "statement approve"})
    return render(
        request,
        "disclosure/statement_approve.html",
        {
            "recording": recording,
            "meeting": recording.meeting,
            "statement": statement,
            "statement_times": statement_times(statement.content),
            "form": form,
        },
    )


BUNDLE_SCRATCH_PREFIX = "bundle-"
_SEND_PIECE = 1024 * 1024


def _send(scratch: io.BufferedRandom) -> Iterator[bytes]:
    """The finished bundle, read back (decrypted) from its scratch file, then closed."""
    try:
        scratch.seek(0)
        while piece := scratch.read(_SEND_PIECE):
            yield piece
    finally:
        scratch.close()


# Outside the request's transaction: each audit entry of the export commits as it is written,
# and reading a long recording does not hold the database's write lock.
@transaction.non_atomic_requests
@login_required
@require_http_methods(["GET", "POST"])
def bundle(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponseBase:
    recording = recording_for(request, recording_id)
    if not can_export(request.user, recording):
        raise ForbiddenAudited(
            "vault.recording",
            str(recording.pk),
            str(recording.meeting.case_id),
            "may not make disclosure bundles",
        )
    form = BundleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Built in a nameless scratch file encrypted under a key held only in memory
        # (vault/scratch.py) and streamed from it: the zip holds the audio, and no plaintext
        # copy is ever named on this node's disk, nor left there by a download that was cut off
        # or a server that was killed (issue 15). A zip's central directory needs the sizes of
        # every member and the manifest is signed over their hashes, so it cannot be streamed
        # while the audio is still being read.
        scratch = io.BufferedRandom(
            EncryptedScratchFile(spool_dir(), prefix=BUNDLE_SCRATCH_PREFIX),
            buffer_size=_SEND_PIECE,
        )
        filename = f"onrecord-bundle-{recording.meeting.case.reference}-{recording.pk}.zip"
        try:
            result = write_bundle(
                recording,
                scratch,
                sent_as=f"{filename} (sent to the browser)",
                reason=form.cleaned_data["reason"].strip(),
            )
        except (ExportError, RecordingUnreadable) as failure:
            scratch.close()
            form.add_error(None, f"The bundle could not be made: {failure}")
        else:
            size = scratch.seek(0, io.SEEK_END)
            response = StreamingHttpResponse(_send(scratch), content_type="application/zip")
            response["Content-Length"] = str(size)
            response["Content-Disposition"] = (
                content_disposition_header(True, filename) or "attachment"
            )
            response["Cache-Control"] = "private, no-store"
            response["X-Manifest-SHA256"] = result.manifest_sha256
            return response
    audit.record("view", recording, detail={"page": "bundle"})
    return render(
        request,
        "disclosure/bundle.html",
        {"recording": recording, "meeting": recording.meeting, "form": form},
    )
