"""Fixtures for the vault tests: a store in a temporary directory, a key ring, a meeting."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from onrecord.cases.models import Authority, Case, Meeting
from onrecord.vault.keys import KeyRing
from onrecord.vault.storage import FileBlobStore


def make_ring(*ids: str) -> KeyRing:
    names = ids or ("k1",)
    return KeyRing(keys={i: os.urandom(32) for i in names}, active_id=names[-1])


@pytest.fixture
def store(tmp_path: Path) -> FileBlobStore:
    return FileBlobStore(tmp_path / "vault")


@pytest.fixture
def ring() -> KeyRing:
    return make_ring("k1")


@pytest.fixture
def meeting(db: None) -> Meeting:
    authority = Authority.objects.create(name="Brent", slug="brent", policy_profile="brent")
    case = Case.objects.create(authority=authority, reference="BR-1", family_name="Family")
    return Meeting.objects.create(
        case=case,
        kind=Meeting.Kind.CHILD_PROTECTION_CONFERENCE,
        mode=Meeting.Mode.ONLINE,
        scheduled_start=timezone.now() - dt.timedelta(hours=2),
    )


# An S3-compatible server for the S3 store's tests (tests/vault/s3_server.py).
from tests.vault.s3_server import s3_bucket, s3_endpoint  # noqa: E402, F401
