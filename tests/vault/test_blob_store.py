"""The blob stores keep the original write-once, and nothing is visible under a blob's name
until the whole blob is written (the filesystem adapter and the in-memory fake alike)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from onrecord.vault.storage import (
    BlobExistsError,
    BlobStore,
    FileBlobStore,
    MemoryBlobStore,
    StorageError,
    StorageFullError,
    blob_name_for,
)
from tests.vault.s3_server import make_s3_store


@pytest.fixture(params=["file", "memory", pytest.param("s3", marks=pytest.mark.slow)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "file":
        return FileBlobStore(tmp_path / "vault")
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        return make_s3_store(endpoint, request.getfixturevalue("s3_bucket"), tmp_path / "spool")
    return MemoryBlobStore()


def _name() -> str:
    return blob_name_for(str(uuid.uuid4()))


def test_written_blob_reads_back_and_is_listed(any_store: BlobStore) -> None:
    name = _name()
    pending = any_store.begin(name)
    pending.write(b"abc")
    pending.write(b"def")
    assert not any_store.exists(name)
    assert list(any_store.names()) == []
    pending.commit()
    assert any_store.exists(name)
    assert any_store.size(name) == 6
    with any_store.open(name) as blob:
        assert blob.read() == b"abcdef"
    assert list(any_store.names()) == [name]


def test_an_existing_blob_is_never_overwritten(any_store: BlobStore) -> None:
    name = _name()
    first = any_store.begin(name)
    first.write(b"original")
    first.commit()
    with pytest.raises(BlobExistsError):
        any_store.begin(name)
    with any_store.open(name) as blob:
        assert blob.read() == b"original"


def test_two_writers_racing_for_one_name_only_the_first_commits(any_store: BlobStore) -> None:
    name = _name()
    a, b = any_store.begin(name), any_store.begin(name)
    a.write(b"first")
    b.write(b"second")
    a.commit()
    with pytest.raises(BlobExistsError):
        b.commit()
    b.abort()
    with any_store.open(name) as blob:
        assert blob.read() == b"first"


def test_an_aborted_blob_leaves_nothing(any_store: BlobStore) -> None:
    pending = any_store.begin(_name())
    pending.write(b"half")
    pending.abort()
    pending.abort()
    assert list(any_store.names()) == []
    assert any_store.remove_temporaries() == 0


def test_a_missing_blob_is_named(any_store: BlobStore) -> None:
    name = _name()
    with pytest.raises(StorageError, match=f"blob {name} is missing"):
        any_store.open(name)


def test_names_must_be_vault_names(any_store: BlobStore) -> None:
    with pytest.raises(StorageError, match="invalid blob name"):
        any_store.begin("../../etc/passwd")


def test_file_store_writes_in_the_same_directory_then_links(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path / "vault")
    name = _name()
    pending = store.begin(name)
    pending.write(b"x" * 1000)
    temporaries = store.temporaries()
    assert len(temporaries) == 1
    assert temporaries[0].parent == (store.root / name).parent
    pending.commit()
    assert store.temporaries() == []
    assert (store.root / name).read_bytes() == b"x" * 1000


def test_file_store_removes_temporaries_left_by_a_dead_writer(tmp_path: Path) -> None:
    store = FileBlobStore(tmp_path / "vault")
    pending = store.begin(_name())
    pending.write(b"left behind")
    pending.finish_writing()  # and then the writer dies without committing or aborting
    assert len(store.temporaries()) == 1
    assert store.remove_temporaries(older_than_seconds=3600) == 0
    old = store.temporaries()[0]
    os.utime(old, (0, 0))
    assert store.remove_temporaries(older_than_seconds=3600) == 1
    assert store.temporaries() == []
    assert list(store.names()) == []


def test_memory_store_can_be_full() -> None:
    store = MemoryBlobStore(capacity=10)
    pending = store.begin(_name())
    pending.write(b"12345")
    with pytest.raises(StorageFullError, match="full"):
        pending.write(b"123456")
