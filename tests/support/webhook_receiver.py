"""A real HTTP receiver for webhook tests: http.server in a thread on an ephemeral port, which
checks each delivery's signature as a case system would (onrecord/webhooks/signing.py's
`verify`, the Standard Webhooks scheme) and answers with the status codes it is told to."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from onrecord.webhooks import signing


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool


@dataclass
class Receiver:
    url: str
    secret: str = ""
    answers: list[int] = field(default_factory=list)  # status codes to answer, in turn; then 200
    received: list[Received] = field(default_factory=list)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {name.lower(): value for name, value in self.headers.items()}
            try:
                signing.verify(receiver.secret, headers, body, now=int(time.time()))
                ok = True
            except signing.SignatureError:
                ok = False
            receiver.received.append(Received(headers, body, ok))
            status = receiver.answers.pop(0) if receiver.answers else (200 if ok else 400)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    holder = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    holder.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
