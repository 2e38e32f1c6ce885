"""`onrecord serve`: migrate, load the demo data, then run gunicorn with the job worker beside it
in this process."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

from onrecord.commands.demo_data import demo_data_command


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="migrate, load demo data and serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    serve.set_defaults(func=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from onrecord.vault.services import tidy_at_start  # no upload leftover survives a restart

    tidied = tidy_at_start()
    for name in [*tidied.spool_removed, *tidied.bundles_removed]:
        print(f"Removed a leftover of a crashed upload or export: {name}", flush=True)
    if not args.no_demo:
        demo_data_command(argparse.Namespace(reset_passwords=False))
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
