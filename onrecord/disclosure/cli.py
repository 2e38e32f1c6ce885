"""`onrecord export`, `onrecord verify-bundle`, `onrecord signing-key` and `onrecord verifier`:
court disclosure bundles from the command line. Only `export` needs Django; a court verifies a
bundle offline against the key set the authority publishes (docs/VAULT.md, "Court bundles")."""

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

    from onrecord.disclosure.verify import add_arguments

    verify_bundle = sub.add_parser(
        "verify-bundle",
        help="check a court bundle offline against the authority's published keys; exit 0 "
        "verified, 1 broken, 2 key-file error, 3 content intact but signer unknown",
        description="Check a court bundle offline. Trusted keys: the files given with "
        "--trusted-keys, else this installation's configured key set (signing_keys.pub and the "
        "current key); never the key a bundle carries. Exit 0 verified, 1 broken (each problem "
        "listed), 2 key-file error, 3 content intact but signer unknown.",
    )
    add_arguments(verify_bundle)
    verify_bundle.set_defaults(func=verify_bundle_command)

    signing = sub.add_parser(
        "signing-key",
        help="print the authority's published signing keys for court bundles (to publish); "
        "--rotate makes a new key and retires the current one",
    )
    signing.add_argument(
        "--rotate",
        action="store_true",
        help="make a new signing key; the current one is retired now and stays published",
    )
    signing.set_defaults(func=signing_key_command)

    verifier = sub.add_parser(
        "verifier",
        help="write the offline bundle verifier as one file a court can run with Python and "
        "the cryptography package",
    )
    verifier.add_argument("--out", required=True, metavar="FILE.pyz")
    verifier.set_defaults(func=verifier_command)


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
    """Offline: no Django, no database. Without --trusted-keys, this installation's configured
    key set (onrecord/authority_key.py `configured_key_set`); never the bundle's own key."""
    from onrecord.disclosure.verify import run

    return run(args.bundle, args.public_keys, configured=True)


def signing_key_command(args: argparse.Namespace) -> int:
    """The authority's published key set (what a court passes to --trusted-keys); no Django."""
    from onrecord.authority_key import (
        format_key_set,
        public_keys_path,
        published_key_set,
        rotate_signing_key,
    )
    from onrecord.config import data_dir
    from onrecord.secret_files import KeyConfigError

    directory = data_dir()
    try:
        if args.rotate:
            old, new, keys = rotate_signing_key(directory)
            print(
                f"Retired {old.key_id} ({old.period()}); new signing key {new.key_id}.\n"
                f"The published key set is in {public_keys_path(directory)}: publish it again "
                "(it is printed below) and keep every earlier copy's keys in it.",
                file=sys.stderr,
            )
        else:
            keys = published_key_set(directory)
    except KeyConfigError as exc:
        print(f"signing key: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(format_key_set(keys))
    return 0


def verifier_command(args: argparse.Namespace) -> int:
    """The one-file offline verifier (disclosure/standalone.py); no Django needed."""
    from onrecord.disclosure.standalone import VerifierBuildError, sha256_of, write_verifier

    out = Path(args.out)
    try:
        modules = write_verifier(out)
    except (VerifierBuildError, OSError) as exc:
        print(f"verifier: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out} ({len(modules)} modules), SHA-256 {sha256_of(out)}.")
    print(
        "Run it with Python 3.11+ and the cryptography package: "
        f"python3 {out.name} BUNDLE.zip --trusted-keys KEYS.txt"
    )
    return 0
