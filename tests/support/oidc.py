"""A real OpenID provider for the single sign-on tests (the certified `oidc-provider` npm
package, configured by tests/oidc/provider.mjs) in a child process on a free port, and a
person's browser going through it: the Django test client on OnRecord's side, a requests
session (the provider's cookies) on the provider's side, the redirects followed by hand between
the two exactly as a browser would."""

from __future__ import annotations

import json
import re
import select
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.test import Client

from tests.support.processes import bare_env, kill_group, start_child

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
OUR_ORIGIN = "http://testserver"
CLIENT_ID = "onrecord"
CLIENT_SECRET = "onrecord-test-client-secret"

ALLOWED_GROUP = "onrecord-users"
AUTHORITY_GROUP = "council-a-staff"
AUTHORITY_SLUG = "sso-council-a"

# The provider's people: claims as an identity provider such as Entra ID would send them.
USERS: dict[str, dict[str, Any]] = {
    "alice-0001": {
        "email": "alice.chair@council-a.example",
        "name": "Alice Chair",
        "groups": [ALLOWED_GROUP, "onrecord-chairs", AUTHORITY_GROUP],
    },
    "bob-0002": {
        "email": "bob.worker@council-a.example",
        "name": "Bob Worker",
        "groups": [ALLOWED_GROUP, "onrecord-social-workers", AUTHORITY_GROUP],
    },
    "mallory-0003": {
        "email": "mallory@council-a.example",
        "name": "Mallory Outsider",
        "groups": ["finance", AUTHORITY_GROUP],
    },
}


def node_available() -> bool:
    return shutil.which("node") is not None


class LogoutTokenCatcher:
    """Stands in for OnRecord's back-channel logout address on the provider's side: the Django
    test client has no address the provider's server can reach, so the provider POSTs its
    logout tokens here, and a test hands each one, as sent, to OnRecord's endpoint."""

    def __init__(self) -> None:
        self.bodies: list[str] = []
        self._arrived = threading.Condition()
        catcher = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                with catcher._arrived:
                    catcher.bodies.append(body)
                    catcher._arrived.notify_all()
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/back-channel-logout"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def take(self, timeout: float = 10.0) -> str:
        """The next body the provider POSTed (`logout_token=...`), waiting for it."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: bool(self.bodies), timeout):
                raise AssertionError("the provider sent no logout token")
            return self.bodies.pop(0)

    def clear(self) -> None:
        with self._arrived:
            self.bodies.clear()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class OidcProvider:
    process: subprocess.Popen[str]
    issuer: str
    catcher: LogoutTokenCatcher | None = None

    def sign(self, claims: dict[str, Any]) -> str:
        """`claims` signed with the provider's real key, as a logout token."""
        response = requests.post(f"{self.issuer}/test/sign", json=claims, timeout=10)
        response.raise_for_status()
        return str(response.json()["token"])

    def set_user(self, subject: str, claims: dict[str, Any]) -> None:
        response = requests.put(f"{self.issuer}/test/users/{subject}", json=claims, timeout=10)
        response.raise_for_status()

    def tamper(self, mode: str) -> None:
        response = requests.put(f"{self.issuer}/test/tamper", json={"mode": mode}, timeout=10)
        response.raise_for_status()

    def reset(self) -> None:
        self.tamper("none")
        if self.catcher is not None:
            self.catcher.clear()
        for subject, claims in USERS.items():
            self.set_user(subject, claims)

    def settings(self, **changes: Any) -> dict[str, Any]:
        """ONRECORD_OIDC as config.oidc() would give it for this provider."""
        value: dict[str, Any] = {
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "signing_algorithm": "RS256",
            "scopes": "openid email profile",
            "groups_claim": "groups",
            "allowed_groups": (ALLOWED_GROUP,),
            "role_claim": "groups",
            "role_map": (
                ("onrecord-chairs", "chair"),
                ("onrecord-social-workers", "social_worker"),
            ),
            "authority_claim": "groups",
            "authority_map": ((AUTHORITY_GROUP, AUTHORITY_SLUG),),
            "recheck_minutes": 15,
        }
        value.update(changes)
        return value


