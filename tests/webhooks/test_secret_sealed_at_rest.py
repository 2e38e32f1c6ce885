"""A subscriber's signing secret is never stored in clear (issue 13): it is sealed under the
vault's key-encryption keys, shown once when made, still signs deliveries, survives a key
rotation, and a wrapped secret moved onto another subscriber is refused."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from onrecord.cases.models import Authority
from onrecord.vault.keys import KeyRing, UnwrapError, load_keyring
from onrecord.webhooks import sealed_secrets, services, signing
from onrecord.webhooks.models import Subscriber
from tests.support.personas import World


def _subscriber(authority: Authority, name: str = "mosaic") -> Subscriber:
    return Subscriber.objects.create(
        authority=authority, name=name, url="https://cases.example/hook", kinds=["request.made"]
    )


def _stored_row(subscriber: Subscriber) -> bytes:
    """Every column of the subscriber's row as the database holds it, joined."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM webhooks_subscriber WHERE id = %s", [subscriber.id.hex])
        row = cursor.fetchone()
        if row is None:  # PostgreSQL stores the UUID natively
            cursor.execute("SELECT * FROM webhooks_subscriber WHERE id = %s", [subscriber.id])
            row = cursor.fetchone()
    assert row is not None
    return b"|".join(
        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
        for value in row
    )


def test_the_database_never_holds_the_secret(world: World) -> None:
    subscriber = _subscriber(world.case.authority)
    secret = subscriber.new_secret
    assert secret is not None
    assert secret.startswith("whsec_")
    raw_key = base64.b64decode(secret.removeprefix("whsec_"))
    stored = _stored_row(subscriber)
    assert secret.encode() not in stored
    assert secret.removeprefix("whsec_").encode() not in stored
    assert raw_key not in stored
    assert subscriber.kek_id.encode() in stored  # the key it is sealed under is named


def test_the_secret_is_shown_once_and_still_signs(world: World) -> None:
    subscriber = _subscriber(world.case.authority)
    secret = subscriber.new_secret
    assert secret is not None
    again = Subscriber.objects.get(pk=subscriber.pk)
    assert again.new_secret is None  # read back, it is not shown again
    assert again.signing_secret() == secret
    headers = signing.headers(again.signing_secret(), "msg_1", 1_700_000_000, b"{}")
    signing.verify(secret, headers, b"{}", now=1_700_000_000)
    # Saving it again (a changed address) keeps the same secret.
    again.url = "https://cases.example/other"
    again.save()
    assert Subscriber.objects.get(pk=subscriber.pk).signing_secret() == secret


def test_each_subscriber_has_its_own_secret(world: World) -> None:
    first = _subscriber(world.case.authority, "one")
    second = _subscriber(world.case.authority, "two")
    assert first.new_secret != second.new_secret


def test_a_wrapped_secret_moved_onto_another_subscriber_is_refused(world: World) -> None:
    first = _subscriber(world.case.authority, "one")
    second = _subscriber(world.case.authority, "two")
    Subscriber.objects.filter(pk=second.pk).update(
        kek_id=first.kek_id, wrapped_secret=first.wrapped_secret
    )
    with pytest.raises(UnwrapError):
        Subscriber.objects.get(pk=second.pk).signing_secret()


def test_a_secret_sealed_for_a_subscriber_does_not_open_as_a_recording_key() -> None:
    ring = KeyRing(keys={"k1": b"\x01" * 32}, active_id="k1")
    secret = signing.new_secret()
    subscriber_id = uuid.uuid4()
    kek_id, wrapped = sealed_secrets.seal(secret, subscriber_id, ring)
    assert sealed_secrets.unseal(kek_id, wrapped, subscriber_id, ring) == secret
    with pytest.raises(UnwrapError):  # the same id, as a recording's, is another binding
        ring.unwrap(kek_id, wrapped, subscriber_id)


def test_rotation_reseals_under_the_new_key_and_the_secret_is_unchanged(world: World) -> None:
    subscriber = _subscriber(world.case.authority)
    secret = subscriber.new_secret
    old = load_keyring(Path(settings.DATA_DIR))
    new_ring = KeyRing(keys={**old.keys, "k-new": b"\x07" * 32}, active_id="k-new", source="test")
    assert services.rewrap_secrets(new_ring) == 1
    assert services.rewrap_secrets(new_ring) == 0  # nothing left to do
    moved = Subscriber.objects.get(pk=subscriber.pk)
    assert moved.kek_id == "k-new"
    assert moved.signing_secret(new_ring) == secret
    only_new = KeyRing(keys={"k-new": b"\x07" * 32}, active_id="k-new")
    assert moved.signing_secret(only_new) == secret  # the old key can be retired


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_existing_clear_secrets() -> None:
    """Back to 0001 (a clear `secret` column), a row as it stored it, then forward again."""
    before = [("webhooks", "0001_initial")]
    after = [("webhooks", "0002_subscriber_secret_sealed")]
    authority = Authority.objects.create(name="Migrating Council", slug="migrating")
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    clear = signing.new_secret()
    old_apps = executor.loader.project_state(before).apps
    OldSubscriber = old_apps.get_model("webhooks", "Subscriber")
    OldSubscriber.objects.create(
        authority_id=authority.pk, name="old", url="https://x.example/h", secret=clear, kinds=[]
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    sealed = Subscriber.objects.get(name="old")
    assert sealed.signing_secret() == clear
    assert clear.encode() not in _stored_row(sealed)
    columns = [c.name for c in connection.introspection.get_table_description(
        connection.cursor(), "webhooks_subscriber"
    )]  # fmt: skip
    assert "secret" not in columns
