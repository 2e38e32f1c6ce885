"""No secret in a log line or a recorded path (issue 16, failure 8): a family's one-time link
token, served through the app, appears in none of Django's request logs, the audit trail's
recorded paths or an error report; every URL that takes a token-like parameter is covered
(generated from the URLconf, so a new token URL cannot ship unredacted)."""

from __future__ import annotations

import io
import logging
import secrets
import sys
from collections.abc import Iterator

import pytest
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from onrecord.audit.exceptions import NotFoundAudited
from onrecord.audit.middleware import AuditContextMiddleware
from onrecord.audit.models import AuditEvent
from onrecord.audit.redaction import REDACTED, RedactingExceptionReporter, redact
from onrecord.recording_requests import links
from onrecord.recording_requests.models import AccessLink
from tests.support.personas import World

LOGGERS = ("django", "django.request", "django.server", "django.security", "axes")


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """What the loggers that write request paths hand to their handlers, as text."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    for name in LOGGERS:
        logging.getLogger(name).addHandler(handler)
    yield text
    for name in LOGGERS:
        logging.getLogger(name).removeHandler(handler)


def _person(world: World, name: str) -> object:
    from onrecord.cases.models import Person

    return Person.objects.get(full_name=name)


def test_a_spent_link_token_is_not_in_the_request_log(world: World, captured: io.StringIO) -> None:
    _, token = links.create_link(
        AccessLink.Purpose.MAKE_REQUEST,
        _person(world, "Dana Whitfield"),  # type: ignore[arg-type]
        world.meeting,
    )
    client = Client()
    url = reverse("link_start", args=[token])
    assert client.get(url).status_code == 302  # a good link: no log line expected
    AccessLink.objects.filter(token_hash=links._hash(token)).update(used_at="2020-01-01T00:00Z")
    assert client.get(url + "?token=" + token).status_code == 410  # Django logs a 4xx
    logged = captured.getvalue()
    assert "Gone: /link/[redacted]/" in logged
    assert token not in logged


def test_an_unknown_token_is_not_in_the_request_log(db: None, captured: io.StringIO) -> None:
    token = "unknown-" + "x" * 30
    assert Client().get(reverse("link_start", args=[token])).status_code == 410
    assert token not in captured.getvalue()
    assert "/link/[redacted]/" in captured.getvalue()


def test_the_audit_trail_records_a_refused_path_without_its_token(db: None) -> None:
    token = "s3cr3t-t0ken-" + "y" * 20
    request = RequestFactory().get(f"/link/{token}/?playback={token}")
    request.user = __import__("django.contrib.auth.models", fromlist=["x"]).AnonymousUser()
    middleware = AuditContextMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    middleware.process_exception(request, NotFoundAudited("x.y", "1", "", "test"))
    event = AuditEvent.objects.filter(action="access_denied").latest("seq")
    assert event.detail["path"] == "/link/[redacted]/"
    assert token not in str(event.detail)


def test_an_error_report_hides_the_token(rf: RequestFactory) -> None:
    token = "t0k3n-" + secrets.token_hex(12)  # not in this file's source, shown in the report
    request = rf.get(f"/link/{token}/?token={token}&page=2", HTTP_REFERER=f"/link/{token}/")

    def view(token: str) -> None:
        raise ValueError("boom")

    try:
        view(token)
    except ValueError:
        reporter = RedactingExceptionReporter(request, *sys.exc_info())
    text = reporter.get_traceback_text()
    html = reporter.get_traceback_html()
    assert token not in text
    assert token not in html
    assert "/link/[redacted]/" in text


def test_the_django_error_email_uses_the_redacting_reporter(settings: object) -> None:
    from django.conf import settings as django_settings
    from django.views.debug import get_default_exception_reporter_filter

    assert django_settings.DEFAULT_EXCEPTION_REPORTER.endswith("RedactingExceptionReporter")
    assert type(get_default_exception_reporter_filter()).__name__ == "RedactingReporterFilter"


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('GET /link/AbC-123_xyz/ HTTP/1.1" 410', "AbC-123_xyz"),
        ("/reset/MTI/c8h-3f2b1a/", "c8h-3f2b1a"),
        ("/audio/?playback=0123abcd&x=1", "0123abcd"),
        ("/x/?access_token=abc.def&next=/", "abc.def"),
        ("Cookie: sessionid=k3y; csrftoken=c5rf", "k3y"),
        ("Cookie: sessionid=k3y; csrftoken=c5rf", "c5rf"),
        ("Authorization: Bearer eyJhbGciOi.J9", "eyJhbGciOi.J9"),
        ("/search/?Password=hunter2", "hunter2"),
        ("GET /accounts/sign-in/sso/callback/?code=Xy9-abc&state=s1 HTTP/1.1", "Xy9-abc"),
        ("/session/end?id_token_hint=eyJ.a.b&client_id=onrecord", "eyJ.a.b"),
    ],
)
def test_redact_hides_each_kind_of_secret(line: str, secret: str) -> None:
    redacted = redact(line)
    assert secret not in redacted
    assert REDACTED in redacted


def test_redact_keeps_what_is_not_secret() -> None:
    line = '127.0.0.1 "GET /meetings/3f2a/recorder/?page=2 HTTP/1.1" 200 512'
    assert redact(line) == line


_TOKEN_LIKE = ("token", "uidb64", "key", "secret", "code")


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def test_every_url_with_a_token_parameter_is_redacted() -> None:
    checked = 0
    for route, pattern in _patterns(get_resolver()):
        names = list(pattern.pattern.converters)
        secret_names = [n for n in names if any(t in n.lower() for t in _TOKEN_LIKE)]
        if not secret_names or pattern.name is None:
            continue
        kwargs = {n: ("SECRETVALUE" + n if n in secret_names else "1") for n in names}
        try:
            path = reverse(pattern.name, kwargs=kwargs)
        except NoReverseMatch:
            path = route  # a converter that wants another shape: the route's own text
            for name in secret_names:
                path = path.replace(f"<{name}>", "SECRETVALUE").replace(
                    f"<str:{name}>", "SECRETVALUE"
                )
        checked += 1
        assert "SECRETVALUE" not in redact(path), f"{route} is logged with its secret"
    assert checked >= 1  # the family's link is one
