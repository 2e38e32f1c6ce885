"""Issue 15, in a real browser: Dana uploads a long recording from her phone and the connection
drops half-way. The page's script (tus-js-client) asks the server how much it holds (HEAD) and
goes on from there: the first 8 MiB are not sent again. The recording is stored whole, the page
moves on to the meeting with the usual message, and axe passes on every page."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest

from onrecord.vault.models import Recording
from onrecord.vault.resumable.protocol import TUS_VERSION
from tests.browser.conftest import Visitor
from tests.browser.journeys import CONFERENCE, open_conference
from tests.support.personas import World
from tests.vault import audio

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHUNK = 8 * 1024 * 1024  # resumable-upload.mjs's chunkSize


def test_a_dropped_upload_goes_on_from_where_it_stopped(
    world: World, visitors: Callable[..., Visitor]
) -> None:
    data = audio.wav(seconds=300.0)  # about 9.6 MB: two requests of at most 8 MiB
    assert len(data) > CHUNK
    mother = visitors(phone=True)
    open_conference(mother, world, "mother")
    page = mother.page
    page.get_by_role("link", name="Upload your recording").click()
    mother.check("Upload your recording")

    seen: list[str] = []
    dropped = {"left": 1}

    def watch(route: Any) -> None:
        request = route.request
        headers = request.headers
        assert headers.get("tus-resumable") == TUS_VERSION
        seen.append(f"{request.method} {headers.get('upload-offset', '')}")
        second = request.method == "PATCH" and headers.get("upload-offset") == str(CHUNK)
        if second and dropped["left"]:
            dropped["left"] -= 1
            route.abort("connectionreset")
            return
        route.continue_()

    page.route("**/recordings/uploads/**", watch)
    page.get_by_label("Your recording").set_input_files(
        files=[{"name": "long-meeting.wav", "mimeType": "audio/wav", "buffer": data}]
    )
    page.get_by_role("button", name="Upload recording").click()
    page.wait_for_url(re.compile(r".*/meetings/.*#recordings$"), timeout=60_000)
    mother.check(CONFERENCE)
    assert "Your recording has been added to the record" in page.get_by_role("alert").inner_text()

    recording = Recording.objects.get()
    assert recording.sha256 == hashlib.sha256(data).hexdigest()
    assert recording.original_filename == "long-meeting.wav"
    patches = [s for s in seen if s.startswith("PATCH")]
    # The second request dropped; the script asked, then sent only what was missing.
    assert patches == ["PATCH 0", f"PATCH {CHUNK}", f"PATCH {CHUNK}"], seen
    assert any(s.startswith("HEAD") for s in seen), seen
