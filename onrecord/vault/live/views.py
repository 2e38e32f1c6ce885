"""The recorder page and its JSON endpoints (onrecord/web/js/recorder.js drives them).

    GET  /meetings/<id>/recorder/          the page: record here; finish an interrupted one
    POST /meetings/<id>/recorder/start/    {"mime_type": "audio/webm;codecs=opus"} -> a session
    POST /live/<session>/chunks/<seq>/     the chunk's bytes as the body -> what is saved so far
                                           (any node: chunks are kept in the shared database)
    POST /live/<session>/finish/           store it in the vault (JSON, or a form from the page)

All POSTs are CSRF-protected: the page gives the token to its script, which sends it in the
X-CSRFToken header. Only staff who may record for the meeting (services.can_record) get
anywhere; only the person who started a session may add chunks to it. A signed-out browser gets
401 JSON (not a redirect to the sign-in page), so the recorder keeps its chunks and retries.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    RawPostDataException,
)
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from onrecord.accounts.models import User
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Meeting
from onrecord.vault.live import protocol, services
from onrecord.vault.models.live import LiveSession
from onrecord.vault.uploads import describe_size

# MediaRecorder hands over a piece this often (milliseconds): what a crash can lose at most,
# beside the chunks still waiting to be sent.
TIMESLICE_MS = 4000


def _check_meeting(user: Any, meeting: Meeting | None, object_id: str) -> Meeting:
    if meeting is None or not case_permissions.can_view_meeting(user, meeting):
        raise NotFoundAudited(
            "cases.meeting",
            object_id,
            str(meeting.case_id) if meeting else "",
            "not a participant or not found",
        )
    if not services.can_record(user, meeting):
        raise ForbiddenAudited(
            "cases.meeting", str(meeting.pk), str(meeting.case_id), "may not record this meeting"
        )
    return meeting


def _meeting(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    meeting: Meeting | None = scoping.get_for_user(
        Meeting.objects.select_related("case"), request.user, pk=meeting_id
    )
    return _check_meeting(request.user, meeting, str(meeting_id))


def _session(request: HttpRequest, session_id: uuid.UUID) -> LiveSession:
    session: LiveSession | None = scoping.get_for_user(
        LiveSession.objects.select_related("meeting__case"), request.user, pk=session_id
    )
    _check_meeting(request.user, session.meeting if session else None, str(session_id))
    assert session is not None
    return session


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _signed_out() -> JsonResponse:
    return _error(
        "You have been signed out. Sign in again in another tab: the recording goes on and "
        "what is waiting will be sent.",
        401,
    )


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
@login_required
def recorder_page(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    audit.record("view", meeting, detail={"page": "live_recorder"})
    return render(
        request,
        "vault/live_recorder.html",
        {
            "meeting": meeting,
            "interrupted": services.interrupted_sessions(meeting),
            "timeslice": TIMESLICE_MS,
            "chunk_limit": services.chunk_limit(),
            "nav": "home",
        },
    )


@require_POST
def start(request: HttpRequest, meeting_id: uuid.UUID) -> JsonResponse:
    if not request.user.is_authenticated:
        return _signed_out()
    meeting = _meeting(request, meeting_id)
    try:
        mime = protocol.start_mime_type(_start_body(request))
    except protocol.StartRefused as exc:
        return _error(str(exc), exc.status)
    try:
        session = services.start_session(meeting, _user(request), mime)
    except services.LiveError as exc:
        return _error(str(exc), exc.status)
    return JsonResponse(
        {
            "session": str(session.pk),
            "chunk_url": reverse("live_chunk", args=[session.pk, 0]).removesuffix("0/"),
            "finish_url": reverse("live_finish", args=[session.pk]),
            "chunk_limit": services.chunk_limit(),
        },
        status=201,
    )


def _start_body(request: HttpRequest) -> bytes:
    """The start request's body, refused (413) unread when it says it is over the limit; its
    size and nesting are checked again before parsing (protocol.start_mime_type)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0  # Django reads no body then either
    if declared > protocol.START_BODY_MAX_BYTES:
        raise protocol.StartRefused(
            f"The request is {declared} bytes; a start request is at most "
            f"{protocol.START_BODY_MAX_BYTES} bytes of JSON.",
            413,
        )
    try:
        return request.body
    except RawPostDataException:  # a form body, already parsed by the CSRF check
        raise protocol.StartRefused("The request was not JSON.") from None


@transaction.non_atomic_requests  # the row lock is taken around the write (services.py)
@require_POST
def chunk(request: HttpRequest, session_id: uuid.UUID, seq: int) -> JsonResponse:
    if not request.user.is_authenticated:
        return _signed_out()
    try:
        protocol.check_seq(seq)
    except protocol.ChunkRefused as exc:
        return _error(str(exc), exc.status)
    session = _session(request, session_id)
    if session.started_by_id != request.user.pk:
        raise ForbiddenAudited(
            "vault.livesession",
            str(session.pk),
            str(session.meeting.case_id),
            "only the person recording adds to a recording",
        )
    limit = services.chunk_limit()
    try:
        declared = int(request.headers.get("Content-Length", ""))
    except ValueError:
        return _error("Send the chunk with its length (Content-Length).", 411)
    if declared > limit:
        return _error(
            f"chunk {seq} is {declared} bytes; a chunk may be at most {describe_size(limit)}", 413
        )
    # Read at most the limit, whatever the header said (Django stops at Content-Length).
    data = request.read(limit + 1)
    try:
        result = services.receive_chunk(session.pk, seq, data)
    except protocol.ChunkRefused as exc:
        return _error(str(exc), exc.status)
    return JsonResponse(
        {
            "chunk_count": result.chunk_count,
            "bytes_received": result.bytes_received,
            "already_stored": result.already_stored,
            "first_missing": result.first_missing,
        }
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@transaction.non_atomic_requests  # ingest commits its own row (docs/VAULT.md)
@require_POST
def finish(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        if _wants_json(request):
            return _signed_out()
        return HttpResponseRedirect(reverse("login"))
    session = _session(request, session_id)
    try:
        recording = services.finish(session.pk, _user(request))
    except services.LiveError as exc:
        if _wants_json(request):
            response = _error(str(exc), exc.status)
            if exc.status == 503:
                response["Retry-After"] = "30"  # another request is storing it now
            return response
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("live_recorder", args=[session.meeting_id]))
    player = reverse("recording_player", args=[recording.pk])
    missing = list(LiveSession.objects.get(pk=session.pk).missing_chunks)
    if _wants_json(request):
        return JsonResponse(
            {
                "recording": str(recording.pk),
                "player_url": player,
                "sha256": recording.sha256,
                "duration_seconds": recording.duration_seconds,
                "missing_chunks": missing,
            }
        )
    gap = (
        f" Pieces that never arrived: {protocol.describe_holes(missing)}; the recording skips "
        "over them."
        if missing
        else ""
    )
    messages.success(
        request,
        f"The recording has been stored in the vault "
        f"({round(recording.duration_seconds)} seconds).{gap}",
    )
    meeting_page = reverse("meeting_detail", args=[session.meeting_id])
    return HttpResponseRedirect(meeting_page + "#recordings")
