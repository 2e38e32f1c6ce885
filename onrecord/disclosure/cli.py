"""`onrecord export`, `onrecord verify-bundle` and `onrecord signing-key`: court disclosure
bundles from the command line. Only `export` needs Django; a court verifies a bundle offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    export = sub.add_parser(
        "export", help="build a signed court disclosure bundle (zip) for one recording"
    )
    export.add_argument("recording_id", metavar="RECORDING_ID")
    export.add_argument("--out", required=True, metavar="BUNDLE.zip")
    export.add_argument("--reason", default="", help="why it is disclosed (audited)")
    export.add_argument(
        "--by", required=True, metavar="USERNAME", help="your OnRecord account (audited)"
    )
    export.set_defaults(func=export_command)

    verify_bundle = sub.add_parser(
        "verify-bundle", help="check a court bundle offline; exit 1 naming what fails"
    )
    verify_bundle.add_argument("bundle", metavar="BUNDLE.zip")
    verify_bundle.add_argument(
        "--public-key", metavar="FILE", help="the council's published public key (PEM)"
    )
    verify_bundle.set_defaults(func=verify_bundle_command)

    signing = sub.add_parser(
        "signing-key", help="print the authority's public key for court bundles, to publish"
    )
    signing.set_defaults(func=signing_key_command)


def export_command(args: argparse.Namespace) -> int:
    """A court disclosure bundle for one recording, audited with who ran it and why."""
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import acting_as
    from onrecord.disclosure.bundle import ExportError, export_bundle
    from onrecord.vault.command_support import Refused, acting_on_recording
    from onrecord.vault.permissions import can_export

    try:
        acting = acting_on_recording(
            args.recording_id,
            args.by,
            may=can_export,
            no_account=f"No active account {args.by!r} (--by names who is exporting).",
            refusal=f"{args.by} may not export this recording: only staff allocated to the "
            "case may.",
            related="meeting__case__authority",
        )
    except Refused as refused:
        return refused.report()
    try:
        with acting_as(acting.actor):
            result = export_bundle(acting.recording, out=Path(args.out), reason=args.reason)
    except ExportError as exc:
        print(f"Export failed: {exc}", file=sys.stderr)
        return 1
    print(f"Bundle written to {result.path} ({len(result.files)} files)")
    print(f"manifest SHA-256: {result.manifest_sha256}")
    return 0


def verify_bundle_command(args: argparse.Namespace) -> int:
    """Offline: no Django, no database."""
    from onrecord.disclosure.verify import verify_bundle

    pem = Path(args.public_key).read_bytes() if args.public_key else None
    try:
        report = verify_bundle(Path(args.bundle), pem)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print(f"{args.bundle}: verified")
        return 0
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(f"{args.bundle}: NOT verified ({len(report.problems)} problems)", file=sys.stderr)
    return 1


def signing_key_command(args: argparse.Namespace) -> int:
    """The authority's public signing key, to publish; no Django needed."""
    from onrecord.authority_key import fingerprint, load_signing_key, public_pem
    from onrecord.config import data_dir

    key = load_signing_key(data_dir()).public_key()
    sys.stdout.write(public_pem(key).decode("ascii"))
    print(f"fingerprint (SHA-256): {fingerprint(key)}")
    return 0
