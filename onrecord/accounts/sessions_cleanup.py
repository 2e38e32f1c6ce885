"""Clearing ended sessions, with the identity provider's session ids kept beside them.

Django never removes an expired session by itself: `clearsessions` (SessionStore.clear_expired)
does, and OnRecord runs it daily as the `clear_sessions` job (jobs/clear_sessions.py, queued by the
jobs' dispatcher like the other periodic jobs, docs/JOBS.md). Each session signed in through the
identity provider has an `SsoSession` row (its `sid`, for back-channel logout, sso_logout.py);
sign-out here and a back-channel logout remove theirs, but a session that simply expired left
its row behind for ever. After the expired sessions are cleared, every `SsoSession` whose
session no longer exists is removed too, so the table holds live sessions only; and the
back-channel logout tokens kept against replay (`SsoLogoutToken`) past the age any would be
accepted, which a logout also removes, but which a quiet spell with no logout left behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from itertools import islice
from typing import Any

from django.conf import settings
from django.utils import timezone

from onrecord.accounts.models import SsoSession
from onrecord.accounts.sso_logout import forget_old_logout_tokens

BATCH = 500


@dataclass(frozen=True)
class Cleared:
    sso_sessions_removed: int
    logout_tokens_removed: int


def _engine() -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore


def _batches(keys: Iterable[str]) -> Iterable[list[str]]:
    it = iter(keys)
    while batch := list(islice(it, BATCH)):
        yield batch


def _live(store_class: Any, keys: list[str]) -> set[str]:
    """Which of `keys` still name a session that has not expired."""
    model = getattr(store_class, "get_model_class", None)
    if model is not None:  # the database engines (db, cached_db): one query per batch
        return set(
            model()
            .objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
            .values_list("session_key", flat=True)
        )
    store = store_class()
    return {key for key in keys if store.exists(key)}  # cache, file, signed-cookie...


def forget_ended_sso_sessions() -> int:
    """Remove the `SsoSession` of every session that has ended or expired; how many."""
    store_class = _engine()
    removed = 0
    keys = SsoSession.objects.order_by("pk").values_list("session_key", flat=True).iterator()
    for batch in _batches(keys):
        ended = set(batch) - _live(store_class, batch)
        if ended:
            removed += SsoSession.objects.filter(session_key__in=ended).delete()[0]
    return removed


def clear_sessions() -> Cleared:
    """What `clearsessions` does (Django's expired sessions removed), and then the provider's
    session ids of every session that is gone."""
    # An engine that expires its own sessions (signed cookies) has nothing to clear.
    with contextlib.suppress(NotImplementedError):
        _engine().clear_expired()
    return Cleared(
        sso_sessions_removed=forget_ended_sso_sessions(),
        logout_tokens_removed=forget_old_logout_tokens(),
    )
