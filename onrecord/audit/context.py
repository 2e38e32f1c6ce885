"""Who is acting and from where, for the audit trail, without passing a request everywhere.

Set per request by AuditContextMiddleware, and by the CLI for command-line work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: str
    ip_address: str = ""


SYSTEM = Actor(user_id=None, username="system", role="")

_current: ContextVar[Actor] = ContextVar("onrecord_audit_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
