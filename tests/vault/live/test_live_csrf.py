"""The recorder's POSTs are CSRF-protected: without the token in the X-CSRFToken header (which
recorder.js takes from the page), nothing is started, stored or finished."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from onrecord.vault.models import Recording
from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import CHUNKS, finish, send_chunk, start, use_private_spool


def test_csrf_token_required(world: World, settings: Any, tmp_path: Path) -> None:
    use_private_spool(settings, tmp_path)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["chair"])
    assert start(client, world.meeting).status_code == 403
    assert not LiveSession.objects.exists()

    page = client.get(reverse("live_recorder", args=[world.meeting.pk])).content.decode()
    match = re.search(r'data-csrf-token="([^"]+)"', page)
    assert match
    token: dict[str, Any] = {"HTTP_X_CSRFTOKEN": match.group(1)}
    session_id = start(client, world.meeting, **token).json()["session"]
    assert send_chunk(client, session_id, 0, CHUNKS[0]).status_code == 403
    assert LiveSession.objects.get(pk=session_id).chunk_count == 0
    assert send_chunk(client, session_id, 0, CHUNKS[0], **token).status_code == 200
    assert finish(client, session_id).status_code == 403
    assert not Recording.objects.exists()
    reply = client.post(
        reverse("live_finish", args=[session_id]),
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=match.group(1),
    )
    assert reply.status_code == 200
