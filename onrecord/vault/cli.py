"""`onrecord vault`: the vault's upkeep from the command line (docs/VAULT.md, "Keys and upkeep").

    onrecord vault keys              # the key-encryption keys, and how many recordings each wraps
    onrecord vault add-key           # rotation step one (key file only): a new active KEK
    onrecord vault rewrap            # rotation step two: re-wrap data keys under the active KEK
    onrecord vault verify [ID ...]   # decrypt and check SHA-256 of every (or the named) recording
    onrecord vault sweep             # remove what crashed uploads left behind
    onrecord vault redact ID --silence "1:30-2:10 a neighbour's name" --reason SAR-114 --by USER
    onrecord vault playback-copy ID --by USER
    onrecord vault provenance ID --by USER [--compare]   # a family's recording: its provenance

Each exits 0 when all is well and 1 when something needs a person, so a scheduler can alert.
Verification is audited per recording (`vault.verify`), like every other read of the audio.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("vault", help="key rotation, integrity checks and tidying the vault")
    actions = parser.add_subparsers(dest="vault_action", required=True, metavar="ACTION")
    actions.add_parser("keys", help="list key-encryption keys and what each wraps")
    actions.add_parser("add-key", help="add a new active key-encryption key to the key file")
    actions.add_parser("rewrap", help="re-wrap data keys under the active key-encryption key")
    verify = actions.add_parser("verify", help="decrypt and check the SHA-256 of recordings")
    verify.add_argument("recording_ids", nargs="*", metavar="ID", help="default: every recording")
    sweep = actions.add_parser(
        "sweep",
        help="remove temporaries, orphans and upload spool leftovers of crashed uploads",
    )
    sweep.add_argument(
        "--older-than",
        type=float,
        default=None,
        metavar="SECONDS",
        help="only files at least this old (default: one hour, so uploads in progress are safe)",
    )
    redact = actions.add_parser(
        "redact", help="make a redacted copy (parts silenced) that names its original"
    )
    redact.add_argument("recording_id", metavar="ID")
    redact.add_argument(
        "--silence",
        action="append",
        required=True,
        metavar="'START-END WHY'",
        help="a part to silence, e.g. '1:30-2:10 a neighbour's name' (repeat for more)",
    )
    redact.add_argument("--reason", required=True, help="why the copy is made, e.g. SAR-2025-114")
    redact.add_argument("--by", required=True, metavar="USERNAME", help="who asks (audited)")
    playback = actions.add_parser("playback-copy", help="make a small Opus copy for listening")
    playback.add_argument("recording_id", metavar="ID")
    playback.add_argument("--by", required=True, metavar="USERNAME", help="who asks (audited)")
    provenance = actions.add_parser(
        "provenance",
        help="a family's recording: who gave it, how it was obtained, and where it sits on the "
        "meeting's timeline",
    )
    provenance.add_argument("recording_id", metavar="ID")
    provenance.add_argument("--by", required=True, metavar="USERNAME", help="who asks (audited)")
    provenance.add_argument(
        "--compare",
        action="store_true",
        help="compare it with the council's recording now (a new report) before printing",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import Actor, acting_as

    if args.vault_action in {"redact", "playback-copy"}:
        return _derive(args)
    if args.vault_action == "provenance":
        return _provenance(args)
    with acting_as(Actor(None, f"onrecord vault {args.vault_action}", "")):
        action = {
            "keys": _keys,
            "add-key": _add_key,
            "rewrap": _rewrap,
            "verify": _verify,
            "sweep": _sweep,
        }[args.vault_action]
        return action(args)


def _derive(args: argparse.Namespace) -> int:
    """A derived copy, made as the named account (who must be allowed to export it)."""
    from onrecord.audit.context import acting_as
    from onrecord.vault.command_support import Refused, acting_on_recording
    from onrecord.vault.copies.derive import DerivationError, make_playback_copy, make_redacted_copy
    from onrecord.vault.copies.spans import SpanError, parse_spans
    from onrecord.vault.permissions import can_export

    try:
        acting = acting_on_recording(
            args.recording_id,
            args.by,
            may=can_export,
            refusal=f"{args.by} may not make copies of this recording: only staff allocated to "
            "the case may.",
        )
    except Refused as refused:
        return refused.report()
    recording = acting.recording
    try:
        with acting_as(acting.actor):
            if args.vault_action == "redact":
                spans = parse_spans(args.silence, recording.duration_seconds)
                copy = make_redacted_copy(
                    recording, spans=spans, reason=args.reason, by=acting.user
                )
            else:
                copy = make_playback_copy(recording, by=acting.user)
    except (SpanError, DerivationError) as failure:
        print(f"No copy made: {failure}", file=sys.stderr)
        return 1
    print(f"{copy.get_kind_display()} {copy.pk} made from {recording.pk}.")
    print(f"SHA-256 of the copy: {copy.sha256}")
    return 0


def _provenance(args: argparse.Namespace) -> int:
    """The provenance report of a family's recording (provenance.txt of its court bundle), as
    the named account, who must be allowed to make a bundle of it; audited."""
    from django.db import transaction

    from onrecord.audit import services as audit
    from onrecord.audit.context import acting_as
    from onrecord.vault.command_support import Refused, acting_on_recording
    from onrecord.vault.models import Recording
    from onrecord.vault.permissions import can_export
    from onrecord.vault.provenance.bundle import receipt_data, report_data
    from onrecord.vault.provenance.report_text import report_text
    from onrecord.vault.provenance.services import align_recording, latest_report, receipt_of

    try:
        acting = acting_on_recording(
            args.recording_id,
            args.by,
            may=can_export,
            refusal=f"{args.by} may not see this recording's provenance: only staff allocated "
            "to the case may.",
        )
    except Refused as refused:
        return refused.report()
    recording = acting.recording
    receipt = receipt_of(recording)
    if recording.kind != Recording.Kind.PARENT_COPY or receipt is None:
        print(
            f"Recording {recording.pk} was not brought by a family, or was received before "
            "receipts were kept: it has no provenance report.",
            file=sys.stderr,
        )
        return 1
    with acting_as(acting.actor):
        if args.compare:
            align_recording(recording, requested_by=acting.user)
        report = latest_report(recording)
        with transaction.atomic():
            audit.record("view", recording, detail={"page": "provenance", "via": "cli"})
    print(report_text(receipt_data(receipt), report_data(report) if report else None), end="")
    return 0


def _keys(args: argparse.Namespace) -> int:
    from django.db.models import Count

    from onrecord.vault.ingest import default_keyring
    from onrecord.vault.models import Recording

    ring = default_keyring()
    counts = dict(
        Recording.objects.filter(disposed_at__isnull=True)
        .values_list("kek_id")
        .annotate(n=Count("pk"))
        .values_list("kek_id", "n")
    )
    print(f"Keys from {ring.source or 'the key ring'}:")
    for key_id in ring.keys:
        active = " (active: wraps new recordings)" if key_id == ring.active_id else ""
        print(f"  {key_id}{active}: wraps {counts.pop(key_id, 0)} recordings")
    for key_id, count in sorted(counts.items()):
        print(f"  {key_id}: MISSING from the key ring, wraps {count} recordings", file=sys.stderr)
    if counts:
        print("Recordings under a missing key cannot be played: restore that key.", file=sys.stderr)
        return 1
    return 0


def _add_key(args: argparse.Namespace) -> int:
    from django.conf import settings

    from onrecord.secret_files import KeyConfigError
    from onrecord.secret_sources import configured_secret
    from onrecord.vault.keys import ENV_KEYS, add_key_to_file

    if configured_secret(ENV_KEYS):
        print(
            f"The keys come from {ENV_KEYS}: add the new 'id:key' at its end in the secret store, "
            "then run: onrecord vault rewrap, and onrecord webhooks rewrap-secrets",
            file=sys.stderr,
        )
        return 1
    try:
        key_id = add_key_to_file(settings.DATA_DIR)
    except KeyConfigError as exc:
        print(f"No key added: {exc}", file=sys.stderr)
        return 1
    print(f"Added key {key_id}; it wraps new recordings from now on.")
    print(
        "Back up the key file now, then run: onrecord vault rewrap, "
        "and onrecord webhooks rewrap-secrets"
    )
    return 0


def _rewrap(args: argparse.Namespace) -> int:
    from onrecord.vault.services import rewrap_all

    count = rewrap_all()
    print(f"{count} recording{'s' if count != 1 else ''} re-wrapped under the active key.")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from onrecord.vault.models import Recording
    from onrecord.vault.services import verify_recording

    recordings = Recording.objects.filter(disposed_at__isnull=True).order_by("created_at")
    if args.recording_ids:
        try:
            wanted = [uuid.UUID(value) for value in args.recording_ids]
        except ValueError:
            print("Recording ids are UUIDs, e.g. 3f2b…-…", file=sys.stderr)
            return 2
        recordings = recordings.filter(pk__in=wanted)
        missing = set(wanted) - set(recordings.values_list("pk", flat=True))
        if missing:
            print(f"No such recording: {', '.join(sorted(map(str, missing)))}", file=sys.stderr)
            return 1
    checked = failed = 0
    for recording in recordings.iterator(chunk_size=100):
        result = verify_recording(recording)
        checked += 1
        if not result.ok:
            failed += 1
            print(f"FAILED {recording.pk}: {result.problem}", file=sys.stderr)
    print(f"{checked} recording{'s' if checked != 1 else ''} checked, {failed} failed.")
    return 1 if failed else 0


def _sweep(args: argparse.Namespace) -> int:
    from onrecord.vault.ingest import ORPHAN_GRACE_SECONDS
    from onrecord.vault.services import sweep

    older = ORPHAN_GRACE_SECONDS if args.older_than is None else args.older_than
    if older < 0:
        print("--older-than must not be negative", file=sys.stderr)
        return 2
    report = sweep(older_than_seconds=older)
    print(
        f"{report.temporaries_removed} temporary file(s), "
        f"{len(report.orphans_removed)} orphan blob(s) and "
        f"{len(report.spool_removed)} upload spool file(s) removed."
    )
    for name in report.orphans_removed:
        print(f"  orphan removed: {name}")
    for name in report.spool_removed:
        print(f"  upload spool file removed: {name}")
    for name in report.bundles_removed:
        print(f"  unsent court bundle removed: {name}")
    for name in report.live_spools_moved:
        print(f"  live recording spool moved into the database: {name}")
    return 0
