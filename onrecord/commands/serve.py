"""`onrecord serve`: migrate, load the demo data, then run gunicorn with the job worker beside it
in this process.

The listening socket is bound here, first, and handed to gunicorn (`--bind fd://N`): a port
that is taken (or an address that cannot be bound) ends the command at once with exit status 1
and one line saying so, before anything is set up and never after saying "running". The access
log redacts secrets in URLs (gunicorn_logging.py).
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from onrecord.commands import node_keys
from onrecord.commands.demo_data import demo_data_command


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="migrate, load demo data and serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    serve.set_defaults(func=serve_command)


CANNOT_BIND = 1


class CannotBind(Exception):
    pass


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port, or CannotBind saying why in words."""
    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError, OverflowError) as exc:
        raise CannotBind(f"cannot serve on {where}: the address is not known ({exc})") from None
    listener = socket.socket(family, kind, proto)
    try:
        # As gunicorn does: a restart may reuse a port in TIME_WAIT, never one in use.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(2048)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            reason = (
                "the port is already in use (is OnRecord or another server running there?); "
                "stop it or choose another --port"
            )
        elif exc.errno == errno.EACCES:
            reason = "permission denied (ports below 1024 need privileges); choose another --port"
        else:
            reason = exc.strerror or str(exc)
        raise CannotBind(f"cannot serve on {where}: {reason}") from None
    return listener


def serve_command(args: argparse.Namespace) -> int:
    try:
        listener = bind_listener(args.host, args.port)
    except CannotBind as exc:
        print(f"onrecord: {exc}", file=sys.stderr)
        return CANNOT_BIND
    with listener:
        return _serve(args, listener)


def _serve(args: argparse.Namespace, listener: socket.socket) -> int:
    refused = node_keys.refusal_before_django()  # before Django's settings could make a key
    if refused:
        print(refused, file=sys.stderr)
        return node_keys.KEYS_REFUSED
    from onrecord.django_setup import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    refused = node_keys.refusal()  # the first node records its keys; others must agree
    if refused:
        print(refused, file=sys.stderr)
        return node_keys.KEYS_REFUSED
    call_command("collectstatic", interactive=False, verbosity=0)
    from onrecord.vault.services import tidy_at_start  # no upload leftover survives a restart

    tidied = tidy_at_start()
    if tidied.temporaries_removed:
        print(f"Removed {tidied.temporaries_removed} leftover temporary file(s).", flush=True)
    for name in [*tidied.spool_removed, *tidied.bundles_removed]:
        print(f"Removed a leftover of a crashed upload or export: {name}", flush=True)
    if not args.no_demo:
        demo_data_command(argparse.Namespace(reset_passwords=False))
    host = f"[{args.host}]" if ":" in args.host else args.host
    bind = f"{host}:{args.port}"
    fd = listener.fileno()
    from django.conf import settings

    threads = settings.ONRECORD_SERVE_THREADS
    # gthread, not gunicorn's sync default: a slow upload is never cut off by the worker
    # timeout (issue 15; docs/DEPLOYMENT.md, "Long uploads and the worker timeout").
    gunicorn = [
        sys.executable, "-m", "gunicorn", "onrecord.wsgi:application",
        "--bind", f"fd://{fd}",
        "--workers", str(args.workers),
        "--worker-class", settings.ONRECORD_SERVE_WORKER_CLASS,
        # gunicorn turns sync into gthread when given more than one thread
        "--threads", str(threads if settings.ONRECORD_SERVE_WORKER_CLASS == "gthread" else 1),
        "--timeout", str(settings.ONRECORD_SERVE_TIMEOUT),
        "--access-logfile", "-",
        "--logger-class", "onrecord.commands.gunicorn_logging.RedactingLogger",
        "--forwarded-allow-ips", "",
    ]  # fmt: skip
    os.set_inheritable(fd, True)
    server = subprocess.Popen(gunicorn, pass_fds=(fd,), env=_metrics_env())  # noqa: S603
    print(f"OnRecord is running on http://{bind}/  (press Ctrl+C to stop)", flush=True)
    return _run_beside(server)


def _metrics_env() -> dict[str, str]:
    """prometheus-client's multiprocess mode for gunicorn's workers (onrecord/ops/metrics.py):
    each worker's counters in a directory emptied at every start, summed at each scrape."""
    env = dict(os.environ)
    if not env.get("PROMETHEUS_MULTIPROC_DIR"):
        from django.conf import settings

        directory = Path(settings.DATA_DIR) / "prometheus"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(mode=0o700, parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    return env


def _run_beside(server: subprocess.Popen[bytes]) -> int:
    """Run the job worker, and this node's own sweep, in this process until the web server
    stops or we are told to stop."""
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
    sweeper = threading.Thread(target=sweep_this_node, args=(stop,), name="onrecord-node-sweep")
    sweeper.start()
    while not stop.is_set() and server.poll() is None:
        stop.wait(1)
    stop.set()
    if server.poll() is None:
        server.terminate()
    worker.join(timeout=30)
    sweeper.join(timeout=30)
    return server.wait()


def sweep_this_node(stop: threading.Event) -> None:
    """Every ONRECORD_NODE_SWEEP_SECONDS, tidy what this node's disk holds (vault/services.py
    sweep_node): in Celery mode the daily sweep job runs on one worker only, and a web node's
    leftovers (encrypted `.tmp-` spools, unsent bundles, upload spools) are on its own disk."""
    from django.conf import settings
    from django.db import close_old_connections

    from onrecord.audit.context import Actor, acting_as
    from onrecord.vault.services import sweep_node

    log = logging.getLogger("onrecord.node_sweep")
    with acting_as(Actor(None, "node sweep", "")):
        while not stop.wait(settings.ONRECORD_NODE_SWEEP_SECONDS):
            close_old_connections()
            try:
                report = sweep_node()
            except Exception:  # keep sweeping; the error is logged
                log.exception("the node's sweep failed")
                continue
            removed = [*report.spool_removed, *report.bundles_removed]
            if removed or report.temporaries_removed:
                log.info(
                    "node sweep: %d temporaries, %s removed",
                    report.temporaries_removed,
                    ", ".join(removed) or "no spool or bundle files",
                )
        close_old_connections()
