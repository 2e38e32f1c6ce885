"""Events out: who subscribes, the outbox of events, and each delivery with its log.

An `Event` row is written by the domain service in the same transaction as the change it
describes (services.emit), with one `Delivery` per subscriber and the job that sends it: if the
transaction rolls back, no event is sent; if the process dies after it commits, the queued job
is still there. Deliveries are at least once: a receiver deduplicates on `webhook-id`, which is
the event's id and the same on every retry.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from onrecord.cases.models import Authority
from onrecord.vault.keys import KeyRing, load_keyring
from onrecord.webhooks import events, sealed_secrets, signing


def _check_kinds(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one event.")
    unknown = [kind for kind in value if kind not in events.KINDS]
    if unknown:
        raise ValidationError(f"Unknown event kinds: {', '.join(map(str, unknown))}")


def _keyring() -> KeyRing:
    from django.conf import settings

    return load_keyring(settings.DATA_DIR)


class Subscriber(models.Model):
    """A case-management system's endpoint for one authority's events. The secret signs every
    delivery (signing.py). It is made when the subscriber is first saved, shown once then
    (`new_secret`, on that instance only), and stored only sealed under the vault's
    key-encryption keys (sealed_secrets.py): `kek_id` names the key, `wrapped_secret` holds it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    kek_id = models.CharField(max_length=40, editable=False)
    wrapped_secret = models.BinaryField(editable=False)
    kinds = models.JSONField(default=list, validators=[_check_kinds])
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="webhook_subscriber_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.authority})"

    # The secret in clear, on the instance that made it, to be shown once; never stored.
    new_secret: str | None = None

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.wrapped_secret:
            secret = signing.new_secret()
            self.kek_id, self.wrapped_secret = sealed_secrets.seal(secret, self.id, _keyring())
            self.new_secret = secret
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def signing_secret(self, ring: KeyRing | None = None) -> str:
        """The secret to sign a delivery with, unsealed for that moment only."""
        return sealed_secrets.unseal(
            self.kek_id, bytes(self.wrapped_secret), self.id, ring or _keyring()
        )

    def clean(self) -> None:
        from django.conf import settings

        if not self.url.startswith("https://") and not (
            settings.ONRECORD_WEBHOOK_ALLOW_HTTP and self.url.startswith("http://")
        ):
            raise ValidationError({"url": "A webhook address must start with https://."})


class Event(models.Model):
    """The outbox: one thing that happened, to be told to every subscriber of its authority."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, db_index=True)
    data = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be delivered"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Given up"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "subscriber"], name="one_delivery_each")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscriber} ({self.status})"


class Attempt(models.Model):
    """The delivery log: every try, with what the receiver answered."""

    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="one_attempt_number")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}: {self.status_code or self.error}"
