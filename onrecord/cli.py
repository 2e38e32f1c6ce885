"""The `onrecord` command. Policy commands run without Django; the others set it up first."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

from onrecord.policy import cli as policy_cli
from onrecord.transcripts import cli as transcripts_cli
from onrecord.vault import retention_cli, vault_cli


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onrecord.settings")
    import django

    django.setup()


def _print_passwords(passwords: dict[str, str]) -> None:
    from onrecord.demo import DEMO_USERS

    roles = {username: role.label for username, _, _, role in DEMO_USERS}
    print("\nDemo accounts (shown once; stored only as hashes):")
    for username, password in passwords.items():
        print(f"  {roles.get(username, ''):<40} {username:<16} {password}")
    print("Lost them? Run: onrecord demo-data --reset-passwords\n")


def _cmd_demo_data(args: argparse.Namespace) -> int:
    _setup_django()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.demo import load_demo, reset_demo_passwords

    with acting_as(Actor(None, "onrecord demo-data", "")):
        if args.reset_passwords:
            passwords = reset_demo_passwords()
            if not passwords:
                print("There are no demo accounts to reset. Run: onrecord demo-data")
                return 1
            _print_passwords(passwords)
            return 0
        result = load_demo()
    if result.created:
        print(f"Demo data loaded: case {result.case}.")
        _print_passwords(result.passwords)
    else:
        print("Demo data is already loaded (passwords were shown when it was created).")
        print("To issue new demo passwords: onrecord demo-data --reset-passwords")
    return 0


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    _setup_django()
    from onrecord.audit.services import verify

    report = verify()
    print(report.describe(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def _cmd_send_reminders(args: argparse.Namespace) -> int:
    _setup_django()
    from onrecord.audit.context import Actor, acting_as
    from onrecord.recording_requests.services import send_reminders

    with acting_as(Actor(None, "onrecord send-reminders", "")):
        sent = send_reminders()
    print(f"{sent} reminder{'s' if sent != 1 else ''} sent")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        _cmd_demo_data(argparse.Namespace(reset_passwords=False))
    bind = f"{args.host}:{args.port}"
    gunicorn = [
        sys.executable, "-m", "gunicorn", "onrecord.wsgi:application",
        "--bind", bind,
        "--workers", str(args.workers),
        "--access-logfile", "-",
        "--forwarded-allow-ips", "",
    ]  # fmt: skip
    server = subprocess.Popen(gunicorn)  # noqa: S603  (fixed argv, no shell)
    print(f"OnRecord is running on http://{bind}/  (press Ctrl+C to stop)", flush=True)
    return _run_beside(server)


def _run_beside(server: subprocess.Popen[bytes]) -> int:
    """Run the job worker in this process until the web server stops or we are told to stop."""
    import signal
    import threading

    from onrecord.jobs.worker import run_worker

    stop = threading.Event()

    def shut_down(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, shut_down)
    signal.signal(signal.SIGINT, shut_down)
    worker = threading.Thread(target=run_worker, args=(stop,), name="onrecord-worker")
    worker.start()
    while not stop.is_set() and server.poll() is None:
        stop.wait(1)
    stop.set()
    if server.poll() is None:
        server.terminate()
    worker.join(timeout=30)
    return server.wait()


def _cmd_worker(args: argparse.Namespace) -> int:
    _setup_django()
    import signal
    import threading

    from onrecord.jobs.worker import run_worker

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    signal.signal(signal.SIGINT, lambda signum, frame: stop.set())
    run_worker(stop, periodic=not args.no_periodic)
    return 0


def _cmd_celery_worker(args: argparse.Namespace) -> int:
    """A Celery worker for the job queue (docs/JOBS.md); needs ONRECORD_JOBS_BROKER."""
    _setup_django()
    from django.conf import settings

    if not settings.ONRECORD_JOBS_BROKER:
        print(
            "ONRECORD_JOBS_BROKER is not set. Set it to a redis:// or amqp:// URL to run Celery "
            "workers, or run `onrecord worker` for the embedded worker.",
            file=sys.stderr,
        )
        return 2
    from onrecord.jobs import celery_app

    celery_app.periodic = not args.no_periodic
    argv = [
        "worker",
        f"--loglevel={args.loglevel}",
        f"--pool={args.pool}",
        f"--hostname={args.name}",
        "--without-gossip",
        "--without-mingle",
    ]
    if args.concurrency:
        argv.append(f"--concurrency={args.concurrency}")
    celery_app.app.worker_main(argv)  # runs until the worker is stopped, then exits the process


def _cmd_export(args: argparse.Namespace) -> int:
    """A court disclosure bundle for one recording, audited with who ran it and why."""
    import getpass
    import uuid
    from pathlib import Path

    _setup_django()
    from onrecord.accounts.models import User
    from onrecord.audit.context import Actor, acting_as
    from onrecord.disclosure.bundle import ExportError, export_bundle
    from onrecord.vault.models import Recording
    from onrecord.vault.permissions import can_export

    try:
        recording = Recording.objects.select_related("meeting__case__authority").get(
            pk=uuid.UUID(args.recording_id)
        )
    except (ValueError, Recording.DoesNotExist):
        print(f"No recording {args.recording_id}.", file=sys.stderr)
        return 1
    user = User.objects.filter(username=args.by, is_active=True).first()
    if user is None:
        print(f"No active account {args.by!r} (--by names who is exporting).", file=sys.stderr)
        return 1
    if not can_export(user, recording):
        print(
            f"{args.by} may not export this recording: only staff allocated to the case may.",
            file=sys.stderr,
        )
        return 1
    try:
        os_user = getpass.getuser()
    except OSError:
        os_user = str(os.getuid())
    actor = Actor(user.pk, user.username, user.role, f"cli:{os_user}"[:45])
    try:
        with acting_as(actor):
            result = export_bundle(recording, out=Path(args.out), reason=args.reason)
    except ExportError as exc:
        print(f"Export failed: {exc}", file=sys.stderr)
        return 1
    print(f"Bundle written to {result.path} ({len(result.files)} files)")
    print(f"manifest SHA-256: {result.manifest_sha256}")
    return 0


def _cmd_verify_bundle(args: argparse.Namespace) -> int:
    """Offline: no Django, no database."""
    from pathlib import Path

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


def _cmd_signing_key(args: argparse.Namespace) -> int:
    """The authority's public signing key, to publish; no Django needed."""
    from onrecord.config import data_dir
    from onrecord.disclosure.signing import fingerprint, load_signing_key, public_pem

    key = load_signing_key(data_dir()).public_key()
    sys.stdout.write(public_pem(key).decode("ascii"))
    print(f"fingerprint (SHA-256): {fingerprint(key)}")
    return 0


