"""The step the recording commands share (`export`, `transcribe`, `retention`, `vault redact` and
`vault playback-copy`): find the recording, check the `--by` account and what it may do, and build
the audit actor, which names the operating-system user who ran the command."""

from __future__ import annotations

import getpass
import os
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from onrecord.accounts.models import User
from onrecord.audit.context import Actor
from onrecord.cases import scoping
from onrecord.vault.models import Recording


class Refused(Exception):
    """The command cannot go on: a plain message for standard error and the exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def report(self) -> int:
        print(self.message, file=sys.stderr)
        return self.status


@dataclass(frozen=True)
class Acting:
    """Who runs a command on which recording, and the actor its audit entries name."""

    recording: Recording
    user: User
    actor: Actor


def find_recording(recording_id: str, related: str = "meeting__case") -> Recording | None:
    """The recording with this id, or None when there is none or the id is not a UUID."""
    try:
        return Recording.objects.select_related(related).get(pk=uuid.UUID(recording_id))
    except (ValueError, Recording.DoesNotExist):
        return None


def active_user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def cli_actor(user: User) -> Actor:
    """The account, and `cli:<os user>` where a web request would have its address."""
    try:
        os_user = getpass.getuser()
    except OSError:
        os_user = str(os.getuid())
    return Actor(user.pk, user.username, user.role, f"cli:{os_user}"[:45])


def acting_on_recording(
    recording_id: str,
    username: str,
    *,
    may: Callable[[User, Recording], bool],
    refusal: str,
    no_account: str | None = None,
    status: int = 1,
    related: str = "meeting__case",
) -> Acting:
    """Find the recording, then the active account, then the wall between authorities (a
    recording of another authority is refused before `may` is asked), then check `may`; raise
    `Refused` with "No recording …", `no_account` (`refusal` when None, not to reveal which) or
    `refusal`."""
    recording = find_recording(recording_id, related)
    if recording is None:
        raise Refused(f"No recording {recording_id}.", status)
    user = active_user(username)
    if user is None:
        raise Refused(refusal if no_account is None else no_account, status)
    if not scoping.within(user, recording):
        # Another authority's recording: refused whatever `may` would say (cases/scoping.py).
        raise Refused(refusal, status)
    if not may(user, recording):
        raise Refused(refusal, status)
    return Acting(recording, user, cli_actor(user))
