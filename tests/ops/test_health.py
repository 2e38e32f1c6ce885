"""/healthz says the process is up; /readyz checks the database, the vault's storage and the
job queue, and answers 503 naming what failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings


def test_healthz_answers_without_touching_anything(client: Client) -> None:
    # No database mark: pytest-django refuses every query here, so this also shows that
    # /healthz answers while the database is down.
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer["X-Request-ID"]


@pytest.mark.django_db
def test_readyz_is_ready_when_everything_answers(client: Client) -> None:
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "status": "ready",
        "failed": [],
        "checks": {"database": "ok", "storage": "ok", "queue": "ok"},
    }


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker(client: Client) -> None:
    # A real connection attempt to a port where nothing listens (the discard port).
    with override_settings(ONRECORD_JOBS_BROKER="redis://:secret-pw@127.0.0.1:9/0"):
        answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["failed"] == ["queue"]
    assert body["checks"]["queue"].startswith("failed: ")
    assert "secret-pw" not in answer.content.decode()


@pytest.mark.django_db
def test_readyz_names_a_missing_vault_directory(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onrecord.vault.storage import FileBlobStore

    store = FileBlobStore(tmp_path / "vault")
    store.root.rmdir()  # the mounted volume went away
    monkeypatch.setattr("onrecord.vault.ingest.default_store", lambda: store)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["failed"] == ["storage"]
    assert answer.json()["checks"]["database"] == "ok"


def test_a_proxys_request_id_is_kept_and_a_bad_one_replaced(client: Client) -> None:
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")
    assert kept["X-Request-ID"] == "lb-1234abcd"
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="evil\nheader token=abc")
    assert replaced["X-Request-ID"] != "evil\nheader token=abc"
    assert len(replaced["X-Request-ID"]) == 32
