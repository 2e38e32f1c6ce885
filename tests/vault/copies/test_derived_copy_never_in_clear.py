"""A derived copy (redacted FLAC, playback Ogg) is re-encoded into an encrypted scratch file,
never a plain one: while it is being taken into the vault, no file on disk holds it in the
clear (issue 16, "nothing in clear, ever"; it was `upload-spool/derive-*.flac`, plain audio)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from onrecord.cases.models import Meeting
from onrecord.vault.copies import derive
from onrecord.vault.copies.spans import Span
from onrecord.vault.ingest import ingest
from onrecord.vault.models import Recording
from tests.vault import audio
from tests.vault.plaintext import needles_of, open_files_of_this_process, plaintext_in


@pytest.mark.parametrize("made", ["redacted", "playback"])
def test_no_plaintext_on_disk_while_a_copy_is_made(
    meeting: Meeting, monkeypatch: pytest.MonkeyPatch, made: str
) -> None:
    original = ingest(io.BytesIO(audio.wav(4.0, rate=16_000)), meeting=meeting, kind="authority")
    data_dir = Path(settings.DATA_DIR)
    seen: dict[str, Any] = {}
    real_ingest = derive.ingest  # type: ignore[attr-defined]

    def look_then_ingest(source: Any, **kwargs: Any) -> Recording:
        body = source.read()
        source.seek(0)
        seen["needles"] = needles_of(body, every=4096, length=32)
        seen["spool"] = sorted(p.name for p in Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir())
        seen["on disk"] = plaintext_in([data_dir], seen["needles"])
        seen["open"] = plaintext_in(open_files_of_this_process(data_dir), seen["needles"])
        return real_ingest(source, **kwargs)

    monkeypatch.setattr(derive, "ingest", look_then_ingest)
    if made == "redacted":
        derive.make_redacted_copy(original, spans=[Span(1.0, 2.0, "a name")], reason="S", by=None)
    else:
        derive.make_playback_copy(original, by=None)
    assert seen["needles"], "the copy was read"
    assert seen["on disk"] == {}
    assert seen["open"] == {}, "the scratch file is encrypted even once unlinked"
    assert seen["spool"] == []
