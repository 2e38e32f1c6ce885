"""Retention in practice: when each recording is due, legal holds, and disposal by destroying
the recording's data key (crypto-shredding) with a certificate. docs/RETENTION.md.

    due = due_for(recording)                                   # Due(record_type, rule, due_on)
    hold = place_hold(case=case, reason="…", reference="ZC24C00123", by=legal_user)
    lift_hold(hold, reason="Proceedings concluded", by=legal_user)
    certificate = dispose(recording, by=records_manager)      # DisposalRefused says why not

Nothing is ever disposed of by itself: the owner is warned first (owner_warnings.py), and a person
with the `vault.dispose_recording` permission confirms each disposal once the warning period
has passed, the due date has come and no legal hold covers the recording. Every check is made
again inside the disposal's transaction, under a lock on the case (legal holds take the same
lock), and on PostgreSQL the database's own trigger refuses the disposal of a held recording.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Case, Child, Meeting
from onrecord.retention.schedule import ChildFacts, Due, Schedule, due_date, load_schedule
from onrecord.vault.disposed import disposed_notice
from onrecord.vault.models import (
    KEY_TOMBSTONE,
    DisposalCertificate,
    LegalHold,
    LegalHoldRelease,
    Recording,
    RetentionWarning,
)
from onrecord.vault.provenance.services import remove_receipt_tags
from onrecord.vault.storage import BlobStore, StorageError
from onrecord.webhooks.events import RECORDING_DISPOSED
from onrecord.webhooks.services import emit

log = logging.getLogger(__name__)

CERTIFICATE_FORMAT = "onrecord-disposal-certificate"
CERTIFICATE_VERSION = 1
METHOD = (
    "crypto-shredding: the recording's wrapped data key was destroyed (replaced by an empty "
    "tombstone); the encrypted audio cannot be decrypted by anyone, and its file was then deleted"
)
# Who may confirm a disposal, besides holding the permission: never case workers or families.
DISPOSER_ROLES = frozenset({Role.LEGAL, Role.ADMIN})
HOLD_MANAGER_ROLES = frozenset({Role.LEGAL, Role.ADMIN})
_MAX_TEXT = 2000


class DisposalRefused(Exception):
    """Disposal was refused; the message says why, in words for the person confirming it."""


class HoldError(ValueError):
    """A legal hold could not be placed or lifted; the message says why."""


# --- the schedule and due dates ---------------------------------------------------------------


def current_schedule() -> Schedule:
    """The configured schedule (ONRECORD_RETENTION_SCHEDULE), or the documented defaults; every
    meeting kind the application knows must have a record type. Raises ScheduleError."""
    return load_schedule(
        getattr(settings, "ONRECORD_RETENTION_SCHEDULE", ""), list(Meeting.Kind.values)
    )


def children_facts(case_id: Any) -> list[ChildFacts]:
    """The children a meeting of this case concerns: every child of the case (a meeting is about
    the family; agenda items name children only for what the family may see)."""
    return [
        ChildFacts(date_of_birth=born, looked_after=looked_after)
        for born, looked_after in Child.objects.filter(case_id=case_id).values_list(
            "date_of_birth", "looked_after"
        )
    ]


def due_for(
    recording: Recording,
    schedule: Schedule | None = None,
    children: list[ChildFacts] | None = None,
) -> Due:
    schedule = schedule or current_schedule()
    meeting = recording.meeting
    return due_date(
        schedule,
        recording_kind=recording.kind,
        meeting_kind=meeting.kind,
        meeting_on=timezone.localdate(meeting.scheduled_start),
        children=children if children is not None else children_facts(meeting.case_id),
    )


@dataclass(frozen=True)
class DueRecording:
    recording: Recording
    due: Due
    holds: list[LegalHold]
    warning: RetentionWarning | None
    may_dispose_from: dt.date | None
    refusal: str

    @property
    def held(self) -> bool:
        return bool(self.holds)


def review(
    *,
    within_days: int | None = None,
    today: dt.date | None = None,
    schedule: Schedule | None = None,
    user: Any = None,
) -> tuple[list[DueRecording], list[DueRecording]]:
    """(due within `within_days` (default: the warning period) or overdue, soonest first;
    recordings with no due date that a person must decide about). Given a `user`, only the
    recordings of the authorities they work for (cases/scoping.py)."""
    schedule = schedule or current_schedule()
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(
        days=within_days if within_days is not None else schedule.warning_days
    )
    recordings: QuerySet[Recording] = Recording.objects.filter(
        disposed_at__isnull=True
    ).select_related("meeting__case", "family_member")
    if user is not None:
        recordings = scoping.for_user(recordings, user)
    by_case: dict[Any, list[ChildFacts]] = {}
    due: list[DueRecording] = []
    flagged: list[DueRecording] = []
    for recording in recordings.iterator(chunk_size=500):
        case_id = recording.meeting.case_id
        if case_id not in by_case:
            by_case[case_id] = children_facts(case_id)
        when = due_for(recording, schedule, by_case[case_id])
        if when.due_on is None:
            flagged.append(status_of(recording, when, schedule, today))
        elif when.due_on <= horizon:
            due.append(status_of(recording, when, schedule, today))
    due.sort(key=lambda d: (d.due.due_on or today, str(d.recording.pk)))
    return due, flagged


def latest_warning(recording: Recording) -> RetentionWarning | None:
    return RetentionWarning.objects.filter(recording=recording).order_by("-sent_at", "-id").first()


def status_of(recording: Recording, due: Due, schedule: Schedule, today: dt.date) -> DueRecording:
    holds = list(active_holds(recording))
    warning = latest_warning(recording)
    may_from = None
    if due.due_on is not None and warning is not None:
        may_from = max(
            due.due_on,
            timezone.localdate(warning.sent_at) + dt.timedelta(days=schedule.warning_days),
        )
    return DueRecording(
        recording, due, holds, warning, may_from, _refusal(due, holds, warning, may_from, today)
    )


def _refusal(
    due: Due,
    holds: list[LegalHold],
    warning: RetentionWarning | None,
    may_from: dt.date | None,
    today: dt.date,
) -> str:
    """Why it may not be disposed of today ('' when it may)."""
    if holds:
        hold = holds[0]
        return (
            f"It is under legal hold ({hold.reference}, placed "
            f"{timezone.localdate(hold.placed_at):%-d %B %Y}: {hold.reason}). "
            "Disposal is refused until every hold on it is lifted."
        )
    if due.due_on is None:
        return f"It has no due date: {due.flag}."
    if due.due_on > today:
        return f"It is not due for disposal until {due.due_on:%-d %B %Y} ({due.rule.describe()})."
    if warning is None:
        return (
            "The record owner has not been warned yet: the allocated social worker or team "
            "manager is emailed first (a case with neither, or neither with an email address, "
            "is never warned until someone is allocated)."
        )
    if may_from is not None and may_from > today:
        return (
            f"The record owner was warned on {timezone.localdate(warning.sent_at):%-d %B %Y}; "
            f"it may be disposed of from {may_from:%-d %B %Y}, after the warning period."
        )
    return ""


# --- legal holds ------------------------------------------------------------------------------


def active_holds(recording: Recording) -> QuerySet[LegalHold]:
    """Holds not yet lifted that cover this recording: its own, and its case's."""
    return (
        LegalHold.objects.filter(
            Q(recording=recording) | Q(recording__isnull=True, case_id=recording.meeting.case_id)
        )
        .filter(release__isnull=True)
        .select_related("placed_by")
    )


