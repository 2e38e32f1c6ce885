"""The operations settings are checked at start-up, naming the variable (onrecord/config.py)."""

from __future__ import annotations

import pytest

from onrecord import config


def test_log_format_is_json_by_default_and_text_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONRECORD_LOG_FORMAT", raising=False)
    assert config.log_format() == "json"
    monkeypatch.setenv("ONRECORD_LOG_FORMAT", "TEXT")
    assert config.log_format() == "text"
    monkeypatch.setenv("ONRECORD_LOG_FORMAT", "xml")
    with pytest.raises(config.ConfigError, match="ONRECORD_LOG_FORMAT"):
        config.log_format()


def test_metrics_networks_must_be_addresses_or_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_METRICS_ALLOWED_NETWORKS", "10.0.0.0/8, 192.0.2.7,::1")
    assert config.metrics_networks() == ["10.0.0.0/8", "192.0.2.7", "::1"]
    monkeypatch.setenv("ONRECORD_METRICS_ALLOWED_NETWORKS", "10.0.0.0/8,prometheus.internal")
    with pytest.raises(config.ConfigError, match=r"'prometheus\.internal' is not an address"):
        config.metrics_networks()


def test_webhook_numbers_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_WEBHOOK_TIMEOUT_SECONDS", "0")
    with pytest.raises(config.ConfigError, match="ONRECORD_WEBHOOK_TIMEOUT_SECONDS must be"):
        config.bounded_int("ONRECORD_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 60)
    monkeypatch.setenv("ONRECORD_WEBHOOK_TIMEOUT_SECONDS", "15")
    assert config.bounded_int("ONRECORD_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 60) == 15
