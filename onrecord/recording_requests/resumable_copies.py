"""A parent's own recording uploaded with the tus resumable protocol (issue 15: an hour's
recording from a phone on mobile data survives a dropped connection): the upload page's script
(onrecord/web/js/resumable-upload.mjs, tus-js-client) sends it here; without JavaScript the
page's ordinary form (parent_copies.py) is used. The protocol and the encrypted parts are the
vault's (onrecord/vault/resumable/); once the last byte has arrived, the file goes into the
vault as a parent's copy exactly as the form's upload does (`add_parent_copy`).

    POST   /meetings/<id>/recordings/uploads/   creation: Upload-Length, Upload-Metadata
                                                (filename, filetype); a family member's own only
    HEAD   /recordings/uploads/<upload>/        Upload-Offset: what is stored
    PATCH  /recordings/uploads/<upload>/        append from Upload-Offset (409 if not held)
    DELETE /recordings/uploads/<upload>/        termination

Who may: creation, as for the form (vault.permissions.can_upload: the family member for
themselves, staff on the case for a family member invited to the meeting; 404/403 otherwise,
audited). The upload's own URLs: only whoever made it (404 to anyone else, audited). CSRF is
checked on every request (tus-js-client sends X-CSRFToken).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from onrecord.accounts.models import User
from onrecord.audit.exceptions import NotFoundAudited
from onrecord.cases.models import Person
from onrecord.recording_requests.parent_copies import (
    add_parent_copy,
    meeting_for_upload,
    plain_error,
)
from onrecord.vault import permissions as vault_permissions
from onrecord.vault.ingest import IngestError, max_bytes
from onrecord.vault.live.protocol import ChunkRefused
from onrecord.vault.models.resumable import ResumableUpload
from onrecord.vault.resumable import protocol as tus
from onrecord.vault.resumable import services
from onrecord.vault.uploads import describe_size


def _tus_response(
    status: int, headers: dict[str, str] | None = None, error: str = ""
) -> HttpResponse:
    response: HttpResponse = (
        JsonResponse({"error": error}, status=status) if error else HttpResponse(status=status)
    )
    response["Tus-Resumable"] = tus.TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _refused(exc: tus.TusRefused) -> HttpResponse:
    return _tus_response(exc.status, error=str(exc))


def _signed_out() -> HttpResponse:
    return _tus_response(
        401, error=gettext("You have been signed out. Sign in again, then try again.")
    )


def _family_member(request: HttpRequest, meeting: object) -> Person:
    staff = vault_permissions.can_upload_for_others(request.user, meeting)  # type: ignore[arg-type]
    if not staff:
        me = vault_permissions.own_family_person(request.user, meeting)  # type: ignore[arg-type]
        if me is None:
            raise tus.TusRefused("you are not invited to this meeting", 403)
        return me
    # Staff hand in someone else's recording with the form, which asks how it was obtained and
    # who gave it (vault/provenance: a court weighs where it came from); a resumable upload
    # carries no such answers, so it is only for a family member's own recording.
    raise tus.TusRefused(
        "Add a family member's recording with the form on this page: it asks how the recording "
        "was obtained and who gave it to you"
    )


@transaction.non_atomic_requests
@require_http_methods(["POST", "OPTIONS"])
def create(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    limit = max_bytes()
    if request.method == "OPTIONS":
        return _tus_response(204, tus.options_headers(limit))
    if not request.user.is_authenticated:
        return _signed_out()
    meeting = meeting_for_upload(request, meeting_id)  # the walls first: 404/403, audited
    try:
        tus.check_version(request.headers.get("Tus-Resumable"))
        length = tus.upload_length(request.headers.get("Upload-Length"), limit)
        meta = tus.metadata(request.headers.get("Upload-Metadata"))
        family_member = _family_member(request, meeting)
    except tus.TusRefused as exc:
        if exc.status == 413:
            return _tus_response(
                413,
                error=gettext("The selected file must be smaller than %(limit)s")
                % {"limit": describe_size(limit)},
            )
        return _refused(exc)
    assert isinstance(request.user, User)
    upload = services.create(
        purpose=ResumableUpload.Purpose.PARENT_COPY,
        meeting=meeting,
        created_by=request.user,
        family_member=family_member,
        length=length,
        filename=meta.get("filename", ""),
        content_type=meta.get("filetype", ""),
    )
    # A path, not an absolute URL: behind a proxy ending TLS, an absolute one could say http://
    # (tus-js-client resolves it against the endpoint it posted to).
    location = reverse("parent_copy_resumable", args=[upload.pk])
    return _tus_response(201, {"Location": location, "Upload-Offset": "0"})


def _own_upload(request: HttpRequest, upload_id: uuid.UUID) -> ResumableUpload:
    upload = (
        ResumableUpload.objects.select_related("meeting", "family_member")
        .filter(pk=upload_id, created_by=request.user.pk)
        .first()
    )
    if upload is None:
        other = ResumableUpload.objects.filter(pk=upload_id).values_list("meeting__case_id").first()
        raise NotFoundAudited(
            "vault.resumableupload",
            str(upload_id),
            str(other[0]) if other else "",
            "not the person uploading it, or not found",
        )
    return upload


@transaction.non_atomic_requests  # each part commits as it arrives; ingest commits its own row
@require_http_methods(["HEAD", "PATCH", "DELETE", "OPTIONS"])
def resource(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    if request.method == "OPTIONS":
        return _tus_response(204, tus.options_headers(max_bytes()))
    if not request.user.is_authenticated:
        return _signed_out()
    upload = _own_upload(request, upload_id)  # the wall first: 404, audited
    try:
        tus.check_version(request.headers.get("Tus-Resumable"))
    except tus.TusRefused as exc:
        return _refused(exc)
    if request.method == "HEAD":
        gone = upload.status == ResumableUpload.Status.TERMINATED
        return _tus_response(
            410 if gone else 200,
            {"Upload-Offset": str(upload.offset), "Upload-Length": str(upload.length)},
        )
    if request.method == "DELETE":
        if upload.status == ResumableUpload.Status.RECEIVING:
            services.terminate(upload, by="uploader")
        return _tus_response(204)
    return _patch(request, upload)


def _patch(request: HttpRequest, upload: ResumableUpload) -> HttpResponse:
    try:
        offset = tus.upload_offset(request.headers.get("Upload-Offset"))
        declared = int(request.headers.get("Content-Length") or "0")
        if declared < 0:
            raise ValueError(declared)
    except tus.TusRefused as exc:
        return _refused(exc)
    except ValueError:
        return _tus_response(400, error="Content-Length must be a whole number of bytes")
    try:
        held = services.append(
            upload.pk,
            offset=offset,
            content_type=request.headers.get("Content-Type"),
            declared=declared,
            read=request.read,
        )
    except tus.TusRefused as exc:
        return _refused(exc)
    upload.refresh_from_db()
    headers = {"Upload-Offset": str(held)}
    if not services.finished(upload):
        return _tus_response(204, headers)
    return _store(request, upload, headers)


def _store(request: HttpRequest, upload: ResumableUpload, headers: dict[str, str]) -> HttpResponse:
    """The last byte has arrived: into the vault as a parent's copy, then the parts go."""
    assert isinstance(request.user, User)
    assert upload.family_member is not None
    limit = describe_size(max_bytes())
    try:
        stream = services.UploadStream(upload)
        try:
            recording = add_parent_copy(
                stream,
                meeting=upload.meeting,
                family_member=upload.family_member,
                provided_by=request.user,
            )
        finally:
            stream.close()
    except (IngestError, ChunkRefused) as exc:
        services.mark_failed(upload, str(exc))
        return _tus_response(422, headers, error=plain_error(str(exc), limit))
    with transaction.atomic():
        services.mark_stored(upload, recording)
    messages.success(
        request,
        gettext("Your recording has been added to the record")
        if upload.family_member.user_id == request.user.pk
        else f"{upload.family_member.full_name}'s recording has been added to the record",
    )
    headers["OnRecord-Next"] = reverse("meeting_detail", args=[upload.meeting_id]) + "#recordings"
    return _tus_response(204, headers)
