"""Structured logs: one JSON object a line, with the request id, secrets redacted."""

from __future__ import annotations

import json
import logging

from onrecord.ops import request_ids
from onrecord.ops.json_logs import OnRecordJsonFormatter


def format_line(message: str, *args: object, exc: bool = False) -> dict[str, object]:
    record = logging.LogRecord("onrecord.test", logging.WARNING, __file__, 1, message, args, None)
    if exc:
        try:
            raise ValueError("boom /link/abcdefghijk/")
        except ValueError:
            import sys

            record.exc_info = sys.exc_info()
    parsed: dict[str, object] = json.loads(OnRecordJsonFormatter().format(record))
    return parsed


def test_a_line_is_json_with_level_logger_message_and_time() -> None:
    line = format_line("Job %s done", 42)
    assert line["level"] == "WARNING"
    assert line["logger"] == "onrecord.test"
    assert line["message"] == "Job 42 done"
    assert str(line["time"]).endswith("+00:00")
    assert "request_id" not in line  # outside a request


def test_the_request_id_is_added_inside_a_request() -> None:
    token = request_ids._current.set("req-12345678")
    try:
        assert format_line("hello")["request_id"] == "req-12345678"
    finally:
        request_ids._current.reset(token)


def test_secrets_are_redacted_in_the_message_and_the_traceback() -> None:
    line = format_line("GET /link/%s/?access_token=abc Authorization: Bearer onr_x_y", "tok123456")
    text = json.dumps(line)
    assert "tok123456" not in text
    assert "access_token=abc" not in text
    assert "onr_x_y" not in text
    with_exc = format_line("failed", exc=True)
    assert "abcdefghijk" not in json.dumps(with_exc)
    assert "ValueError" in str(with_exc["exc_info"])


def test_api_tokens_and_webhook_secrets_are_redacted_wherever_they_appear() -> None:
    line = format_line("client sent onr_1a2b3c4d_SECRETSECRET1 with whsec_QUJDREVGR0hJSktM")
    text = json.dumps(line)
    assert "SECRETSECRET1" not in text
    assert "QUJDREVGR0hJSktM" not in text
    assert "onr_[redacted]" in text
