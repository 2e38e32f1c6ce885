"""Signing a webhook the Standard Webhooks way (standardwebhooks.com, the scheme Svix and
others use; Stripe's is the same idea): the signed content is `{id}.{timestamp}.{body}`, the
signature HMAC-SHA256 under the subscriber's secret, base64, sent as `v1,<signature>` in
`webhook-signature`, with `webhook-id` (the idempotency key: the same on every retry) and
`webhook-timestamp` (Unix seconds: a receiver refuses old ones, so a captured request cannot be
replayed later). A receiver can check it with any Standard Webhooks library. Pure Python.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


class SignatureError(ValueError):
    """The signature does not match, or the timestamp is too old or too new."""


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    if not secret.startswith(PREFIX):
        raise ValueError("a webhook secret starts with whsec_")
    return base64.b64decode(secret.removeprefix(PREFIX), validate=True)


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


def verify(secret: str, received: dict[str, str], body: bytes, *, now: int) -> None:
    """What a receiver does (and what the tests' receiver does): raise SignatureError unless one
    of the signatures in the header matches and the timestamp is within five minutes."""
    lowered = {name.lower(): value for name, value in received.items()}
    try:
        message_id = lowered["webhook-id"]
        timestamp = int(lowered["webhook-timestamp"])
        given = lowered["webhook-signature"].split()
    except (KeyError, ValueError) as exc:
        raise SignatureError("missing or malformed webhook headers") from exc
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise SignatureError("timestamp outside the tolerance")
    expected = signature(secret, message_id, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in given):
        raise SignatureError("no signature matches")
