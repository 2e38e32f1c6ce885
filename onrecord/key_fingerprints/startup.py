"""The start-up check (`onrecord serve`, `worker`, `celery-worker`) and the audited update of
the recorded fingerprints (`onrecord keys record`, for rotation). docs/DEPLOYMENT.md, "Keys"."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction

from onrecord.audit import services as audit
from onrecord.authority_key import load_signing_key
from onrecord.key_fingerprints.fingerprints import (
    VAULT_KEY_PREFIX,
    compare,
    node_fingerprints,
)
from onrecord.key_fingerprints.models import KeyFingerprint
from onrecord.secret_sources import KeyConfigError
from onrecord.vault.keys import load_keyring

log = logging.getLogger(__name__)


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def current_fingerprints() -> dict[str, str]:
    return node_fingerprints(
        settings.SECRET_KEY,
        load_keyring(settings.DATA_DIR),
        load_signing_key(settings.DATA_DIR),
    )


def _recorded() -> dict[str, str]:
    return dict(KeyFingerprint.objects.values_list("name", "fingerprint"))


def check_keys(*, record_if_first: bool = True) -> list[str]:
    """Sentences saying how this node's keys differ from the recorded ones; empty when they
    agree. The first node to start (no fingerprints recorded yet) records its own."""
    try:
        current = current_fingerprints()
    except KeyConfigError as exc:
        return [str(exc)]
    try:
        recorded = _recorded()
    except DatabaseError:
        return ["the database is not migrated yet: run `onrecord manage migrate` first"]
    if not recorded and record_if_first:
        now = dt.datetime.now(dt.UTC)
        try:
            with transaction.atomic():
                KeyFingerprint.objects.bulk_create(
                    KeyFingerprint(
                        name=name, fingerprint=value, recorded_at=now, recorded_by=node_name()
                    )
                    for name, value in sorted(current.items())
                )
        except IntegrityError:  # another node recorded first, at the same moment
            recorded = _recorded()
        else:
            log.info("recorded the fingerprints of %d keys (first node)", len(current))
            return []
    return [problem.message() for problem in compare(recorded, current)]


class RecordRefused(Exception):
    pass


@dataclass
class RecordResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def record_keys(*, replace: frozenset[str] = frozenset(), by: str) -> RecordResult:
    """Rotation: make the recorded fingerprints those of this node's keys, audited.

    New vault keys are added. A vault key no longer held is dropped only if no recording still
    names it. A changed secret key or signing key is accepted only when named in `replace`
    (`--replace ONRECORD_SECRET_KEY`): it is a new key for the whole installation."""
    from onrecord.vault.models import Recording
    from onrecord.webhooks.models import Subscriber

    current = current_fingerprints()
    result = RecordResult()
    with transaction.atomic():
        rows = {row.name: row for row in KeyFingerprint.objects.select_for_update()}
        for problem in compare({n: r.fingerprint for n, r in rows.items()}, current):
            name = problem.name
            if problem.kind == "unrecorded":
                result.added.append(name)
            elif problem.kind == "different":
                if name not in replace:
                    raise RecordRefused(
                        f"{name} differs from the recorded one: if the installation really has "
                        f"a new key, run again with --replace {name}"
                    )
                result.replaced.append(name)
            elif name.startswith(VAULT_KEY_PREFIX):
                key_id = name[len(VAULT_KEY_PREFIX) + 1 : -1]
                named_by = Recording.objects.filter(kek_id=key_id).count()
                if named_by:
                    raise RecordRefused(
                        f"{name} is missing on this node but {named_by} recording(s) are "
                        "wrapped by it: a key-encryption key is never dropped while a recording "
                        "names it (run `onrecord vault rewrap` on a node holding both keys first)"
                    )
                sealing = Subscriber.objects.filter(kek_id=key_id).count()
                if sealing:
                    raise RecordRefused(
                        f"{name} is missing on this node but {sealing} webhook subscriber "
                        "secret(s) are sealed by it (run `onrecord webhooks rewrap-secrets` on a "
                        "node holding both keys first)"
                    )
                result.removed.append(name)
            else:
                raise RecordRefused(f"{name} is missing on this node: supply it first")
        now = dt.datetime.now(dt.UTC)
        for name in result.added + result.replaced:
            KeyFingerprint.objects.update_or_create(
                name=name,
                defaults={"fingerprint": current[name], "recorded_at": now, "recorded_by": by},
            )
        KeyFingerprint.objects.filter(name__in=result.removed).delete()
        audit.record(
            "keys.recorded",
            object_type="key_fingerprints",
            object_id="installation",
            detail={
                "added": result.added,
                "replaced": result.replaced,
                "removed": result.removed,
                "by": by,
            },
        )
    return result
