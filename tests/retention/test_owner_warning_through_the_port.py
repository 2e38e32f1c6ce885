"""The owner's retention warning leaves through the notification port, like every other message
(recording_requests/notifiers.py, docs/NOTIFICATIONS.md): with the port's fake in place, the
warnings reach it, one per owner, after the commit, and nothing goes by Django's mail directly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail

from onrecord.recording_requests import notifiers
from onrecord.vault.models import Recording
from tests.retention.conftest import warn


@pytest.fixture
def fake() -> Iterator[notifiers.FakeNotifier]:
    replacement = notifiers.FakeNotifier()
    notifiers.use(replacement)
    yield replacement
    notifiers.use(None)


def test_the_warning_goes_through_the_port(
    old_recording: Recording, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert warn(days_ago=0) == 1
    assert fake.sent == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to for m in fake.sent) == [
        "grace.owusu@eastmere.example",
        "tom.bennett@eastmere.example",
    ]
    assert all("CF-2026-0147" in m.subject for m in fake.sent)
    assert all("Due for disposal on" in m.body for m in fake.sent)
    assert mail.outbox == []
