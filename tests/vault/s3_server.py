"""An S3-compatible server on 127.0.0.1 for the S3 store's tests (moto's server, in a thread):
the real boto3 client, the real HTTP protocol and conditional writes, no network."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from onrecord.vault.s3_storage import S3BlobStore, S3Settings

REGION = "eu-west-2"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="test-only",
        aws_secret_access_key="test-only",
    )


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    bucket = f"vault-{uuid.uuid4().hex[:12]}"
    s3_client(s3_endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return bucket


def make_s3_store(endpoint: str, bucket: str, spool: Path, prefix: str = "la/") -> S3BlobStore:
    settings = S3Settings(bucket=bucket, prefix=prefix, endpoint_url=endpoint, region=REGION)
    return S3BlobStore(settings, spool=spool, client=s3_client(endpoint))
