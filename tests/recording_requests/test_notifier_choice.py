"""Which adapter messages leave through (issue 12): Django's email framework by default,
whatever backend it is configured with; GOV.UK Notify when configured; a fake in unit tests.
A bad Notify configuration stops start-up with a message naming the variable."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail

from onrecord import config
from onrecord.recording_requests import notifiers, notify
from onrecord.recording_requests.models import TimelineEntry
from tests.support.personas import World


@pytest.fixture
def fake() -> Iterator[notifiers.FakeNotifier]:
    replacement = notifiers.FakeNotifier()
    notifiers.use(replacement)
    yield replacement
    notifiers.use(None)


def test_default_is_django_email(settings: Any) -> None:
    assert settings.ONRECORD_NOTIFICATIONS == {"channel": "email"}
    assert isinstance(notifiers.notifier(), notifiers.EmailNotifier)
    notifiers.notifier().send(notifiers.Message("a@example.org", "Subject", "Body"))
    assert [m.subject for m in mail.outbox] == ["Subject"]


def test_messages_are_sent_after_commit_only(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    dana = world.case.people.get(full_name="Dana Whitfield")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = notify.send_message(
            dana,
            "Hello",
            "recording_requests/email/view_invitation.txt",
            {"request": None, "meeting": world.meeting, "url": "https://x.example/link/abc/"},
        )
    assert fake.sent == []
    for callback in callbacks:
        callback()
    assert [(m.to, m.subject, m.reference) for m in fake.sent] == [
        (dana.email, "Hello", str(entry.pk))
    ]
    assert "https://x.example/link/abc/" in fake.sent[0].body
    assert "https://x.example/link/abc/" not in TimelineEntry.objects.get(pk=entry.pk).body


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"ONRECORD_NOTIFICATIONS": "sms"}, "ONRECORD_NOTIFICATIONS"),
        ({"ONRECORD_NOTIFICATIONS": "notify", "ONRECORD_NOTIFY_API_KEY": "nope"},
         "ONRECORD_NOTIFY_API_KEY"),
        (
            {
                "ONRECORD_NOTIFICATIONS": "notify",
                "ONRECORD_NOTIFY_API_KEY": f"k-{uuid.uuid4()}-{uuid.uuid4()}",
                "ONRECORD_NOTIFY_EMAIL_TEMPLATE_ID": "x",
            },
            "ONRECORD_NOTIFY_EMAIL_TEMPLATE_ID",
        ),
    ],
)  # fmt: skip
def test_bad_notify_configuration_is_refused(
    env: dict[str, str], names: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(config.ConfigError, match=names):
        config.notifications()


def test_the_api_key_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_NOTIFICATIONS", "notify")
    monkeypatch.setenv("ONRECORD_NOTIFY_API_KEY", "secret-value-here")
    with pytest.raises(config.ConfigError) as caught:
        config.notifications()
    assert "secret-value-here" not in str(caught.value)
