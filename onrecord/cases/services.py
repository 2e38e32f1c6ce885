"""Writing case data. Each function runs in one transaction with its audit entries (written by
onrecord.audit.signals), so a failure leaves neither the change nor its trace."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from onrecord.cases.models import Case, CaseNote, ImmutableRecordError


@transaction.atomic
def write_case_note(case: Case, author: Any, title: str, body: str) -> CaseNote:
    note = CaseNote(case=case, author=author, title=title, body=body, finished_at=timezone.now())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def append_to_case_note(note: CaseNote, author: Any, body: str) -> CaseNote:
    if not note.is_finished:
        raise ImmutableRecordError("Only a finished note takes appendments; edit the draft.")
    appendment = CaseNote(
        case=note.case,
        author=author,
        title=f"Appendment to: {note.title}"[:200],
        body=body,
        finished_at=timezone.now(),
        appends=note,
    )
    appendment.full_clean()
    appendment.save()
    return appendment
