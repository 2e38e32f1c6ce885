"""Webhooks are delivered at least once through the job queue: signed, retried with backoff
after a failure (a real receiver answering 500), with the same idempotency key every time, and
every attempt in the delivery log. An event is written in the transaction of its change: a
change that rolls back sends nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from onrecord.cases.models import Authority
from onrecord.incidents.services import open_incident
from onrecord.jobs import queue
from onrecord.jobs.models import Job
from onrecord.webhooks import events, services
from onrecord.webhooks.models import Attempt, Delivery, Event, Subscriber
from tests.support.personas import World
from tests.support.webhook_receiver import Receiver

pytestmark = pytest.mark.usefixtures("allow_http")


@pytest.fixture
def allow_http() -> object:
    with override_settings(ONRECORD_WEBHOOK_ALLOW_HTTP=True, ONRECORD_WEBHOOK_MAX_ATTEMPTS=3):
        yield


def subscribe(authority: Authority, receiver: Receiver, kinds: list[str]) -> Subscriber:
    subscriber = Subscriber(authority=authority, name="case-system", url=receiver.url, kinds=kinds)
    subscriber.full_clean()
    subscriber.save()
    assert subscriber.new_secret is not None  # shown once, on the instance that made it
    receiver.secret = subscriber.new_secret
    return subscriber


def raise_incident(world: World) -> None:
    open_incident(
        world.case,
        kind="covert_recording",
        opened_by=world.users["chair"],
        discovered_by="Chair",
        discovered_at=timezone.now(),
        description="A phone was recording under the table.",
        meeting=world.meeting,
    )


def run_due(now: dt.datetime | None = None) -> Job | None:
    job = queue.claim("test-worker", [services.JOB_KIND], now=now)
    if job is not None:
        queue.run_claimed(job, "test-worker")
    return job


def test_a_delivery_answered_500_is_retried_after_a_backoff_with_the_same_key(
    world: World, receiver: Receiver
) -> None:
    subscribe(world.case.authority, receiver, [events.INCIDENT_RAISED])
    receiver.answers = [500]
    raise_incident(world)

    assert run_due() is not None
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert run_due() is None  # not due yet: backed off
    later = timezone.now() + services.backoff(1) + dt.timedelta(seconds=1)
    assert run_due(later) is not None

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert [(a.number, a.status_code) for a in Attempt.objects.order_by("number")] == [
        (1, 500),
        (2, 200),
    ]
    first, second = receiver.received
    assert first.signature_ok
    assert second.signature_ok
    assert first.headers["webhook-id"] == second.headers["webhook-id"]  # the idempotency key
    assert json.loads(second.body)["type"] == "incident.raised"
    assert json.loads(second.body)["data"]["case_id"] == str(world.case.pk)


def test_backoff_doubles_and_is_capped() -> None:
    with override_settings(ONRECORD_WEBHOOK_RETRY_SECONDS=30):
        assert [services.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
        assert services.backoff(40) == services.MAX_BACKOFF


def test_a_receiver_that_never_answers_2xx_is_given_up_on_and_logged(
    world: World, receiver: Receiver
) -> None:
    subscribe(world.case.authority, receiver, [events.INCIDENT_RAISED])
    receiver.answers = [500, 503, 500]
    raise_incident(world)
    far = timezone.now() + dt.timedelta(days=1)
    while run_due(far) is not None:
        pass
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.log.count() == 3  # ONRECORD_WEBHOOK_MAX_ATTEMPTS


def test_an_unreachable_receiver_is_logged_as_an_error(world: World, receiver: Receiver) -> None:
    subscriber = subscribe(world.case.authority, receiver, [events.INCIDENT_RAISED])
    subscriber.url = "http://127.0.0.1:9/hooks"  # discard port: nothing listens
    subscriber.save()
    raise_incident(world)
    run_due()
    attempt = Attempt.objects.get()
    assert attempt.status_code is None
    assert attempt.error


def test_a_change_that_rolls_back_sends_nothing(world: World, receiver: Receiver) -> None:
    subscribe(world.case.authority, receiver, [events.INCIDENT_RAISED])

    def failing_request() -> None:
        with transaction.atomic():
            raise_incident(world)
            raise RuntimeError("the request failed after the change")

    with pytest.raises(RuntimeError):
        failing_request()
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()
    assert run_due() is None
    assert receiver.received == []


def test_only_the_records_authority_and_the_kinds_asked_for_are_sent(
    world: World, receiver: Receiver
) -> None:
    subscribe(world.other_case.authority, receiver, [events.INCIDENT_RAISED])
    subscribe(world.case.authority, receiver, [events.MINUTES_APPROVED]).save()
    raise_incident(world)
    assert Event.objects.filter(kind=events.INCIDENT_RAISED).count() == 1
    assert not Delivery.objects.exists()


def test_a_subscriber_must_use_https_unless_allowed(world: World) -> None:
    from django.core.exceptions import ValidationError

    subscriber = Subscriber(
        authority=world.case.authority, name="x", url="http://example.test/", kinds=["x.y"]
    )
    with override_settings(ONRECORD_WEBHOOK_ALLOW_HTTP=False), pytest.raises(ValidationError) as e:
        subscriber.full_clean()
    assert {"url", "kinds"} <= set(e.value.message_dict)


def test_a_failed_delivery_can_be_sent_again_with_the_same_key(
    world: World, receiver: Receiver
) -> None:
    subscribe(world.case.authority, receiver, [events.INCIDENT_RAISED])
    receiver.answers = [500, 500, 500]
    raise_incident(world)
    far = timezone.now() + dt.timedelta(days=1)
    while run_due(far) is not None:
        pass
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED

    services.redeliver(delivery)
    assert run_due(far) is not None
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert delivery.log.count() == 4


def test_an_attempt_finished_by_another_worker_is_not_logged_twice(
    world: World, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker A posts slowly; its lease runs out and worker B runs the same attempt, which
    finishes first. A's late result changes nothing: one logged attempt, two posts, one key."""
    subscribe(world.case.authority, receiver, [events.INCIDENT_RAISED])
    raise_incident(world)
    delivery = Delivery.objects.get()
    real_post = services.post
    results: list[dict[str, object]] = []

    def slow_post(*args: object, **kwargs: object) -> int:
        if not results:  # worker A, mid-post: worker B runs the same attempt to the end
            monkeypatch.setattr(services, "post", real_post)
            results.append(services.deliver(delivery.pk))
        return real_post(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "post", slow_post)
    late = services.deliver(delivery.pk)

    assert late["duplicate"] is True
    assert results[0]["status"] == Delivery.Status.DELIVERED
    assert delivery.log.count() == 1
    assert len(receiver.received) == 2
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
