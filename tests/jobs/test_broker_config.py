"""The Celery settings from the environment: off unless set, only Redis or RabbitMQ URLs, clear
errors naming the variable that never echo the broker's password; the worker command refuses
to start without a broker."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import SettingsWrapper

from onrecord import config
from onrecord.commands import main


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_no_broker_means_the_embedded_worker(
    raw: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if raw is None:
        monkeypatch.delenv("ONRECORD_JOBS_BROKER", raising=False)
    else:
        monkeypatch.setenv("ONRECORD_JOBS_BROKER", raw)
    assert config.jobs_broker() is None


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "rediss://:secret@redis.example.org:6380/1",
        "amqp://guest:guest@127.0.0.1:5672//",
        "amqps://onrecord:secret@mq.example.org/onrecord",
    ],
)
def test_redis_and_rabbitmq_urls_are_accepted(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_JOBS_BROKER", url)
    assert config.jobs_broker() == url


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://user:hunter2@broker:80/", "must start redis://, rediss://, amqp:// or amqps://"),
        ("sqs://user:hunter2@queue", "not sqs://"),
        ("user:hunter2@127.0.0.1:6379", "must start redis://"),
        ("redis://:hunter2@/0", "must name the broker's host"),
        ("amqp://guest:hunter2@127.0.0.1:port//", "not a valid URL"),
    ],
)
def test_other_urls_are_refused_without_echoing_the_password(
    url: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONRECORD_JOBS_BROKER", url)
    with pytest.raises(config.ConfigError, match="ONRECORD_JOBS_BROKER") as refused:
        config.jobs_broker()
    assert message in str(refused.value)
    assert "hunter2" not in str(refused.value)


def test_queue_name_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONRECORD_JOBS_QUEUE", raising=False)
    assert config.jobs_queue() == "onrecord.jobs"
    monkeypatch.setenv("ONRECORD_JOBS_QUEUE", "onrecord-staging")
    assert config.jobs_queue() == "onrecord-staging"
    monkeypatch.setenv("ONRECORD_JOBS_QUEUE", "jobs; rm -rf")
    with pytest.raises(config.ConfigError, match="ONRECORD_JOBS_QUEUE may hold only"):
        config.jobs_queue()


@pytest.mark.parametrize(("raw", "ok"), [("", True), ("2", True), ("0", False), ("90000", False)])
def test_lease_length_is_bounded(raw: str, ok: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRECORD_JOBS_LEASE_SECONDS", raw)
    if ok:
        assert config.jobs_lease_seconds() == (int(raw) if raw else 60)
    else:
        with pytest.raises(config.ConfigError, match="ONRECORD_JOBS_LEASE_SECONDS must be"):
            config.jobs_lease_seconds()


def test_celery_worker_refuses_to_start_without_a_broker(
    settings: SettingsWrapper, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.ONRECORD_JOBS_BROKER = None
    assert main(["celery-worker"]) == 2
    assert "ONRECORD_JOBS_BROKER is not set" in capsys.readouterr().err
