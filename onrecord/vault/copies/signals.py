"""When a live (browser) recording is finished, queue its seekable playback copy (derive.py,
issue 18): MediaRecorder's WebM has no duration or cues, so browsers cannot show its length or
seek in it. A receiver on LiveSession, so the live recorder need not know about copies (the
vault's packages import no cycle); connected by VaultConfig.ready."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from onrecord.vault.models.live import LiveSession

log = logging.getLogger(__name__)


@receiver(post_save, sender=LiveSession, dispatch_uid="vault.copies.seekable_on_finish")
def _finished(sender: type[LiveSession], instance: LiveSession, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.status != LiveSession.Status.FINISHED:
        return
    if instance.recording_id is None:
        return
    session_id = instance.pk
    transaction.on_commit(lambda: _queue(session_id))


def _queue(session_id: Any) -> None:
    from onrecord.vault.copies.jobs import request_seekable_copy

    session = LiveSession.objects.select_related("recording", "started_by").get(pk=session_id)
    if session.recording is None:  # pragma: no cover - finished sessions name their recording
        return
    try:
        request_seekable_copy(session.recording, by=session.started_by)
    except Exception:  # the recording is stored; its playback copy can be asked for again
        log.exception("live session %s: seekable copy not queued", session_id)
