"""The recorder's start endpoint bounds its JSON before parsing it (issue 16, failure 6):
deeply nested JSON, a number of thousands of digits, a huge body, bytes that are not UTF-8, a
form body: each a 4xx with a message saying what is wrong, never a 500 (RecursionError)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from onrecord.vault.live import protocol
from onrecord.vault.models.live import LiveSession
from tests.support.personas import World
from tests.vault.live.support import MIME, use_private_spool


def _post(client: Client, world: World, body: bytes, content_type: str = "application/json") -> Any:
    return client.post(
        reverse("live_start", args=[world.meeting.pk]), data=body, content_type=content_type
    )


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, 413, "at most 2048 bytes"),
        (b"[" * 1000 + b"]" * 1000, 400, "nests more than 8 levels"),
        (b'{"mime_type": ' + b"[" * 20 + b"]" * 20 + b"}", 400, "nests more than 8 levels"),
        (b'{"mime_type": "audio/webm", "n": ' + b"9" * 1500 + b"}", 400, "digits"),
        (b'{"mime_type": NaN}', 400, "not JSON"),
        (b"\xff\xfe{}", 400, "not UTF-8"),
        (b"[]", 400, "mime_type"),
        (b'{"mime_type": ""}', 400, "mime_type"),
    ],
    ids=["huge", "deep", "deep-value", "long-number", "nan", "not-utf8", "a-list", "empty"],
)
def test_hostile_start_bodies_get_a_clear_4xx(
    world: World, settings: Any, tmp_path: Path, body: bytes, status: int, says: str
) -> None:
    use_private_spool(settings, tmp_path)
    response = _post(world.client_for("chair"), world, body)
    assert response.status_code == status
    assert says in response.json()["error"]
    assert not LiveSession.objects.exists()


def test_deep_nesting_is_refused_whatever_the_python_recursion_limit(
    world: World, settings: Any, tmp_path: Path
) -> None:
    # Under the body limit, and deeper than json's C parser goes before RecursionError.
    use_private_spool(settings, tmp_path)
    depth = protocol.START_BODY_MAX_BYTES // 2
    response = _post(world.client_for("chair"), world, b"[" * depth + b"]" * depth)
    assert response.status_code == 400


def test_a_form_body_is_not_json(world: World, settings: Any, tmp_path: Path) -> None:
    use_private_spool(settings, tmp_path)
    client = world.client_for("chair")
    response = client.post(reverse("live_start", args=[world.meeting.pk]), {"mime_type": MIME})
    assert response.status_code == 400


def test_brackets_inside_strings_are_not_nesting() -> None:
    assert not protocol.json_depth_exceeds('{"a": "[[[[[[[[[[[[[[[[[[[[\\"[[[["}', 2)
    assert protocol.json_depth_exceeds("[[[", 2)


def test_the_ordinary_start_still_starts(world: World, settings: Any, tmp_path: Path) -> None:
    use_private_spool(settings, tmp_path)
    response = _post(world.client_for("chair"), world, b'{"mime_type": "%s"}' % MIME.encode())
    assert response.status_code == 201
