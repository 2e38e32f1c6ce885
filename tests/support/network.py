"""No test reaches the network: a connection from the test process to anything but this
machine (loopback, or a Unix socket) fails at once, naming the address. The servers tests
start themselves (moto's S3, the live server, Redis and RabbitMQ for Celery) are on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

LOCAL_NAMES = frozenset({"localhost", "testserver"})


class NetworkUseError(AssertionError):
    """A test tried to connect off this machine."""


def is_local(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # a Unix socket's path
        return True
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:  # a name, which would need a DNS lookup
        return False


def forbid_network() -> None:
    """Wrap socket.connect and connect_ex (create_connection and every client go through
    them) for the rest of this process."""
    connect = socket.socket.connect
    connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if not is_local(address):
            raise NetworkUseError(f"tests must not reach the network (connect to {address!r})")
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if not is_local(address):
            raise NetworkUseError(f"tests must not reach the network (connect to {address!r})")
        return connect_ex(self, address)

    socket.socket.connect = guarded_connect  # type: ignore[method-assign, assignment]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign, assignment]
