"""Prometheus metrics: only the scraper reads them (a bearer token and/or its network), and they
count requests by URL name, failed sign-ins, the job queue's depth and age, and transcription."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from onrecord.jobs.models import Job
from tests.support.personas import World

TOKEN = "scraper-token-for-tests-0123456789"


def value(text: str, name: str, labels: str = "") -> float:
    pattern = rf"^{re.escape(name)}{re.escape(labels)} ([0-9.e+-]+)$"
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"{name}{labels} not in metrics"
    return float(found.group(1))


def scrape(client: Client) -> str:
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("text/plain")
    return answer.content.decode()


def test_metrics_are_off_unless_configured(client: Client) -> None:
    with override_settings(ONRECORD_METRICS_TOKEN="", ONRECORD_METRICS_ALLOWED_NETWORKS=[]):
        assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_only_the_scraper_reads_them(client: Client) -> None:
    with override_settings(ONRECORD_METRICS_TOKEN=TOKEN):
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
        scrape(client)
    with override_settings(ONRECORD_METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"]):
        assert client.get("/metrics", REMOTE_ADDR="192.0.2.1").status_code == 401
        assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    both = {"ONRECORD_METRICS_TOKEN": TOKEN, "ONRECORD_METRICS_ALLOWED_NETWORKS": ["10.0.0.0/8"]}
    with override_settings(**both):
        right_token_wrong_place = client.get(
            "/metrics", REMOTE_ADDR="192.0.2.1", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
        )
        assert right_token_wrong_place.status_code == 401


@pytest.mark.django_db
@override_settings(ONRECORD_METRICS_TOKEN=TOKEN)
def test_requests_are_counted_by_url_name_never_by_path(client: Client) -> None:
    before = scrape(client)
    label = '{method="GET",status="200",view="healthz"}'
    count = value(before, "onrecord_http_requests_total", label) if label in before else 0.0
    client.get("/healthz")
    client.get("/link/secret-token-value/")
    after = scrape(client)
    assert value(after, "onrecord_http_requests_total", label) == count + 1
    assert "onrecord_http_request_duration_seconds_bucket" in after
    assert "secret-token-value" not in after


@pytest.mark.django_db
@override_settings(ONRECORD_METRICS_TOKEN=TOKEN)
def test_failed_sign_ins_are_counted(client: Client, world: World) -> None:
    before = value(scrape(client), "onrecord_login_failures_total")
    client.post("/accounts/sign-in/", {"username": "priya.shah", "password": "wrong-password"})
    assert value(scrape(client), "onrecord_login_failures_total") == before + 1


@pytest.mark.django_db
@override_settings(ONRECORD_METRICS_TOKEN=TOKEN)
def test_the_job_queue_depth_and_age_are_read_from_the_database(client: Client) -> None:
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Job.objects.create(kind="metrics.test", run_after=an_hour_ago)
    Job.objects.create(kind="metrics.test", run_after=timezone.now() + dt.timedelta(hours=1))
    text = scrape(client)
    assert value(text, "onrecord_jobs_queued", '{kind="metrics.test"}') == 2
    age = value(text, "onrecord_jobs_oldest_queued_age_seconds", '{kind="metrics.test"}')
    assert 3590 < age < 3700
    assert value(text, "onrecord_transcribed_audio_seconds_total") >= 0
    assert "onrecord_transcription_seconds_total" in text
