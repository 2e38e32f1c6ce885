"""`onrecord send-reminders`: remind people whose view on a request is still missing 24 hours
before the meeting (the worker also runs this every hour). `onrecord replay-policy`: the policy
owner's what-if, every stored decision of an authority re-decided under a draft profile."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    reminders = sub.add_parser(
        "send-reminders",
        help="remind people whose view on a request is missing 24 hours before the meeting",
    )
    reminders.set_defaults(func=send_reminders_command)
    replay = sub.add_parser(
        "replay-policy",
        help="re-decide an authority's stored decisions under a draft profile, listing changes",
        description="Exits 0 when no decision would change, 1 when some would, 2 on bad input.",
    )
    replay.add_argument("draft", type=Path, help="the draft profile file (<name>/<version>.yaml)")
    replay.add_argument("--authority", required=True, help="the authority's slug")
    replay.set_defaults(func=replay_policy_command)


def send_reminders_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.recording_requests.services import send_reminders

    with acting_as(Actor(None, "onrecord send-reminders", "")):
        sent = send_reminders()
    print(f"{sent} reminder{'s' if sent != 1 else ''} sent")
    return 0


def replay_policy_command(args: argparse.Namespace) -> int:
    from onrecord import policy
    from onrecord.policy.profiles import load_file

    try:
        draft = load_file(args.draft)
    except policy.ProfileError as exc:
        print(f"onrecord: {exc}", file=sys.stderr)
        return 2
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.cases.models import Authority
    from onrecord.recording_requests.policy_replay import replay

    if not Authority.objects.filter(slug=args.authority).exists():
        print(f"onrecord: --authority: no authority {args.authority!r}", file=sys.stderr)
        return 2
    with acting_as(Actor(None, "onrecord replay-policy", "")):
        total, changed = replay(args.authority, draft)
    print(
        f"{total} decision{'s' if total != 1 else ''} of {args.authority} replayed under "
        f"{draft.name} {draft.version}: {len(changed)} would change"
    )
    for r in changed:
        print(
            f"\n{r.case_reference}, {r.meeting}, decided {r.decided_at:%Y-%m-%d} ({r.decision_id})"
        )
        for line in r.changes:
            print(f"  {line}")
    return 1 if changed else 0
