"""Job nodes are held to the same keys as web nodes (issue 15): `onrecord worker` and
`onrecord celery-worker` refuse to start, naming the key, when it differs from the recorded one
(before any job is claimed)."""

from __future__ import annotations

import pytest
from django.conf import settings

from onrecord.commands import main
from onrecord.jobs.cli import KEYS_REFUSED
from onrecord.key_fingerprints.startup import check_keys

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["worker", "celery-worker"])
def test_a_job_node_with_another_secret_key_refuses(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_keys() == []  # the first node recorded the installation's keys
    monkeypatch.setattr(settings, "SECRET_KEY", "another node's key " * 4)
    monkeypatch.setattr(settings, "ONRECORD_JOBS_BROKER", "redis://127.0.0.1:9/0")
    assert main([command]) == KEYS_REFUSED
    err = capsys.readouterr().err
    assert "will not start" in err
    assert "ONRECORD_SECRET_KEY on this node differs" in err
