"""Helpers for the live recorder's tests: real MediaRecorder output cut where the browser cut it,
a private spool directory per test (which must stay empty), and HTTP calls the way recorder.js
makes them."""

from __future__ import annotations

import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from onrecord.cases.models import Meeting

DATA = Path(__file__).parent.parent / "data"
# Chromium 156's MediaRecorder (audio/webm;codecs=opus, timeslice 1 s) with its fake microphone:
# the three pieces it handed over, concatenated. The first carries the WebM header.
WEBM = (DATA / "mediarecorder-opus-3s.webm").read_bytes()
BOUNDARIES = (0, 8354, 24774, 41214)
CHUNKS = [WEBM[a:b] for a, b in itertools.pairwise(BOUNDARIES)]
MIME = "audio/webm;codecs=opus"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def use_private_spool(settings: Any, tmp_path: Path) -> Path:
    spool = tmp_path / "upload-spool"
    spool.mkdir(mode=0o700)
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    return spool


def start(client: Client, meeting: Meeting, mime: str = MIME, **extra: Any) -> Any:
    return client.post(
        reverse("live_start", args=[meeting.pk]),
        data=json.dumps({"mime_type": mime}),
        content_type="application/json",
        **extra,
    )


def send_chunk(client: Client, session: str, seq: int, data: bytes, **extra: Any) -> Any:
    return client.post(
        reverse("live_chunk", args=[session, seq]),
        data=data,
        content_type="application/octet-stream",
        **extra,
    )


def finish(client: Client, session: str) -> Any:
    return client.post(reverse("live_finish", args=[session]), HTTP_ACCEPT="application/json")


def stored_bytes(session: Any) -> bytes:
    """Every chunk the session holds in the database, decrypted in number order (the rows
    themselves are never plain)."""
    from onrecord.vault.live.services import open_chunks
    from onrecord.vault.models.live import LiveSession

    with open_chunks(LiveSession.objects.get(pk=session.pk)) as reader:
        return reader.read()


def chunks_holding_bytes(session: Any) -> int:
    """How many of the session's chunk rows still hold their encrypted bytes."""
    from onrecord.vault.models.live import LiveChunk

    return LiveChunk.objects.filter(session_id=session.pk, data__isnull=False).count()
