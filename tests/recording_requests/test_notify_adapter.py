"""The GOV.UK Notify adapter (issue 12): the official client, pointed at a local HTTP stub that
checks what Notify checks: a JWT signed with the key's secret, issued by the service id, fresh,
and a well-formed email notification for the configured template."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from django.test import override_settings

from onrecord import config
from onrecord.recording_requests import notifiers

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"onrecord_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())

pytestmark = pytest.mark.slow


class _Notify(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        auth = self.headers.get("Authorization", "")
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        try:
            assert auth.startswith("Bearer ")
            claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
            assert claims["iss"] == SERVICE_ID
            assert abs(time.time() - claims["iat"]) < 30
            assert self.path == "/v2/notifications/email"
            assert body["template_id"] == TEMPLATE_ID
        except (AssertionError, jwt.PyJWTError, KeyError) as exc:
            self._reply(403, {"errors": [{"error": "AuthError", "message": repr(exc)}]})
            return
        self.received.append(body)
        self._reply(201, {"id": str(uuid.uuid4()), "reference": body.get("reference")})

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def notify_stub() -> Iterator[str]:
    _Notify.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Notify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_notify_adapter_sends_through_the_official_client(
    notify_stub: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONRECORD_NOTIFICATIONS", "notify")
    monkeypatch.setenv("ONRECORD_NOTIFY_API_KEY", API_KEY)
    monkeypatch.setenv("ONRECORD_NOTIFY_EMAIL_TEMPLATE_ID", TEMPLATE_ID)
    monkeypatch.setenv("ONRECORD_NOTIFY_BASE_URL", notify_stub)
    with override_settings(ONRECORD_NOTIFICATIONS=config.notifications()):
        chosen = notifiers.notifier()
        assert isinstance(chosen, notifiers.NotifyNotifier)
        chosen.send(notifiers.Message("dana@example.org", "Decision", "Yes.", reference="42"))
    assert _Notify.received == [
        {
            "email_address": "dana@example.org",
            "template_id": TEMPLATE_ID,
            "personalisation": {"subject": "Decision", "body": "Yes."},
            "reference": "42",
        }
    ]


def test_a_wrong_secret_is_refused_by_the_stub(notify_stub: str) -> None:
    from notifications_python_client.errors import HTTPError

    wrong = notifiers.NotifyNotifier(
        f"onrecord_test-{SERVICE_ID}-{uuid.uuid4()}", TEMPLATE_ID, notify_stub
    )
    with pytest.raises(HTTPError):
        wrong.send(notifiers.Message("dana@example.org", "Decision", "Yes."))
    assert _Notify.received == []