def can_manage_holds(user: Any, case: Case) -> bool:
    """Legal staff allocated to the case, or an account given `vault.manage_legal_holds` (the
    records manager, the data protection officer) with a legal or administrator role, for the
    cases of the authorities it works for (never another council's)."""
    role = case_permissions.role_of(user)
    if role == Role.LEGAL and case_permissions.can_view_case(user, case):
        return True
    return (
        role in HOLD_MANAGER_ROLES
        and bool(user.has_perm("vault.manage_legal_holds"))
        and scoping.within(user, case)
    )


def _clean(text: str, what: str, *, limit: int = _MAX_TEXT) -> str:
    text = (text or "").strip()
    if not text:
        raise HoldError(f"Enter the {what}.")
    if len(text) > limit:
        raise HoldError(f"The {what} must be {limit} characters or fewer.")
    return text


def place_hold(
    *, case: Case, by: Any, reason: str, reference: str, recording: Recording | None = None
) -> LegalHold:
    """Place a legal hold on every recording of the case, or on one recording of it."""
    if not can_manage_holds(by, case):
        raise HoldError(f"{by} may not place legal holds on case {case.reference}.")
    reason = _clean(reason, "reason for the legal hold")
    reference = _clean(reference, "court case or matter reference", limit=200)
    if recording is not None and recording.meeting.case_id != case.pk:
        raise HoldError("That recording is not on this case.")
    with transaction.atomic():
        # The case's lock orders holds and disposals: a hold placed while a disposal is being
        # confirmed either lands first (and refuses it) or waits for it.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        hold = LegalHold.objects.create(
            case=case, recording=recording, reason=reason, reference=reference, placed_by=by
        )
        audit.record(
            "vault.legal_hold_placed",
            hold,
            detail={
                "reference": reference,
                "scope": f"recording {recording.pk}"
                if recording
                else "every recording of the case",
            },
        )
    return hold


