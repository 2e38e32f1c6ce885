"""The access log of `onrecord serve` (gunicorn), with secrets redacted: a family's one-time
link, password-reset tokens, secret query parameters, cookies (onrecord/audit/redaction.py).

gunicorn formats each access line from "atoms" (the request line, path, query string, referrer,
any request header or environ variable a custom format names); every one that is text is
redacted before formatting, so no format (`--access-logformat`) can bring a token back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

from onrecord import config
from onrecord.audit.redaction import RedactSecrets, redact
from onrecord.ops import request_ids
from onrecord.ops.json_logs import OnRecordJsonFormatter


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        # The error log too: gunicorn names the request line in some of its errors.
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecrets) for f in log.filters):
                log.addFilter(RedactSecrets())
            if config.log_format() == "json":  # ONRECORD_LOG_FORMAT, as the app's own logs
                for handler in log.handlers:
                    handler.setFormatter(OnRecordJsonFormatter())

    def access(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta
    ) -> None:
        """The access line, carrying the request id the app answered with (X-Request-ID)."""
        headers = getattr(resp, "headers", None) or []
        found = [v for k, v in headers if str(k).lower() == request_ids.HEADER.lower()]
        token = request_ids._current.set(request_ids.accept(found[0]) if found else "")
        try:
            super().access(resp, req, environ, request_time)
        finally:
            request_ids._current.reset(token)

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta
    ) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
