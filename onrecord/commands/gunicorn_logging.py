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

from onrecord.audit.redaction import RedactSecrets, redact


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        # The error log too: gunicorn names the request line in some of its errors.
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactSecrets) for f in log.filters):
                log.addFilter(RedactSecrets())

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta
    ) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            name: redact(value) if isinstance(value, str) else value
            for name, value in atoms.items()
        }
