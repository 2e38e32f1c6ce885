"""The identity provider's endpoints, read from its discovery document (OpenID Connect
Discovery 1.0) the first time they are needed and kept for an hour; never at start-up, so a
provider that is down stops only single sign-on, not the service or local sign-in."""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

CACHE_SECONDS = 3600
TIMEOUT_SECONDS = 10
REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")

_cache: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class ProviderUnavailable(RuntimeError):
    """The provider's discovery document could not be read, or says something unusable."""


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def provider_metadata(issuer: str, algorithm: str) -> dict[str, Any]:
    with _lock:
        cached = _cache.get((issuer, algorithm))
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
    metadata = _fetch(issuer, algorithm)
    with _lock:
        _cache[(issuer, algorithm)] = (time.monotonic() + CACHE_SECONDS, metadata)
    return metadata


def forget(issuer: str | None = None) -> None:
    """Drop what was read (all of it, or one issuer's), so the next use reads it again."""
    with _lock:
        if issuer is None:
            _cache.clear()
        else:
            for key in [key for key in _cache if key[0] == issuer]:
                del _cache[key]


def _fetch(issuer: str, algorithm: str) -> dict[str, Any]:
    url = discovery_url(issuer)
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"could not read {url}: {exc.__class__.__name__}") from exc
    if not isinstance(metadata, dict):
        raise ProviderUnavailable(f"{url} is not a JSON object")
    # Discovery §4.3: the issuer in the document must be exactly the one configured, or an
    # attacker's document could name their own endpoints.
    if metadata.get("issuer") != issuer:
        raise ProviderUnavailable(
            f"{url} names issuer {metadata.get('issuer')!r}, not the configured {issuer!r}"
        )
    missing = [key for key in REQUIRED if not isinstance(metadata.get(key), str)]
    if missing:
        raise ProviderUnavailable(f"{url} does not give {', '.join(missing)}")
    methods = metadata.get("code_challenge_methods_supported")
    if isinstance(methods, list) and "S256" not in methods:
        raise ProviderUnavailable(f"{url}: the provider does not support PKCE with S256")
    algorithms = metadata.get("id_token_signing_alg_values_supported")
    if isinstance(algorithms, list) and algorithm not in algorithms:
        raise ProviderUnavailable(f"{url}: the provider does not sign ID tokens with {algorithm}")
    return metadata
