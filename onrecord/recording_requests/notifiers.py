"""The port messages leave through, and its adapters (issue 12, docs/NOTIFICATIONS.md).

- `EmailNotifier`: Django's email framework, whichever backend is configured (file, SMTP, ...):
  this port never chooses the backend, so the mail set-up can change underneath it.
- `NotifyNotifier`: GOV.UK Notify's official client (councils use Notify for email and text
  messages), with one email template whose subject is ((subject)) and body is ((body)).
- `FakeNotifier`: keeps messages in memory, for unit tests.

`notifier()` picks the adapter from settings.ONRECORD_NOTIFICATIONS (checked at start-up by
onrecord/config.py). Messages are sent after the transaction commits (notify.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str
    reference: str = ""  # the timeline entry's id: how a delivery report is matched back


class Notifier(Protocol):
    def send(self, message: Message) -> None: ...


class EmailNotifier:
    def send(self, message: Message) -> None:
        EmailMessage(
            message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to]
        ).send()


class NotifyNotifier:
    def __init__(self, api_key: str, template_id: str, base_url: str) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        # The official client is not annotated (its functions are untyped).
        self.client = NotificationsAPIClient(api_key, base_url=base_url)  # type: ignore[no-untyped-call]
        self.template_id = template_id

    def send(self, message: Message) -> None:
        self.client.send_email_notification(  # type: ignore[no-untyped-call]
            email_address=message.to,
            template_id=self.template_id,
            personalisation={"subject": message.subject, "body": message.body},
            reference=message.reference or None,
        )


@dataclass
class FakeNotifier:
    sent: list[Message] = field(default_factory=list)

    def send(self, message: Message) -> None:
        self.sent.append(message)


_override: Notifier | None = None


def use(replacement: Notifier | None) -> None:
    """Tests put a FakeNotifier in place (and None to go back to the configured adapter)."""
    global _override
    _override = replacement


def notifier() -> Notifier:
    if _override is not None:
        return _override
    configured: dict[str, str] = settings.ONRECORD_NOTIFICATIONS
    if configured["channel"] == "notify":
        return NotifyNotifier(
            configured["api_key"], configured["template_id"], configured["base_url"]
        )
    return EmailNotifier()
