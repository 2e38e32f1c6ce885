"""The tus headers read and checked without Django (vault/resumable/protocol.py): every
refusal names the header and what is wrong, with the status tus gives it."""

from __future__ import annotations

import base64

import pytest

from onrecord.vault.resumable import protocol as tus

NOT_UTF8 = base64.b64encode(bytes([0xFF])).decode()


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_metadata_is_read_as_text() -> None:
    header = f"filename {_b64('Mum’s phone.m4a')},filetype {_b64('audio/mp4')},is_private"
    assert tus.metadata(header) == {
        "filename": "Mum’s phone.m4a",
        "filetype": "audio/mp4",
        "is_private": "",
    }
    assert tus.metadata(None) == {}


@pytest.mark.parametrize(
    ("header", "error"),
    [
        ("filename !!!", "'filename' is not base64 of UTF-8 text"),
        (f"a {_b64('x')},a {_b64('y')}", "names 'a' twice"),
        ("bad key here", "malformed pair"),
        ("x" * 5000, "over 4096 characters"),
        ("k " + NOT_UTF8, "'k' is not base64 of UTF-8 text"),
    ],
)
def test_bad_metadata_is_refused_by_name(header: str, error: str) -> None:
    with pytest.raises(tus.TusRefused, match=error) as refused:
        tus.metadata(header)
    assert refused.value.status == 400


@pytest.mark.parametrize(
    ("header", "status", "error"),
    [
        (None, 400, "Upload-Length is missing"),
        ("-1", 400, "whole number of bytes, not '-1'"),
        ("1e9", 400, "whole number of bytes"),
        ("0", 400, "the file is empty"),
        ("1001", 413, "the largest accepted is 1000 bytes"),
    ],
)
def test_upload_length(header: str | None, status: int, error: str) -> None:
    with pytest.raises(tus.TusRefused, match=error) as refused:
        tus.upload_length(header, 1000)
    assert refused.value.status == status


def test_a_good_length_and_offset() -> None:
    assert tus.upload_length(" 1000 ", 1000) == 1000
    assert tus.upload_offset("0") == 0


def test_version() -> None:
    tus.check_version("1.0.0")
    for header in (None, "0.2.2", ""):
        with pytest.raises(tus.TusRefused, match=r"Tus-Resumable must be 1\.0\.0") as refused:
            tus.check_version(header)
        assert refused.value.status == 412


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"content_type": "audio/wav"}, 415),
        ({"offset": 10}, 409),
        ({"body": 91}, 413),
    ],
)
def test_patch_refusals(kwargs: dict[str, object], status: int) -> None:
    args: dict[str, object] = {
        "content_type": "application/offset+octet-stream",
        "offset": 0,
        "held": 0,
        "length": 90,
        "body": 90,
    }
    tus.check_patch(**args)  # type: ignore[arg-type]
    with pytest.raises(tus.TusRefused) as refused:
        tus.check_patch(**{**args, **kwargs})  # type: ignore[arg-type]
    assert refused.value.status == status
