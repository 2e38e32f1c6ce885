"""The `onrecord` command. Each app registers its own subcommands in its `cli.py`; this package
holds only the project-wide ones (serve, demo-data, manage) and the order `--help` lists them in.

Handlers import what they use when they run, so commands that need no Django (`decide`,
`policies`, `verify-bundle`, `signing-key`) never load it; the others call
`onrecord.django_setup.setup_django()` first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from onrecord.accounts import cli as accounts_cli
from onrecord.api import cli as api_cli
from onrecord.audit import cli as audit_cli
from onrecord.commands import demo_data, manage, node_keys, serve
from onrecord.disclosure import cli as disclosure_cli
from onrecord.jobs import cli as jobs_cli
from onrecord.key_fingerprints import cli as keys_cli
from onrecord.policy import cli as policy_cli
from onrecord.recording_requests import cli as recording_requests_cli
from onrecord.retention import cli as retention_cli
from onrecord.speech import cli as speech_cli
from onrecord.transcripts import cli as transcripts_cli
from onrecord.vault import cli as vault_cli
from onrecord.webhooks import cli as webhooks_cli

# Each `register(sub)` adds its module's subcommands; `onrecord --help` lists them in this order.
REGISTERS: tuple[Callable[[Any], None], ...] = (
    serve.register,  # serve
    demo_data.register,  # demo-data
    audit_cli.register,  # verify-audit
    jobs_cli.register,  # worker, celery-worker
    recording_requests_cli.register,  # send-reminders
    disclosure_cli.register,  # export, verify-bundle, signing-key
    manage.register,  # manage
    policy_cli.register,  # decide, policies
    transcripts_cli.register,  # transcribe
    speech_cli.register,  # speech-models
    retention_cli.register,  # retention
    vault_cli.register,  # vault keys/add-key/rewrap/verify/sweep/redact/playback-copy
    accounts_cli.register,  # two-step-reset
    api_cli.register,  # api-client
    keys_cli.register,  # keys check/record
    webhooks_cli.register,  # webhooks rewrap-secrets
)

# Commands that run as a node of the installation: they refuse to start on keys that differ from
# the recorded ones, or that they would have to generate on a shared database (issue 15).
# `serve` checks inside, after its migrate step (commands/serve.py); the jobs commands call the
# check they are handed (jobs/cli.py, `keys_refused`).
KEYED_NODES = frozenset({"worker", "celery-worker"})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onrecord", description="Recording meetings about children, fairly and safely."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for register in REGISTERS:
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in KEYED_NODES:
        early = node_keys.refusal_before_django()  # before Django's settings could make a key
        if early:
            print(early, file=sys.stderr)
            return node_keys.KEYS_REFUSED
        # Called by the command once its own arguments and settings are checked, before it
        # starts work: the jobs package sits below the key check and is handed it.
        args.keys_refusal = node_keys.refusal
    result: int = args.func(args)
    return result
