"""A legal hold placed while a disposal is being confirmed: the case row's lock orders them, so
the disposal either lands first or sees the hold and is refused; never both (PostgreSQL, where
two transactions really run at once)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from onrecord.cases.models import Case
from onrecord.retention.disposal import DisposalRefused, dispose, place_hold
from onrecord.vault.models import LegalHold, Recording
from tests.support.personas import World

pytestmark = [
    pytest.mark.slow,  # a race between threads
    pytest.mark.postgres_only,
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
    pytest.mark.django_db(transaction=True),
]


def test_a_hold_committed_while_disposal_waits_refuses_it(
    world: World, warned_recording: Recording, records_manager: Any
) -> None:
    holding = threading.Event()
    outcome: list[str] = []

    def place_slowly() -> None:
        try:
            with transaction.atomic():
                Case.objects.select_for_update().get(pk=world.case.pk)
                holding.set()
                time.sleep(1.0)  # the disposal below starts meanwhile and must wait
                place_hold(case=world.case, by=records_manager, reason="Late", reference="ZC9")
        finally:
            connection.close()

    def dispose_now() -> None:
        holding.wait(5)
        try:
            dispose(Recording.objects.get(pk=warned_recording.pk), by=records_manager)
            outcome.append("disposed")
        except DisposalRefused as exc:
            outcome.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=place_slowly), threading.Thread(target=dispose_now)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(outcome) == 1
    assert "under legal hold (ZC9" in outcome[0]
    assert LegalHold.objects.count() == 1
    assert Recording.objects.get(pk=warned_recording.pk).disposed_at is None
