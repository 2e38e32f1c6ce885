"""`onrecord keys`: are this node's keys the installation's, and rotation (docs/DEPLOYMENT.md).

onrecord keys check                                # exit 0 if they agree, 1 (and why) if not
onrecord keys record [--replace ONRECORD_SECRET_KEY] --by NAME   # audited, after rotation
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser("keys", help="check this node's keys, record them after rotation")
    actions = parser.add_subparsers(dest="keys_action", required=True, metavar="ACTION")
    actions.add_parser("check", help="compare this node's keys with the recorded fingerprints")
    record = actions.add_parser(
        "record", help="record this node's keys as the installation's (after rotation; audited)"
    )
    record.add_argument(
        "--replace",
        action="append",
        default=[],
        choices=["ONRECORD_SECRET_KEY", "ONRECORD_SIGNING_KEY"],
        help="accept a changed key of this name (repeat for both)",
    )
    record.add_argument("--by", required=True, help="who rotates the keys (audited)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from onrecord.key_fingerprints.supply import refusal_before_django, refusal_text

    early = refusal_before_django()
    if early:
        print(refusal_text(early), file=sys.stderr)
        return 1
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.key_fingerprints.startup import RecordRefused, check_keys, record_keys

    if args.keys_action == "check":
        problems = check_keys(record_if_first=False)
        if problems:
            print(refusal_text(problems), file=sys.stderr)
            return 1
        print("This node's keys agree with the installation's.")
        return 0
    with acting_as(Actor(None, f"onrecord keys record (by {args.by})", "")):
        try:
            result = record_keys(replace=frozenset(args.replace), by=args.by)
        except RecordRefused as refused:
            print(f"Nothing recorded: {refused}", file=sys.stderr)
            return 1
    for label, names in (
        ("added", result.added),
        ("replaced", result.replaced),
        ("removed", result.removed),
    ):
        for name in names:
            print(f"  {label}: {name}")
    if not (result.added or result.replaced or result.removed):
        print("The recorded fingerprints already match this node's keys.")
    else:
        print("Recorded (audited). Give every node the same keys, then restart them.")
    return 0
