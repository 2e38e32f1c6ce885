"""Passkeys (WebAuthn) as the second step: the rules that need no Django.

A passkey is a key pair made by the person's phone, computer or security key, held there and
unlocked with their fingerprint, face or screen lock. OnRecord keeps only the public half; the
browser proves the person holds the private half by signing a one-time challenge for this
service's address only, so a passkey cannot be phished or replayed on another site.
Pure Python: the ceremonies themselves are py_webauthn's (passkey_devices.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from onrecord.accounts.two_step import requires_two_step

NAME_MAX_LENGTH = 50


def gettext_noop(text: str) -> str:
    """Marks words for the translation catalogue (docs/LANGUAGES.md); the page translates them."""
    return text


@dataclass(frozen=True)
class RelyingParty:
    """Who the passkeys belong to: the service's host name (the WebAuthn "RP ID") and the one
    origin a ceremony may come from, both from ONRECORD_BASE_URL."""

    rp_id: str
    origin: str


def relying_party(base_url: str) -> RelyingParty:
    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"passkeys need an absolute http(s) base URL, not {base_url!r}")
    default_port = {"http": 80, "https": 443}[parts.scheme]
    port = f":{parts.port}" if parts.port not in (None, default_port) else ""
    return RelyingParty(rp_id=parts.hostname, origin=f"{parts.scheme}://{parts.hostname}{port}")


def clean_name(text: str, taken: set[str]) -> str:
    """The name the person gives a passkey, so they can tell their passkeys apart. Raises
    ValueError with the message to show."""
    name = " ".join(text.split())
    if not name:
        raise ValueError(gettext_noop("Enter a name for your passkey, like ‘Work laptop’"))
    if len(name) > NAME_MAX_LENGTH:
        raise ValueError(gettext_noop("The name must be 50 characters or fewer"))  # NAME_MAX_LENGTH
    if name.casefold() in {other.casefold() for other in taken}:
        raise ValueError(
            gettext_noop("You already have a passkey with that name. Choose another name")
        )
    return name


def may_remove(role: str, ways_left_after: int, *, required: bool) -> bool:
    """Staff must keep at least one way of passing the second step (a passkey or an app):
    removing the last one would leave them unable to sign in. Recovery codes do not count."""
    return ways_left_after > 0 or not (required and requires_two_step(role))
