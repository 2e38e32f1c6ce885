"""Mail when OnRecord runs as several nodes (issue 15): with DATABASE_URL set, notification mail
goes through SMTP by default (a file on whichever node sent it reaches nobody), the file backend
is refused naming the variable, and the embedded single node keeps its file backend. The SMTP
server is a real one (aiosmtpd) started by the test; the sender is a real process."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.processes import bare_env

SEND = (
    "import django; django.setup()\n"
    "from django.conf import settings\n"
    "from django.core.mail import send_mail\n"
    "print(settings.EMAIL_BACKEND)\n"
    "send_mail('Your request to record', 'The chair has decided.', None, ['parent@example.org'])\n"
)


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _node_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = bare_env(data_dir=tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "onrecord.settings"
    env.update(extra)
    return env


def _send(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SEND],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_node_on_a_shared_database_sends_mail_through_smtp(tmp_path: Path) -> None:
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = _node_env(
            tmp_path,
            DATABASE_URL="postgresql://onrecord@127.0.0.1:9/onrecord",  # never connected to
            ONRECORD_SECRET_KEY="m" * 64,
            ONRECORD_EMAIL_HOST="127.0.0.1",
            ONRECORD_EMAIL_PORT=str(port),
            ONRECORD_FROM_EMAIL="onrecord@council.example",
        )
        sent = _send(env)
    finally:
        controller.stop()
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
    assert len(inbox.messages) == 1
    sender, recipients, content = inbox.messages[0]
    assert (sender, recipients) == ("onrecord@council.example", ["parent@example.org"])
    assert b"The chair has decided." in content
    assert not (tmp_path / "var" / "mail").exists()


def test_the_file_backend_is_refused_on_a_shared_database(tmp_path: Path) -> None:
    env = _node_env(
        tmp_path,
        DATABASE_URL="postgresql://onrecord@127.0.0.1:9/onrecord",
        ONRECORD_SECRET_KEY="m" * 64,
        ONRECORD_EMAIL_BACKEND="file",
    )
    sent = _send(env)
    assert sent.returncode != 0
    assert "ONRECORD_EMAIL_BACKEND=file keeps mail on one node's disk" in sent.stderr


def test_the_embedded_single_node_writes_mail_to_files(tmp_path: Path) -> None:
    sent = _send(_node_env(tmp_path))
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "django.core.mail.backends.filebased.EmailBackend"
    assert len(list((tmp_path / "var" / "mail").iterdir())) == 1


def test_smtp_over_ssl_is_read_and_tls_with_ssl_refused(tmp_path: Path) -> None:
    show = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.EMAIL_USE_SSL)\n"
    )
    env = _node_env(tmp_path, ONRECORD_EMAIL_USE_SSL="true")
    done = subprocess.run(
        [sys.executable, "-c", show],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip() == "True", done.stderr
    env["ONRECORD_EMAIL_USE_TLS"] = "true"
    done = subprocess.run(
        [sys.executable, "-c", show],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "set ONRECORD_EMAIL_USE_TLS or ONRECORD_EMAIL_USE_SSL, not both" in done.stderr
