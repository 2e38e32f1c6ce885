"""Reading the record back: cases, meetings, requests with their decisions and cited reasons,
declarations, approved minutes and recordings' metadata. Each read is audited as a page view
(action "view"), naming the client. Audio only with the recordings:audio scope, through the
vault's audited gate (vault.services.open_recording), like the download page."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, StreamingHttpResponse
from ninja import Path
from ninja.errors import HttpError

from onrecord.api import scopes, views_out
from onrecord.api.access import (
    ApiNotFound,
    acting,
    audit_call,
    external_ids,
    find,
    in_authority,
    need,
)
from onrecord.api.models import ExternalRef
from onrecord.api.routes import router
from onrecord.api.schemas import (
    CaseOut,
    DeclarationOut,
    Error,
    ExternalId,
    MeetingOut,
    MinutesOut,
    RecordingOut,
    RequestOut,
    ValidationErrors,
)
from onrecord.cases.models import Case, Meeting
from onrecord.minutes.services import approved_version
from onrecord.recording_requests.models import Declaration, RecordingRequest
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording
from onrecord.vault.views import _send, content_type_of

TAGS = ["Case record (read)"]
READ_ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 422: ValidationErrors}
Kind = ExternalRef.Kind


@router.get(
    "/cases/{external_id}",
    tags=TAGS,
    response={200: CaseOut, **READ_ERRORS},
    operation_id="get_case",
    summary="A case",
)
def get_case(request: HttpRequest, external_id: Path[ExternalId]) -> CaseOut:
    need(request, scopes.CASES_READ)
    with acting(request) as client:
        case = find(client, Case.objects.all(), Kind.CASE, external_id)
        audit_call(request, "view", case)
        return views_out.case_out(case, external_id)


@router.get(
    "/meetings/{external_id}",
    tags=TAGS,
    response={200: MeetingOut, **READ_ERRORS},
    operation_id="get_meeting",
    summary="A meeting with its attendees and agenda",
)
def get_meeting(request: HttpRequest, external_id: Path[ExternalId]) -> MeetingOut:
    need(request, scopes.CASES_READ)
    with acting(request) as client:
        meeting = find(client, Meeting.objects.all(), Kind.MEETING, external_id)
        audit_call(request, "view", meeting)
        return views_out.meeting_out(client, meeting, external_id)


@router.get(
    "/meetings/{external_id}/requests",
    tags=TAGS,
    response={200: list[RequestOut], **READ_ERRORS},
    operation_id="list_meeting_requests",
    summary="Requests to record a meeting, with decisions and their cited reasons",
)
def list_requests(request: HttpRequest, external_id: Path[ExternalId]) -> list[RequestOut]:
    need(request, scopes.REQUESTS_READ)
    with acting(request) as client:
        meeting = find(client, Meeting.objects.all(), Kind.MEETING, external_id)
        audit_call(request, "view", meeting, read="requests")
        made = RecordingRequest.objects.filter(meeting=meeting).order_by("made_at", "id")
        return [views_out.request_out(r) for r in made]


@router.get(
    "/requests/{request_id}",
    tags=TAGS,
    response={200: RequestOut, **READ_ERRORS},
    operation_id="get_request",
    summary="One request to record, by OnRecord's id (as sent in events)",
)
def get_request(request: HttpRequest, request_id: uuid.UUID) -> RequestOut:
    need(request, scopes.REQUESTS_READ)
    with acting(request) as client:
        made = in_authority(RecordingRequest.objects.all(), client).filter(pk=request_id).first()
        if made is None:
            raise ApiNotFound("request", str(request_id))
        audit_call(request, "view", made)
        return views_out.request_out(made)


@router.get(
    "/cases/{external_id}/declarations",
    tags=TAGS,
    response={200: list[DeclarationOut], **READ_ERRORS},
    operation_id="list_case_declarations",
    summary="Recording declarations on a case, signed, unsigned and withdrawn",
)
def list_declarations(request: HttpRequest, external_id: Path[ExternalId]) -> list[DeclarationOut]:
    need(request, scopes.REQUESTS_READ)
    with acting(request) as client:
        case = find(client, Case.objects.all(), Kind.CASE, external_id)
        audit_call(request, "view", case, read="declarations")
        found = Declaration.objects.filter(case=case).order_by("worker_signed_at", "id")
        return [views_out.declaration_out(d) for d in found]


@router.get(
    "/meetings/{external_id}/minutes",
    tags=TAGS,
    response={200: MinutesOut, **READ_ERRORS},
    operation_id="get_meeting_minutes",
    summary="A meeting's approved minutes (404 until the chair approves them)",
)
def get_minutes(request: HttpRequest, external_id: Path[ExternalId]) -> MinutesOut:
    need(request, scopes.MINUTES_READ)
    with acting(request) as client:
        meeting = find(client, Meeting.objects.all(), Kind.MEETING, external_id)
        version = approved_version(meeting)
        if version is None:
            raise HttpError(404, "These minutes have not been approved yet.")
        audit_call(request, "view", version)
        return MinutesOut(
            meeting_id=meeting.pk,
            version=version.version,
            approved_at=version.created_at,
            content=dict(version.content),
        )


@router.get(
    "/meetings/{external_id}/recordings",
    tags=TAGS,
    response={200: list[RecordingOut], **READ_ERRORS},
    operation_id="list_meeting_recordings",
    summary="Recordings of a meeting: metadata only (never audio)",
)
def list_recordings(request: HttpRequest, external_id: Path[ExternalId]) -> list[RecordingOut]:
    need(request, scopes.RECORDINGS_READ)
    with acting(request) as client:
        meeting = find(client, Meeting.objects.all(), Kind.MEETING, external_id)
        audit_call(request, "view", meeting, read="recordings")
        found = Recording.objects.filter(meeting=meeting).order_by("created_at", "id")
        return [views_out.recording_out(r) for r in found]


@router.get(
    "/recordings/{recording_id}/audio",
    tags=TAGS,
    response={200: None, 410: Error, **READ_ERRORS},
    operation_id="get_recording_audio",
    summary="A recording's original audio (recordings:audio scope; every download audited)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The original bytes, as provided.",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def get_audio(request: HttpRequest, recording_id: uuid.UUID) -> Any:
    need(request, scopes.RECORDINGS_AUDIO)
    with acting(request) as client:
        recording = in_authority(Recording.objects.all(), client).filter(pk=recording_id).first()
        if recording is None:
            raise ApiNotFound("recording", str(recording_id))
        if recording.disposed_at is not None:
            audit_call(request, "view", recording, read="disposed")
            raise HttpError(410, "This recording was disposed of under the retention schedule.")
        with transaction.atomic():
            reader = open_recording(recording, purpose="download")
    response = StreamingHttpResponse(
        _send(reader, 0, recording.size), content_type=content_type_of(recording)
    )
    response["Content-Length"] = str(recording.size)
    response["X-Content-SHA256"] = recording.sha256
    return response


__all__ = ["external_ids"]
