"""The vault's storage is chosen by configuration, and a mistake in it stops the service at
start-up with the variable named, rather than at the first upload."""

from __future__ import annotations

import pytest

from onrecord.config import ConfigError, vault_storage

S3_VARS = (
    "ONRECORD_VAULT_STORAGE",
    "ONRECORD_VAULT_S3_BUCKET",
    "ONRECORD_VAULT_S3_PREFIX",
    "ONRECORD_VAULT_S3_ENDPOINT_URL",
    "ONRECORD_VAULT_S3_REGION",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in S3_VARS:
        monkeypatch.delenv(name, raising=False)


def test_files_on_disk_by_default() -> None:
    assert vault_storage() == {"backend": "files"}


def test_s3_with_every_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_VAULT_STORAGE", "S3")
    monkeypatch.setenv("ONRECORD_VAULT_S3_BUCKET", "council-recordings")
    monkeypatch.setenv("ONRECORD_VAULT_S3_PREFIX", "onrecord/")
    monkeypatch.setenv("ONRECORD_VAULT_S3_ENDPOINT_URL", "https://objects.council.example")
    monkeypatch.setenv("ONRECORD_VAULT_S3_REGION", "eu-west-2")
    assert vault_storage() == {
        "backend": "s3",
        "bucket": "council-recordings",
        "prefix": "onrecord/",
        "endpoint_url": "https://objects.council.example",
        "region": "eu-west-2",
    }


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"ONRECORD_VAULT_STORAGE": "ftp"}, "ONRECORD_VAULT_STORAGE must be 'files' or 's3'"),
        ({"ONRECORD_VAULT_STORAGE": "s3"}, "needs ONRECORD_VAULT_S3_BUCKET"),
        (
            {
                "ONRECORD_VAULT_STORAGE": "s3",
                "ONRECORD_VAULT_S3_BUCKET": "b",
                "ONRECORD_VAULT_S3_PREFIX": "/abs/",
            },
            "ONRECORD_VAULT_S3_PREFIX must end with '/'",
        ),
        (
            {
                "ONRECORD_VAULT_STORAGE": "s3",
                "ONRECORD_VAULT_S3_BUCKET": "b",
                "ONRECORD_VAULT_S3_PREFIX": "no-slash",
            },
            "ONRECORD_VAULT_S3_PREFIX must end with '/'",
        ),
        (
            {
                "ONRECORD_VAULT_STORAGE": "s3",
                "ONRECORD_VAULT_S3_BUCKET": "b",
                "ONRECORD_VAULT_S3_ENDPOINT_URL": "objects:9000",
            },
            "ONRECORD_VAULT_S3_ENDPOINT_URL must be an http",
        ),
    ],
)
def test_a_mistake_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], named: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=named):
        vault_storage()
