"""Structured logs: one JSON object per line (python-json-logger), with the request id, and the
message passed through the same redaction as every other log line (audit/redaction.py: the
RedactSecrets filter runs before this formatter on every handler, settings.LOGGING).

No personal data: OnRecord's own log lines name records by id, never by a person's name; the
formatter adds only the time, level, logger, message, request id and exception text. Selected
by ONRECORD_LOG_FORMAT=json (the default) or text.
"""

from __future__ import annotations

import logging
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from onrecord.audit.redaction import redact
from onrecord.ops import request_ids

FIELDS = "{asctime}{levelname}{name}{message}"


class OnRecordJsonFormatter(JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", FIELDS)
        kwargs.setdefault("style", "{")
        kwargs.setdefault(
            "rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"}
        )
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        request_id = request_ids.current() or getattr(record, "request_id", "")
        if request_id:
            log_data["request_id"] = request_id
        # Django's request log passes the request object itself: its repr holds the path (and
        # the path may hold a credential); the line's message already names it, redacted.
        log_data.pop("request", None)
        for key, value in list(log_data.items()):
            if isinstance(value, str):
                log_data[key] = redact(value)
            elif not isinstance(value, (int, float, bool, type(None), list, dict)):
                log_data[key] = redact(str(value))

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        import datetime as dt

        return dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")
