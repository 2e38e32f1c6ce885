"""Case-management systems as API clients, their tokens, and the case system's own ids.

A client belongs to one authority and holds a set of scopes (scopes.py). Its tokens are shown
once, when made, and stored only as a SHA-256 hash (a token is 256 random bits, so a fast hash
is enough: nothing to brute-force, as with GitHub's tokens); each can expire and be revoked, and
several can be valid at once so a system can rotate without downtime (cli.py, admin.py).

`ExternalRef` maps the case system's id of a record to OnRecord's, per authority and system: a
retried call finds the record it made the first time instead of making another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from onrecord.api import scopes
from onrecord.cases.models import Authority

TOKEN_PREFIX = "onr_"  # noqa: S105 (the visible start of every token, not a secret)


def _check_scopes(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Scopes are a list.")
    unknown = [scope for scope in value if scope not in scopes.SCOPES]
    if unknown:
        raise ValidationError(f"Unknown scopes: {', '.join(map(str, unknown))}")


class ApiClient(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    name = models.SlugField(
        max_length=50, help_text="Names the client in the audit trail, e.g. mosaic-live."
    )
    system = models.SlugField(
        max_length=50,
        help_text="The case system whose ids this client sends (e.g. mosaic): clients of the "
        "same system and authority share its ids.",
    )
    scopes = models.JSONField(default=list, blank=True, validators=[_check_scopes])
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="api_client_name_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.authority})"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="tokens")
    prefix = models.CharField(max_length=16, unique=True, help_text="Shown to tell tokens apart.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{TOKEN_PREFIX}{self.prefix}… of {self.client.name}"

    def usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @classmethod
    def issue(
        cls, client: ApiClient, expires_at: dt.datetime | None = None
    ) -> tuple[ApiToken, str]:
        """A new token for `client`: the row, and the token itself (shown once, never stored)."""
        prefix = secrets.token_hex(4)
        token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
        row = cls.objects.create(
            client=client, prefix=prefix, token_hash=hash_token(token), expires_at=expires_at
        )
        return row, token


class ExternalRef(models.Model):
    class Kind(models.TextChoices):
        CASE = "case", "Case"
        PERSON = "person", "Person"
        CHILD = "child", "Child"
        PARENTAL_RESPONSIBILITY = "pr", "Parental responsibility"
        MEETING = "meeting", "Meeting"
        ATTENDEE = "attendee", "Attendee"
        AGENDA_ITEM = "agenda_item", "Agenda item"

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    system = models.SlugField(max_length=50)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    external_id = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "system", "kind", "external_id"],
                name="external_id_unique_per_system",
            )
        ]

    def __str__(self) -> str:
        return f"{self.system}:{self.kind}:{self.external_id} → {self.object_id}"
