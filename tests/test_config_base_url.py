"""ONRECORD_BASE_URL, the service's public address in every emailed link (issue 12): checked
at start-up, https required unless DEBUG or a loopback host."""

from __future__ import annotations

import pytest

from onrecord import config


@pytest.mark.parametrize(
    ("raw", "debug", "expected"),
    [
        ("", False, "http://127.0.0.1:8000"),
        ("https://onrecord.council.gov.uk/", False, "https://onrecord.council.gov.uk"),
        ("https://council.gov.uk/onrecord", False, "https://council.gov.uk/onrecord"),
        ("http://localhost:8000", False, "http://localhost:8000"),
        ("http://onrecord.test", True, "http://onrecord.test"),
    ],
)
def test_good_addresses(raw: str, debug: bool, expected: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ONRECORD_BASE_URL", raw)
    assert config.base_url(debug=debug) == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("onrecord.council.gov.uk", "absolute"),
        ("ftp://onrecord.council.gov.uk", "absolute"),
        ("https://", "absolute"),
        ("https://host:notaport", "not a valid URL"),
        ("https://host/?next=x", "query"),
        ("https://user:pw@host", "password"),
        ("http://onrecord.council.gov.uk", "https://"),
    ],
)
def test_bad_addresses_stop_start_up(raw: str, says: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ONRECORD_BASE_URL", raw)
    with pytest.raises(config.ConfigError, match="ONRECORD_BASE_URL") as caught:
        config.base_url(debug=False)
    assert says in str(caught.value)


def test_a_password_in_the_address_is_not_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_BASE_URL", "https://user:hunter2@host")
    with pytest.raises(config.ConfigError) as caught:
        config.base_url(debug=False)
    assert "hunter2" not in str(caught.value)