def _cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["onrecord manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="onrecord", description="Recording meetings about children, fairly and safely."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="migrate, load demo data and serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    serve.set_defaults(func=_cmd_serve)

    demo = sub.add_parser("demo-data", help="load the fictional demo authority and case")
    demo.add_argument(
        "--reset-passwords", action="store_true", help="issue new demo passwords and print them"
    )
    demo.set_defaults(func=_cmd_demo_data)

    verify = sub.add_parser(
        "verify-audit", help="recompute the audit trail's hash chain; exit 1 if broken"
    )
    verify.set_defaults(func=_cmd_verify_audit)

    worker = sub.add_parser("worker", help="run background jobs (transcription, reminders)")
    worker.add_argument(
        "--no-periodic", action="store_true", help="do not queue the hourly reminder run"
    )
    worker.set_defaults(func=_cmd_worker)

    celery_worker = sub.add_parser(
        "celery-worker", help="run background jobs as a Celery worker (ONRECORD_JOBS_BROKER)"
    )
    celery_worker.add_argument(
        "--concurrency", type=int, default=0, help="jobs at once (default: one per CPU)"
    )
    celery_worker.add_argument(
        "--pool", choices=["prefork", "solo", "threads"], default="prefork", help="default prefork"
    )
    celery_worker.add_argument(
        "--name", default="onrecord@%h", help="unique per broker, e.g. onrecord2@%%h (%%h: host)"
    )
    celery_worker.add_argument(
        "--loglevel", choices=["DEBUG", "INFO", "WARNING", "ERROR"], default="INFO"
    )
    celery_worker.add_argument(
        "--no-periodic", action="store_true", help="do not queue the periodic jobs from here"
    )
    celery_worker.set_defaults(func=_cmd_celery_worker)

    reminders = sub.add_parser(
        "send-reminders",
        help="remind people whose view on a request is missing 24 hours before the meeting",
    )
    reminders.set_defaults(func=_cmd_send_reminders)

    export = sub.add_parser(
        "export", help="build a signed court disclosure bundle (zip) for one recording"
    )
    export.add_argument("recording_id", metavar="RECORDING_ID")
    export.add_argument("--out", required=True, metavar="BUNDLE.zip")
    export.add_argument("--reason", default="", help="why it is disclosed (audited)")
    export.add_argument(
        "--by", required=True, metavar="USERNAME", help="your OnRecord account (audited)"
    )
    export.set_defaults(func=_cmd_export)

    verify_bundle = sub.add_parser(
        "verify-bundle", help="check a court bundle offline; exit 1 naming what fails"
    )
    verify_bundle.add_argument("bundle", metavar="BUNDLE.zip")
    verify_bundle.add_argument(
        "--public-key", metavar="FILE", help="the council's published public key (PEM)"
    )
    verify_bundle.set_defaults(func=_cmd_verify_bundle)

    signing = sub.add_parser(
        "signing-key", help="print the authority's public key for court bundles, to publish"
    )
    signing.set_defaults(func=_cmd_signing_key)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_cmd_manage)

    policy_cli.register(sub)
    transcripts_cli.register(sub)
    retention_cli.register(sub)
    vault_cli.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result
