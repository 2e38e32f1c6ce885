"""Listening: the player page, the audio itself with HTTP range requests (for seeking), and the
original as a download. Authorised users only (vault/permissions.py); every playback and every
download is in the audit trail, with who, when and which recording.

The audio is decrypted on the fly from the vault as it is sent (`open_recording`): no plaintext
is written to disk, and only one decrypted chunk is held in memory. One playback is one audit
entry, not one per range request: the player page gives its <audio> a playback token, and the
range requests carrying it are served under the entry the first one wrote
(`services.continue_playback`). A request without a (recent) token of its own is a new,
audited playback.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET

from onrecord.audit import services as audit
from onrecord.cases import permissions as case_permissions
from onrecord.vault import crypto
from onrecord.vault.access import recording_for
from onrecord.vault.copies.derive import ORIGINAL_KINDS, playback_source
from onrecord.vault.copies.views import pending_copies
from onrecord.vault.disposed import disposed_notice
from onrecord.vault.models import Recording
from onrecord.vault.permissions import can_export
from onrecord.vault.ranges import ByteRange, RangeNotSatisfiable, parse_range
from onrecord.vault.services import continue_playback, open_recording

SEND_SIZE = 64 * 1024
# A player page's token is honoured this long (a long meeting, paused and resumed).
PLAYBACK_LIFETIME = dt.timedelta(hours=12)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")

# FFmpeg's demuxer name -> the media type browsers expect.
CONTENT_TYPES = {
    "wav": "audio/wav",
    "flac": "audio/flac",
    "mp3": "audio/mpeg",
    "mov,mp4,m4a,3gp,3g2,mj2": "audio/mp4",
    "ogg": "audio/ogg",
    "matroska,webm": "audio/webm",
    "aac": "audio/aac",
}
# The kinds of recording (models.Recording.Kind), for the player page to translate.
KIND_WORDS = (
    gettext_noop("Local authority recording"),
    gettext_noop("Parent's copy"),
    gettext_noop("Redacted copy"),
    gettext_noop("Playback copy"),
)

FORMAT_NAMES = {
    "wav": "WAV",
    "flac": "FLAC",
    "mp3": "MP3",
    "mov,mp4,m4a,3gp,3g2,mj2": "M4A",
    "ogg": "OGG",
    "matroska,webm": "WebM",
    "aac": "AAC",
}


def content_type_of(recording: Recording) -> str:
    # Never the uploader's own Content-Type header: the type follows what FFmpeg found.
    return CONTENT_TYPES.get(recording.container, "application/octet-stream")


def _disposed(request: HttpRequest, recording: Recording) -> HttpResponse:
    """410 Gone, saying when and under which rule it was disposed of, and the certificate."""
    audit.record("view", recording, detail={"page": "disposed"})
    return render(
        request,
        "vault/disposed.html",
        {
            "recording": recording,
            "meeting": recording.meeting,
            "notice": disposed_notice(recording),
        },
        status=410,
    )


@require_GET
@login_required
def player(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse:
    recording = recording_for(request, recording_id)
    if recording.disposed_at is not None:
        return _disposed(request, recording)
    audit.record("view", recording, detail={"page": "player"})
    minutes, seconds = divmod(round(recording.duration_seconds), 60)
    hours, minutes = divmod(minutes, 60)
    # A browser (WebM) recording plays from its seekable copy; the original stays the evidence.
    source = playback_source(recording)
    return render(
        request,
        "vault/player.html",
        {
            "recording": recording,
            "meeting": recording.meeting,
            "source": source,
            "playback": uuid.uuid4().hex,
            "content_type": content_type_of(source),
            "format_name": FORMAT_NAMES.get(recording.container, recording.container),
            "duration": (gettext("%(hours)s h") % {"hours": hours} + " " if hours else "")
            + gettext("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": seconds},
            "is_staff_view": case_permissions.is_case_staff(request.user),
            "can_copy": can_export(request.user, recording)
            and recording.kind in ORIGINAL_KINDS
            and recording.disposed_at is None,
            "copies": recording.derived_copies.order_by("created_at"),
            "pending_copies": pending_copies(recording),
            "nav": "home",
        },
    )


def _send(reader: crypto.DecryptingReader, start: int, length: int) -> Iterator[bytes]:
    """Decrypt and send `length` bytes from `start`; the reader is closed at the end, or when
    the client goes away (Django closes the response, which closes this generator)."""
    try:
        reader.seek(start)
        left = length
        while left > 0:
            piece = reader.read(min(SEND_SIZE, left))
            if not piece:  # pragma: no cover - the reader checked its size when opened
                break
            left -= len(piece)
            yield piece
    finally:
        reader.close()


def _headers(response: HttpResponse | StreamingHttpResponse, recording: Recording) -> None:
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = f'"{recording.sha256}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"


@require_GET
@login_required
def audio(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse | StreamingHttpResponse:
    """The recording for the player, with single byte ranges (206) for seeking."""
    recording = recording_for(request, recording_id)
    if recording.disposed_at is not None:
        return _disposed(request, recording)
    size = recording.size
    try:
        wanted: ByteRange | None = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        _headers(refused, recording)
        return refused
    token = request.GET.get("playback", "")
    user_id = request.user.pk
    assert user_id is not None
    reader = continue_playback(
        recording,
        playback=token if _TOKEN.match(token) else uuid.uuid4().hex,
        user_id=user_id,
        since=timezone.now() - PLAYBACK_LIFETIME,
    )
    start, length = (wanted.start, wanted.length) if wanted else (0, size)
    response = StreamingHttpResponse(
        _send(reader, start, length),
        status=206 if wanted else 200,
        content_type=content_type_of(recording),
    )
    response["Content-Length"] = str(length)
    if wanted:
        response["Content-Range"] = wanted.content_range(size)
    _headers(response, recording)
    return response


@require_GET
@login_required
def download(request: HttpRequest, recording_id: uuid.UUID) -> HttpResponse | StreamingHttpResponse:
    """The original, byte for byte as it was provided (its SHA-256 is on the player page)."""
    recording = recording_for(request, recording_id)
    if recording.disposed_at is not None:
        return _disposed(request, recording)
    reader = open_recording(recording, purpose="download")
    response = StreamingHttpResponse(
        _send(reader, 0, recording.size), content_type=content_type_of(recording)
    )
    response["Content-Length"] = str(recording.size)
    response["Content-Disposition"] = (
        content_disposition_header(
            as_attachment=True, filename=recording.original_filename or f"recording-{recording.pk}"
        )
        or "attachment"
    )
    _headers(response, recording)
    return response
