"""Helpers for the resumable (tus) upload tests: requests the way tus-js-client makes them."""

from __future__ import annotations

import base64
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.support.personas import World

TUS: dict[str, Any] = {"HTTP_TUS_RESUMABLE": "1.0.0"}


def meta(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(client: Client, world: World, length: int, **metadata: str) -> Any:
    values = {"filename": "phone-recording.wav", "filetype": "audio/wav", **metadata}
    return client.post(
        reverse("parent_copy_resumable_create", args=[world.meeting.pk]),
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=meta(**values),
        **TUS,
    )


def patch(client: Client, location: str, offset: int, data: bytes, **extra: Any) -> Any:
    return client.generic(
        "PATCH",
        location,
        data=data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **{**TUS, **extra},
    )


def head(client: Client, location: str) -> Any:
    return client.head(location, **TUS)