def start_provider(
    config_dir: Path, *, origins: tuple[str, ...] = (OUR_ORIGIN,), timeout: float = 30.0
) -> OidcProvider:
    """The provider, with OnRecord registered as a client at each of `origins` (the Django test
    client's, or a live server's), its back-channel logout address a LogoutTokenCatcher."""
    catcher = LogoutTokenCatcher()
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{o}/accounts/sign-in/sso/callback/" for o in origins],
                "post_logout_redirect_uris": [f"{o}/accounts/sign-in/" for o in origins],
                "token_endpoint_auth_method": "client_secret_post",
                "backchannel_logout_uri": catcher.url,
                "backchannel_logout_session_required": True,
            }
        ],
        "users": USERS,
    }
    path = config_dir / "provider.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    log = (config_dir / "provider.log").open("w", encoding="utf-8")
    try:
        child = start_child(["node", str(SCRIPT), str(path)], env=bare_env(), cwd=ROOT, stderr=log)
    finally:
        log.close()  # the child has its own copy
    assert child.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([child.stdout], [], [], 0.5)
        if ready:
            line = child.stdout.readline()
            if line.startswith("listening "):
                return OidcProvider(child, line.split()[1], catcher)
            if not line and child.poll() is not None:
                break
    kill_group(child)
    child.stdout.close()
    catcher.stop()
    stderr = (config_dir / "provider.log").read_text(encoding="utf-8")
    raise RuntimeError(f"the OpenID provider did not start: {stderr[-2000:]}")


def stop_provider(provider: OidcProvider) -> None:
    kill_group(provider.process)
    if provider.catcher is not None:
        provider.catcher.stop()
    if provider.process.stdout is not None:
        provider.process.stdout.close()


_FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@dataclass
class Browser:
    """One person's browser: OnRecord's cookies in `client`, the provider's in `provider`."""

    client: Client = field(default_factory=Client)
    provider: requests.Session = field(default_factory=requests.Session)
    visited: list[str] = field(default_factory=list)

    def to_provider(self, url: str, *, username: str | None = None) -> str:
        """Follow the provider's redirects (signing in as `username` if it asks) until it sends
        the browser back to OnRecord; that address."""
        response = self.provider.get(url, allow_redirects=False, timeout=10)
        for _ in range(20):
            self.visited.append(url)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["Location"])
                if url.startswith(OUR_ORIGIN):
                    return url
                response = self.provider.get(url, allow_redirects=False, timeout=10)
            elif response.status_code == 200 and 'name="username"' in response.text:
                assert username is not None, "the provider asked the person to sign in"
                action = urljoin(url, _FORM_ACTION.search(response.text).group(1))  # type: ignore[union-attr]
                response = self.provider.post(
                    action, data={"username": username}, allow_redirects=False, timeout=10
                )
                url = action
            elif response.status_code == 200 and "op.logoutForm" in response.text:
                action = urljoin(url, _FORM_ACTION.search(response.text).group(1))  # type: ignore[union-attr]
                fields = dict(_HIDDEN.findall(response.text))
                fields["logout"] = "yes"
                response = self.provider.post(
                    action, data=fields, allow_redirects=False, timeout=10
                )
                url = action
            else:
                raise AssertionError(f"unexpected answer from the provider: {response.status_code}")
        raise AssertionError("too many redirects at the provider")

    def back_to_onrecord(self, url: str) -> Any:
        parts = urlsplit(url)
        return self.client.get(f"{parts.path}?{parts.query}")

    def sign_in(self, username: str, *, start: str = "/accounts/sign-in/sso/") -> Any:
        """Start single sign-on at OnRecord, sign in at the provider, come back: the callback's
        answer."""
        started = self.client.get(start)
        assert started.status_code == 302, started.status_code
        return self.back_to_onrecord(self.to_provider(started["Location"], username=username))

    def sign_out_at_provider(self, issuer: str) -> None:
        """Sign out at the provider itself (its end-session page, as from another service or
        the provider's own portal), not through OnRecord; the provider's "signed out" page."""
        url = f"{issuer}/session/end"
        response = self.provider.get(url, allow_redirects=False, timeout=10)
        assert response.status_code == 200, response.status_code
        assert "op.logoutForm" in response.text, "the provider did not offer to sign out"
        action = urljoin(url, _FORM_ACTION.search(response.text).group(1))  # type: ignore[union-attr]
        fields = dict(_HIDDEN.findall(response.text))
        fields["logout"] = "yes"
        done = self.provider.post(action, data=fields, allow_redirects=True, timeout=10)
        assert done.status_code == 200, done.status_code
        assert "You are signed out." in done.text
