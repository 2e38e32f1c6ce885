"""The `onrecord` command. Each app registers its own subcommands in its `cli.py`; this package
holds only the project-wide ones (serve, demo-data, manage) and the order `--help` lists them in.

Handlers import what they use when they run, so commands that need no Django (`decide`,
`policies`, `verify-bundle`, `signing-key`) never load it; the others call
`onrecord.django_setup.setup_django()` first.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from onrecord.accounts import cli as accounts_cli
from onrecord.api import cli as api_cli
from onrecord.audit import cli as audit_cli
from onrecord.commands import demo_data, manage, serve
from onrecord.disclosure import cli as disclosure_cli
from onrecord.jobs import cli as jobs_cli
from onrecord.policy import cli as policy_cli
from onrecord.recording_requests import cli as recording_requests_cli
from onrecord.retention import cli as retention_cli
from onrecord.transcripts import cli as transcripts_cli
from onrecord.vault import cli as vault_cli

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
    retention_cli.register,  # retention
    vault_cli.register,  # vault keys/add-key/rewrap/verify/sweep/redact/playback-copy
    accounts_cli.register,  # two-step-reset
    api_cli.register,  # api-client
)


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
    result: int = args.func(args)
    return result
