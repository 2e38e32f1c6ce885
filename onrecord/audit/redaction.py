"""Secrets kept out of logs and the audit trail's recorded paths (issue 16, failure 8).

A family's one-time link (`/link/<token>/`) is a credential until it is used: whoever reads it
in a log can act as that parent. So every line this service writes about a request passes
through `redact()`: the access log (`onrecord serve`'s gunicorn logger,
onrecord/commands/gunicorn_logging.py), Django's request and server logs (the `RedactSecrets`
filter in settings.LOGGING), error emails (`RedactingExceptionReporter`, whose frames also hide
variables named like secrets), and the paths the audit trail records (audit/middleware.py).

What counts as a secret in a URL: the path parameters of the token URLs (`SECRET_PATHS`; a test
generated from the URLconf fails if a new URL takes a token-like parameter this does not
cover), and the values of secret-looking query parameters and cookies (`SECRET_NAMES`).
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

REDACTED = "[redacted]"
_SEGMENT = r"[^/?#\s\"']+"
# Path prefixes whose next segment(s) are credentials: the family's one-time links, and
# Django's password-reset form (uidb64/token), should the reset views ever be added.
SECRET_PATHS: tuple[tuple[str, int], ...] = (("/link/", 1), ("/reset/", 2))
# Query parameters and cookies whose values are secrets (any case; also as a suffix, so
# `access_token`, `csrfmiddlewaretoken` and `api_key` are covered).
SECRET_NAMES = (
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "pwd",
    "sessionid",
    "session",
    "csrftoken",
    "signature",
    "playback",
    "authorization",
    # single sign-on (accounts/sso_views.py): the provider's authorization code on the way
    # back, and the ID token sent as a hint when signing out at the provider
    "code",
    "token_hint",
)
_PATH_RULES = [
    re.compile(rf"({re.escape(prefix)}){'/'.join([_SEGMENT] * count)}")
    for prefix, count in SECRET_PATHS
]
_PATH_REPLACEMENTS = ["\\1" + "/".join([REDACTED] * count) for _, count in SECRET_PATHS]
_NAMES = "|".join(SECRET_NAMES)
# name=value in a query string, a cookie header or a form body: the value up to & ; space " #
_PAIR = re.compile(
    rf"(?i)(\b[\w.-]*?(?:{_NAMES})(?:%3D|=))[^&;\s\"'#,]+",
)
_BEARER = re.compile(r"(?i)(\bbearer\s+)[\w.~+/=-]+")
# Credentials recognisable on their own: API tokens (onrecord/api/models.py) and webhook secrets
# (onrecord/webhooks/signing.py), wherever they appear in a line.
_KNOWN_TOKENS = re.compile(r"\b(onr_|whsec_)[\w+/=-]{8,}")


def redact(text: str) -> str:
    """`text` with every secret in a URL, query string or cookie replaced by [redacted]."""
    if not text:
        return text
    for rule, replacement in zip(_PATH_RULES, _PATH_REPLACEMENTS, strict=True):
        text = rule.sub(replacement, text)
    text = _PAIR.sub(rf"\1{REDACTED}", text)
    text = _KNOWN_TOKENS.sub(rf"\1{REDACTED}", text)
    return _BEARER.sub(rf"\1{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """A logging filter that rewrites the record itself (message, arguments and traceback text),
    so every handler after it, and any that formats it again, sees only the redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is, never dropped
            return True
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


_SECRET_VARIABLE = re.compile(rf"(?i)({_NAMES})")


class RedactingReporterFilter(SafeExceptionReporterFilter):
    """Error reports (emails, DEBUG pages) hide settings, request data and local variables named
    like secrets (a view's `token` argument) and redact the rest's URLs."""

    hidden_settings = re.compile(
        r"API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|SESSION|PLAYBACK", flags=re.IGNORECASE
    )

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        variables = super().get_traceback_frame_variables(request, tb_frame)
        return [
            (name, self.cleansed_substitute if _SECRET_VARIABLE.search(name) else _shown(value))
            for name, value in variables
        ]

    def get_safe_request_meta(self, request: Any) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        return {
            name: redact(value) if isinstance(value, str) else value for name, value in meta.items()
        }


def _shown(value: Any) -> Any:
    """A frame variable as the report will show it: its repr redacted if that hides a secret
    (the request, a URL); otherwise the value itself."""
    try:
        text = repr(value)
    except Exception:  # the report says so itself when repr fails
        return value
    cleaned = redact(text)
    return value if cleaned == text else cleaned


class RedactingExceptionReporter(ExceptionReporter):
    """The error report about a copy of the request whose path, URL, headers and query
    parameters have their secrets redacted."""

    def __init__(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(_redacted_request(request), *args, **kwargs)

    def get_traceback_data(self) -> dict[str, Any]:
        data: dict[str, Any] = super().get_traceback_data()
        if isinstance(data.get("request_insecure_uri"), str):
            data["request_insecure_uri"] = redact(data["request_insecure_uri"])
        if data.get("request_GET_items"):
            data["request_GET_items"] = [
                (name, REDACTED if _SECRET_VARIABLE.search(name) else value)
                for name, value in data["request_GET_items"]
            ]
        return data


def _redacted_request(request: Any) -> Any:
    if request is None:
        return None
    clone = copy.copy(request)
    for name in ("path", "path_info"):
        if isinstance(getattr(request, name, None), str):
            setattr(clone, name, redact(getattr(request, name)))
    meta = getattr(request, "META", None)
    if isinstance(meta, dict):
        clone.META = {k: redact(v) if isinstance(v, str) else v for k, v in meta.items()}
    return clone
