"""Emitting events (the outbox) and delivering them.

`emit` is the one line a domain service adds, inside its own transaction: the event, one
delivery per subscriber of the record's authority that wants this kind, and the queued job that
sends each are written with the change or not at all. `deliver` is that job: it posts the signed
event once; on anything but a 2xx it logs the attempt and queues the next one after a backoff
(ONRECORD_WEBHOOK_RETRY_SECONDS doubled per attempt, at most 6 hours) until
ONRECORD_WEBHOOK_MAX_ATTEMPTS, then gives up (the delivery log says so). A worker that dies while
posting loses its lease and the job runs again: at least once, never lost.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from onrecord.cases.models import Case
from onrecord.jobs import queue
from onrecord.vault.keys import KeyRing, UnwrapError
from onrecord.webhooks import events, sealed_secrets, signing
from onrecord.webhooks.models import Attempt, Delivery, Event, Subscriber

JOB_KIND = "webhooks.deliver"
MAX_BACKOFF = dt.timedelta(hours=6)
USER_AGENT = "OnRecord-Webhooks/1"


def emit(kind: str, obj: models.Model, /, **data: Any) -> Event:
    """Record that `kind` happened to `obj` (a case-scoped record), for its authority's
    subscribers. The payload names records by OnRecord id, never a person's name."""
    if kind not in events.KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    case_id = str(getattr(obj, "audit_case_id", "") or "")
    case = Case.objects.only("authority_id").get(pk=case_id)
    meta = obj._meta
    payload = {
        "object": {"type": f"{meta.app_label}.{meta.model_name}", "id": str(obj.pk)},
        "case_id": case_id,
        **data,
    }
    with transaction.atomic():
        event = Event.objects.create(
            authority_id=case.authority_id,
            kind=kind,
            data=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
        )
        for subscriber in Subscriber.objects.filter(authority_id=case.authority_id, active=True):
            if kind in subscriber.kinds:
                delivery = Delivery.objects.create(
                    event=event, subscriber=subscriber, next_attempt_at=event.occurred_at
                )
                queue.enqueue(JOB_KIND, {"delivery": delivery.pk}, unique_key=_job_key(delivery, 1))
    return event


def _job_key(delivery: Delivery, attempt: int) -> str:
    return f"webhook:{delivery.pk}:{attempt}"


def body_of(event: Event) -> bytes:
    return json.dumps(
        {
            "id": str(event.id),
            "type": event.kind,
            "occurred_at": event.occurred_at.astimezone(dt.UTC).isoformat(),
            "authority": event.authority.slug,
            "data": event.data,
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()


def backoff(attempt: int) -> dt.timedelta:
    """The wait after `attempt` failed tries: the base doubled each time, capped at 6 hours."""
    base = dt.timedelta(seconds=settings.ONRECORD_WEBHOOK_RETRY_SECONDS)
    wait: dt.timedelta = base * (2 ** max(0, attempt - 1))
    return min(MAX_BACKOFF, wait)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver that redirects is answering with a 3xx: not delivered (a redirect must never
    carry a signed body somewhere the authority did not choose)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    if not url.startswith(("https://", "http://")):  # the subscriber's clean() allows no other
        raise ValueError("a webhook address must be an http(s) URL")
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (checked)
    for name, value in {
        **headers,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
    }.items():
        request.add_header(name, value)
    try:
        with _opener.open(request, timeout=timeout) as response:
            response.read(65536)
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return int(exc.code)


def deliver(delivery_id: int) -> dict[str, Any]:
    """One attempt at one delivery. Returns what happened, for the job's result."""
    delivery = Delivery.objects.select_related("event__authority", "subscriber").get(pk=delivery_id)
    if delivery.status != Delivery.Status.PENDING:
        return {"delivery": delivery.pk, "status": delivery.status, "skipped": True}
    subscriber, event = delivery.subscriber, delivery.event
    number = delivery.attempts + 1
    body = body_of(event)
    started = time.monotonic()
    code: int | None = None
    error = ""
    if not subscriber.active:
        error = "subscriber switched off"
    else:
        try:
            secret = subscriber.signing_secret()
        except UnwrapError as exc:  # its key-encryption key is missing, or the row was changed
            error = f"the signing secret cannot be unsealed: {exc}"[:500]
        else:
            headers = signing.headers(secret, str(event.id), int(time.time()), body)
            try:
                code = post(
                    subscriber.url, body, headers, settings.ONRECORD_WEBHOOK_TIMEOUT_SECONDS
                )
            except (OSError, ValueError) as exc:  # refused, timed out, TLS, bad address
                error = f"{type(exc).__name__}: {exc}"[:500]
    took = int((time.monotonic() - started) * 1000)
    ok = code is not None and 200 <= code < 300
    with transaction.atomic():
        # Locked and read again: a worker presumed dead may have finished this attempt already
        # (its lease ran out while the receiver was slow); the receiver got both posts, with the
        # same webhook-id, and only one is logged.
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != Delivery.Status.PENDING or delivery.attempts >= number:
            return {"delivery": delivery.pk, "status": delivery.status, "duplicate": True}
        Attempt.objects.create(
            delivery=delivery, number=number, status_code=code, error=error, duration_ms=took
        )
        delivery.attempts = number
        if ok:
            delivery.status = Delivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
        elif number >= settings.ONRECORD_WEBHOOK_MAX_ATTEMPTS or not subscriber.active:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = timezone.now() + backoff(number)
            queue.enqueue(
                JOB_KIND,
                {"delivery": delivery.pk},
                unique_key=_job_key(delivery, number + 1),
                run_after=delivery.next_attempt_at,
            )
        delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    return {
        "delivery": delivery.pk,
        "attempt": number,
        "status_code": code,
        "status": delivery.status,
    }


def redeliver(delivery: Delivery) -> None:
    """Try a failed delivery once more (the admin's action), with the same webhook-id."""
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.status != Delivery.Status.FAILED:
            return
        locked.status = Delivery.Status.PENDING
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "next_attempt_at"])
        queue.enqueue(
            JOB_KIND, {"delivery": locked.pk}, unique_key=_job_key(locked, locked.attempts + 1)
        )


def rewrap_secrets(ring: KeyRing) -> int:
    """Key rotation for subscribers' secrets: each one not under the active KEK is sealed again
    under it (the secret itself, and what the receivers hold, do not change). Each change is
    audited by the model signals, field names only. Returns how many were re-sealed."""
    count = 0
    stale = Subscriber.objects.exclude(kek_id=ring.active_id).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().get(pk=pk)
            if subscriber.kek_id == ring.active_id:
                continue
            subscriber.kek_id, subscriber.wrapped_secret = sealed_secrets.reseal(
                subscriber.kek_id, bytes(subscriber.wrapped_secret), subscriber.id, ring
            )
            subscriber.save(update_fields=["kek_id", "wrapped_secret"])
            count += 1
    return count
