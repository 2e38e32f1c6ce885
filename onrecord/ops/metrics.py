"""Prometheus metrics through the official client library (prometheus-client).

Two kinds:
- counted in each process as things happen: HTTP requests and their latency (by URL name, never
  by path: a path holds ids and, for a family's link, a credential), and failed sign-ins (Django's
  `user_login_failed` signal, which django-axes also listens to);
- read from the database at each scrape (`DatabaseCollector`), so every web node and worker
  reports the same truth: the job queue's depth and the age of its oldest waiting job per kind,
  running and failed jobs, webhook deliveries waiting or given up, and transcription throughput
  (audio seconds transcribed and seconds spent, as counters: rate() of one over the other is the
  real-time factor).

Under gunicorn with several workers set PROMETHEUS_MULTIPROC_DIR (`onrecord serve` does), so the
per-process counters are summed across workers (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db.models import Count, F, Min, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from onrecord.accounts.sso_provisioning import sign_in_refused

REQUESTS = Counter(
    "onrecord_http_requests",
    "HTTP requests answered, by URL name, method and status code.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "onrecord_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL name and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
LOGIN_FAILURES = Counter(
    "onrecord_login_failures",
    "Sign-in attempts refused (wrong password, locked out, refused by single sign-on).",
)
SSO_REFUSALS = Counter(
    "onrecord_sso_refusals",
    "Single sign-ons refused, by reason (docs/DEPLOYMENT.md, 'Single sign-on').",
    ["reason"],
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _count_login_failure(**_: Any) -> None:
    LOGIN_FAILURES.inc()


def _count_sso_refusal(*, reason: str, **_: Any) -> None:
    LOGIN_FAILURES.inc()
    SSO_REFUSALS.labels(reason=reason[:40]).inc()


def connect_signals() -> None:
    user_login_failed.connect(_count_login_failure, dispatch_uid="onrecord.ops.login_failed")
    sign_in_refused.connect(_count_sso_refusal, dispatch_uid="onrecord.ops.sso_refused")


def view_label(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return str(match.view_name or match.url_name or "unnamed")[:100]


class MetricsMiddleware:
    """Counts every request and times it. Outermost but for the request id, so the time
    includes every other middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_label(request)
        method = request.method if request.method in _METHODS else "OTHER"
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        return response


class DatabaseCollector(Collector):
    """Figures every process agrees on, read from the database when Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        from onrecord.jobs.models import Job
        from onrecord.transcripts.models import Transcript
        from onrecord.webhooks.models import Delivery

        now = timezone.now()
        depth = GaugeMetricFamily(
            "onrecord_jobs_queued",
            "Jobs waiting to run (due now or later), by kind.",
            labels=["kind"],
        )
        age = GaugeMetricFamily(
            "onrecord_jobs_oldest_queued_age_seconds",
            "How long the oldest job that is due has waited, by kind.",
            labels=["kind"],
        )
        running = GaugeMetricFamily(
            "onrecord_jobs_running", "Jobs running, by kind.", labels=["kind"]
        )
        failed = GaugeMetricFamily(
            "onrecord_jobs_failed", "Jobs that failed for good, by kind.", labels=["kind"]
        )
        queued = Job.objects.filter(status=Job.Status.QUEUED)
        for row in queued.values("kind").annotate(n=Count("id")).order_by("kind"):
            depth.add_metric([row["kind"]], row["n"])
        due = queued.filter(run_after__lte=now)
        for row in due.values("kind").annotate(oldest=Min("run_after")).order_by("kind"):
            age.add_metric([row["kind"]], max(0.0, (now - row["oldest"]).total_seconds()))
        for status, family in ((Job.Status.RUNNING, running), (Job.Status.FAILED, failed)):
            rows = Job.objects.filter(status=status).values("kind").annotate(n=Count("id"))
            for row in rows.order_by("kind"):
                family.add_metric([row["kind"]], row["n"])
        yield from (depth, age, running, failed)

        webhooks = GaugeMetricFamily(
            "onrecord_webhook_deliveries", "Webhook deliveries, by status.", labels=["status"]
        )
        for row in Delivery.objects.values("status").annotate(n=Count("id")).order_by("status"):
            webhooks.add_metric([row["status"]], row["n"])
        yield webhooks

        finished = CounterMetricFamily(
            "onrecord_transcripts_finished", "Transcripts finished, by outcome.", labels=["status"]
        )
        done = Transcript.objects.filter(
            status__in=[Transcript.Status.DONE, Transcript.Status.FAILED]
        )
        for row in done.values("status").annotate(n=Count("id")).order_by("status"):
            finished.add_metric([row["status"]], row["n"])
        yield finished
        totals = Transcript.objects.filter(
            status=Transcript.Status.DONE, started_at__isnull=False, finished_at__isnull=False
        ).aggregate(
            audio=Sum("recording__duration_seconds"), spent=Sum(F("finished_at") - F("started_at"))
        )
        yield CounterMetricFamily(
            "onrecord_transcribed_audio_seconds",
            "Seconds of audio transcribed (rate() of it is throughput).",
            value=float(totals["audio"] or 0.0),
        )
        spent = totals["spent"]
        yield CounterMetricFamily(
            "onrecord_transcription_seconds",
            "Seconds spent transcribing (audio seconds / these = the real-time factor).",
            value=spent.total_seconds() if spent is not None else 0.0,
        )


def exposition() -> tuple[bytes, str]:
    """The text Prometheus scrapes: this process's counters (or every worker's, in multiprocess
    mode) and the database's figures."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        own = generate_latest(registry)
    else:
        own = generate_latest(REGISTRY)
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return own + generate_latest(database), CONTENT_TYPE_LATEST