def lift_hold(hold: LegalHold, *, by: Any, reason: str) -> LegalHoldRelease:
    if not can_manage_holds(by, hold.case):
        raise HoldError(f"{by} may not lift legal holds on case {hold.case.reference}.")
    reason = _clean(reason, "reason for lifting the legal hold")
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=hold.case_id).first()
        if LegalHoldRelease.objects.filter(hold=hold).exists():
            raise HoldError(f"Legal hold {hold.pk} ({hold.reference}) was already lifted.")
        release = LegalHoldRelease.objects.create(hold=hold, reason=reason, lifted_by=by)
        audit.record(
            "vault.legal_hold_lifted",
            hold,
            detail={"reference": hold.reference, "reason": reason},
        )
    return release


# --- disposal ---------------------------------------------------------------------------------


def can_dispose(user: Any) -> bool:
    """Holds the records manager's power at all (the due list, the menu link)."""
    role = case_permissions.role_of(user)
    return role in DISPOSER_ROLES and bool(user.has_perm("vault.dispose_recording"))


def can_dispose_of(user: Any, recording: Recording) -> bool:
    """May dispose of this recording: the records manager's power, within their authority."""
    return can_dispose(user) and scoping.within(user, recording)


def _who(user: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "role": str(user.role),
    }


def dispose(
    recording: Recording,
    *,
    by: Any,
    today: dt.date | None = None,
    schedule: Schedule | None = None,
    store: BlobStore | None = None,
) -> DisposalCertificate:
    """Destroy the recording's data key, in one transaction with its audit entry and its
    certificate; then delete its encrypted file. Refused (DisposalRefused, nothing changed)
    unless `by` may dispose, the recording is due, its owner was warned at least the warning
    period ago, and no legal hold covers it."""
    if not can_dispose(by):
        raise DisposalRefused(
            f"{by} may not dispose of recordings: that needs the records manager's permission "
            "(vault.dispose_recording) and a legal or administrator role."
        )
    if not can_dispose_of(by, recording):
        raise DisposalRefused(
            f"{by} may not dispose of recording {recording.pk}: it belongs to an authority "
            f"{by} does not work for."
        )
    schedule = schedule or current_schedule()
    today = today or timezone.localdate()
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=recording.meeting.case_id).first()
        locked = (
            Recording.objects.select_for_update()
            .select_related("meeting__case")
            .get(pk=recording.pk)
        )
        if locked.disposed_at is not None:
            raise DisposalRefused(disposed_notice(locked))
        status = status_of(locked, due_for(locked, schedule), schedule, today)
        if status.refusal:
            raise DisposalRefused(f"Recording {locked.pk} cannot be disposed of. {status.refusal}")
        now = timezone.now()
        destroyed_sha = hashlib.sha256(bytes(locked.wrapped_key)).hexdigest()
        locked.wrapped_key = KEY_TOMBSTONE
        locked.disposed_at = now
        locked.save(update_fields=["wrapped_key", "disposed_at"])
        emit(RECORDING_DISPOSED, locked, meeting_id=locked.meeting_id)  # events out (webhooks)
        remove_receipt_tags(locked)  # a family's recording: its file's tags go with it
        due = status.due
        event = audit.record(
            "vault.disposed",
            locked,
            detail={
                "sha256": locked.sha256,
                "record_type": due.record_type,
                "due_on": str(due.due_on),
                "kek_id": locked.kek_id,
                "destroyed_wrapped_key_sha256": destroyed_sha,
            },
        )
        rule = due.rule
        content = {
            "format": CERTIFICATE_FORMAT,
            "version": CERTIFICATE_VERSION,
            "authority": locked.meeting.case.authority.name,
            "recording": {
                "id": str(locked.pk),
                "sha256": locked.sha256,
                "size": locked.size,
                "kind": locked.get_kind_display(),
                "added_at": locked.created_at.astimezone(dt.UTC).isoformat(),
                "case_reference": locked.meeting.case.reference,
                "meeting": str(locked.meeting_id),
                "meeting_date": str(timezone.localdate(locked.meeting.scheduled_start)),
            },
            "record_type": due.record_type,
            "rule": {
                "label": rule.label,
                "description": rule.describe(),
                "source": rule.source,
                "also_applied": due.also_applied,
            },
            "schedule": schedule.source,
            "due_on": str(due.due_on),
            "owner_warned_at": status.warning.sent_at.astimezone(dt.UTC).isoformat()
            if status.warning
            else None,
            "authorised_by": _who(by),
            "disposed_at": now.astimezone(dt.UTC).isoformat(),
            "method": METHOD,
            "kek_id": locked.kek_id,
            "destroyed_wrapped_key_sha256": destroyed_sha,
            "audit_event": {"seq": event.seq, "hash": event.hash},
        }
        certificate = DisposalCertificate.objects.create(
            recording=locked, content=content, authorised_by=by
        )
        blob = locked.blob_name
        transaction.on_commit(lambda: _delete_blob(blob, store))
    return certificate


def _delete_blob(name: str, store: BlobStore | None) -> None:
    """After the key is gone the file is noise; delete it to free the space and so that a
    database backup holding the old wrapped key finds nothing to open. If this fails the
    daily retention job tries again (purge_disposed_blobs)."""
    from onrecord.vault.ingest import default_store

    try:
        (store if store is not None else default_store()).delete(name)
    except (StorageError, OSError):
        log.exception("disposal: could not delete %s; the retention job will retry", name)


def purge_disposed_blobs(store: BlobStore | None = None) -> int:
    """Delete any encrypted file left behind by a disposal whose deletion failed."""
    from onrecord.vault.ingest import default_store

    store = store if store is not None else default_store()
    removed = 0
    names = Recording.objects.filter(disposed_at__isnull=False).values_list("blob_name", flat=True)
    for name in names.iterator(chunk_size=500):
        if store.exists(name):
            store.delete(name)
            removed += 1
    return removed


def certificate_json(certificate: DisposalCertificate) -> dict[str, Any]:
    return {"certificate": certificate.number, **certificate.content}
