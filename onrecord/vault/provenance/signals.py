"""When the council's own recording of a meeting arrives after a family's recording of it, the
family's recordings that could not be compared for want of it are compared now (a new report;
the earlier "not possible" one stays). A receiver on Recording, connected by VaultConfig.ready,
so ingest need not know about provenance."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from onrecord.vault.models import Recording

log = logging.getLogger(__name__)


@receiver(post_save, sender=Recording, dispatch_uid="vault.provenance.compare_on_council_recording")
def _stored(sender: type[Recording], instance: Recording, **kwargs: Any) -> None:
    if kwargs.get("raw") or not kwargs.get("created"):
        return
    if instance.kind != Recording.Kind.AUTHORITY:
        return
    meeting_id = instance.meeting_id
    transaction.on_commit(lambda: _compare_waiting(meeting_id))


def _compare_waiting(meeting_id: Any) -> None:
    from onrecord.vault.models.provenance import AlignmentReport
    from onrecord.vault.provenance.services import latest_report, queue_alignment

    waiting = Recording.objects.filter(
        meeting_id=meeting_id,
        kind=Recording.Kind.PARENT_COPY,
        disposed_at__isnull=True,
        receipt__isnull=False,
    )
    for recording in waiting:
        report = latest_report(recording)
        if report is None or report.outcome != AlignmentReport.Outcome.NO_REFERENCE:
            continue  # not compared yet (its job is queued), or already compared
        try:
            with transaction.atomic():
                queue_alignment(recording, by=None)
        except Exception:  # the council's recording is stored; staff can compare again
            log.exception("recording %s: comparison not queued", recording.pk)
