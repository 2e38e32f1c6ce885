"""The S3-compatible store keeps the vault's promises over HTTP: large blobs go up in parts and
appear whole or not at all, an interrupted upload is tidied away, reads fetch only the ranges
asked for, and a recording ingested through the configured store plays back and verifies."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from onrecord.cases.models import Meeting
from onrecord.vault import ingest as ingest_module
from onrecord.vault import s3_storage
from onrecord.vault.ingest import default_store, ingest
from onrecord.vault.keys import KeyRing
from onrecord.vault.services import open_recording, verify_recording
from onrecord.vault.storage import StorageError, blob_name_for
from tests.vault import audio
from tests.vault.s3_server import REGION, make_s3_store, s3_client

MIB = 1024 * 1024

# Slow (make test-fast leaves it out): an S3 server (moto) in a thread.
pytestmark = pytest.mark.slow


def _name() -> str:
    return blob_name_for(str(uuid.uuid4()))


def test_a_large_blob_goes_up_in_parts_and_is_invisible_until_complete(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(s3_storage, "PART_SIZE", 5 * MIB)  # S3's smallest part
    store = make_s3_store(s3_endpoint, s3_bucket, tmp_path)
    data = bytes(range(256)) * (12 * MIB // 256) + b"tail"
    name = _name()
    pending = store.begin(name)
    for start in range(0, len(data), MIB):
        pending.write(data[start : start + MIB])
    assert not store.exists(name)
    pending.commit()

    assert store.size(name) == len(data)
    with store.open(name) as blob:
        blob.seek(7 * MIB + 3)
        assert blob.read(10) == data[7 * MIB + 3 : 7 * MIB + 13]
        blob.seek(-4, io.SEEK_END)
        assert blob.read() == b"tail"
    assert list(tmp_path.iterdir()) == []  # the spool file is gone once stored


def test_an_upload_that_fails_part_way_leaves_nothing_behind(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(s3_storage, "PART_SIZE", 5 * MIB)
    store = make_s3_store(s3_endpoint, s3_bucket, tmp_path)
    real_upload_part = store.client.upload_part
    calls = 0

    def failing_second_part(**kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise ConnectionResetError("the network went away")
        return real_upload_part(**kwargs)

    monkeypatch.setattr(store.client, "upload_part", failing_second_part)
    name = _name()
    pending = store.begin(name)
    pending.write(b"x" * (11 * MIB))
    with pytest.raises(ConnectionResetError):
        pending.commit()
    pending.abort()
    assert not store.exists(name)
    uploads = s3_client(s3_endpoint).list_multipart_uploads(Bucket=s3_bucket)
    assert uploads.get("Uploads", []) == []  # aborted, not left to cost money
    assert list(tmp_path.iterdir()) == []


def test_remove_temporaries_aborts_uploads_left_by_a_dead_writer(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path
) -> None:
    store = make_s3_store(s3_endpoint, s3_bucket, tmp_path)
    client = s3_client(s3_endpoint)
    name = _name()
    upload = client.create_multipart_upload(Bucket=s3_bucket, Key=f"la/{name}")
    client.upload_part(
        Bucket=s3_bucket, Key=f"la/{name}", UploadId=upload["UploadId"], PartNumber=1, Body=b"x"
    )
    pending = store.begin(_name())
    pending.write(b"spooled, then the process died")
    pending.finish_writing()

    # (moto dates every multipart upload in 2010, so only the spool file is young enough to keep)
    assert store.remove_temporaries(older_than_seconds=3600) == 1
    assert len(list(tmp_path.iterdir())) == 1
    assert store.remove_temporaries() == 1
    assert client.list_multipart_uploads(Bucket=s3_bucket).get("Uploads", []) == []
    assert list(tmp_path.iterdir()) == []
    assert list(store.names()) == []


def test_reads_fetch_only_the_ranges_asked_for(
    s3_endpoint: str, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_s3_store(s3_endpoint, s3_bucket, tmp_path)
    name = _name()
    pending = store.begin(name)
    pending.write(b"\0" * (8 * MIB))
    pending.commit()
    real_get = store.client.get_object
    ranges: list[str] = []

    def counting_get(**kwargs: Any) -> Any:
        ranges.append(kwargs["Range"])
        return real_get(**kwargs)

    monkeypatch.setattr(store.client, "get_object", counting_get)
    with store.open(name) as blob:
        blob.seek(6 * MIB)
        assert blob.read(100) == b"\0" * 100
    assert len(ranges) == 1
    first, last = (int(n) for n in ranges[0].removeprefix("bytes=").split("-"))
    assert first == 6 * MIB
    assert last - first + 1 <= s3_storage.READ_BUFFER


def test_only_vault_names_are_listed(s3_endpoint: str, s3_bucket: str, tmp_path: Path) -> None:
    store = make_s3_store(s3_endpoint, s3_bucket, tmp_path)
    client = s3_client(s3_endpoint)
    client.put_object(Bucket=s3_bucket, Key="la/readme.txt", Body=b"not a recording")
    client.put_object(Bucket=s3_bucket, Key="other-service/ab/x.orv", Body=b"not ours")
    name = _name()
    pending = store.begin(name)
    pending.write(b"ours")
    pending.commit()
    assert list(store.names()) == [name]


def test_an_unreachable_store_is_a_clear_storage_error(tmp_path: Path) -> None:
    store = make_s3_store("http://127.0.0.1:9", "vault-nowhere", tmp_path)
    store.client.meta.config.retries = {"max_attempts": 0}
    with pytest.raises(StorageError, match="cannot be reached"):
        store.exists(_name())


@pytest.mark.django_db
def test_a_recording_ingested_through_configured_s3_plays_back_and_verifies(
    s3_endpoint: str,
    s3_bucket: str,
    meeting: Meeting,
    ring: KeyRing,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-only")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-only")
    storage = {
        "backend": "s3",
        "bucket": s3_bucket,
        "prefix": "brent/",
        "endpoint_url": s3_endpoint,
        "region": REGION,
    }
    original = audio.wav(1.5)
    with override_settings(ONRECORD_VAULT_STORAGE=storage):
        store = default_store()
        assert isinstance(store, s3_storage.S3BlobStore)
        assert default_store() is store  # one client, made once
        recording = ingest(io.BytesIO(original), meeting=meeting, kind="authority", keyring=ring)
        client = s3_client(s3_endpoint)
        stored = client.get_object(Bucket=s3_bucket, Key=f"brent/{recording.blob_name}")
        encrypted = stored["Body"].read()
        assert original not in encrypted  # the object store never sees the audio
        with open_recording(recording, purpose="play", keyring=ring) as reader:
            assert reader.read() == original
        assert verify_recording(recording, keyring=ring).ok

        # A single flipped byte in the stored object is found and named.
        damaged = bytearray(encrypted)
        damaged[len(damaged) // 2] ^= 0x01
        client.delete_object(Bucket=s3_bucket, Key=f"brent/{recording.blob_name}")
        client.put_object(Bucket=s3_bucket, Key=f"brent/{recording.blob_name}", Body=bytes(damaged))
        result = verify_recording(recording, keyring=ring)
    assert not result.ok
    assert "chunk" in result.problem
    ingest_module._s3_store.cache_clear()
