"""An upload is encrypted as it arrives: while a parent's recording is arriving and being taken
into the vault, no file on disk holds it in the clear (issue 16, failure 3: Django's temporary
upload file, `upload-spool/tmp*.upload.wav`, was plain RIFF audio).

The check is made at the moment the vault starts to read the upload: the spool directory, the
whole data directory, and every file this process holds open there (named or unlinked) are
searched for audio headers and for pieces of the upload's own body.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from onrecord.recording_requests import parent_copies
from onrecord.vault.models import Recording
from tests.support.parent_copies import upload_url, wav_upload
from tests.support.personas import World
from tests.vault import audio
from tests.vault.plaintext import needles_of, open_files_of_this_process, plaintext_in


def test_no_plaintext_on_disk_while_an_upload_is_taken_in(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = audio.noise_wav(2 * 1024 * 1024, seed=16)  # well over the in-memory limit
    needles = needles_of(data)
    data_dir = Path(settings.DATA_DIR)
    seen: dict[str, Any] = {}
    real_ingest = parent_copies.ingest  # type: ignore[attr-defined]

    def look_then_ingest(source: Any, **kwargs: Any) -> Recording:
        seen["spool files"] = sorted(p.name for p in Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir())
        seen["plaintext on disk"] = plaintext_in([data_dir], needles)
        seen["plaintext in open files"] = plaintext_in(
            open_files_of_this_process(data_dir), needles
        )
        return real_ingest(source, **kwargs)

    monkeypatch.setattr(parent_copies, "ingest", look_then_ingest)
    response = world.client_for("mother").post(
        upload_url(world), {"recording": wav_upload(data, "big.wav")}
    )
    assert response.status_code == 302
    assert Recording.objects.get().size == len(data)
    assert seen["plaintext on disk"] == {}
    assert seen["plaintext in open files"] == {}, "the spool is encrypted even once unlinked"
    assert seen["spool files"] == [], "the spool file has no name a crash could leave behind"
    assert list(Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir()) == []
