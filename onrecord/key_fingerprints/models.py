"""The recorded fingerprints (fingerprints.py): one row per key, never the key itself."""

from __future__ import annotations

from django.db import models


class KeyFingerprint(models.Model):
    name = models.CharField(max_length=80, unique=True)
    fingerprint = models.CharField(max_length=64)  # HMAC-SHA256, hex
    recorded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=200)  # the node (host:pid) or the operator

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
