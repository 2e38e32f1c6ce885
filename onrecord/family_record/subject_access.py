"""Asking for a copy: a subject access request (UK GDPR Article 15) made by a family member
from their own record of a meeting, in one transaction with its audit entry and the legal hold
that keeps the case's recordings from disposal while the council answers it (Data Protection
Act 2018 s.173 makes it an offence to erase data so that it is not disclosed; the retention
schedule's disposal honours every hold, vault/models LegalHold). The family member is emailed
their reference and the date, and the message is on the case timeline for staff to see. The
legal team sees it on their list of subject access requests (views.staff_list) and answers it
with the tools they already use: a redacted copy of the recording, a disclosure bundle.

The information-governance officer then records, each in one transaction with its audit entry
and each as a new row (never an edit): an extension of the time to answer where the request is
complex (`extend_time`, Article 12(3)), and that the response was sent (`record_answer`), which
lifts the legal hold the request placed, and only that one. Each time, the person who asked
is told by the notification port (recording_requests/notifiers.py), in their language: the new
date and the officer's reasons; or how and when the answer was sent, what to do if it has not
arrived, and how to complain to the ICO. The message is on the case timeline in the same
transaction and is sent only once it commits (recording_requests/notify.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onrecord.accounts.roles import Role
from onrecord.audit import services as audit
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Meeting, Person
from onrecord.family_record import sar_rules
from onrecord.family_record.models import (
    SubjectAccessAnswer,
    SubjectAccessExtension,
    SubjectAccessRequest,
)
from onrecord.recording_requests.notify import absolute_url, send_message
from onrecord.vault.models import LegalHold, LegalHoldRelease

MAX_DETAILS = 1000
MAX_ANSWER_TEXT = 2000
# Sent by post or email: the person is asked to tell us if it has not reached them a week on.
CHECK_AFTER = dt.timedelta(days=7)

# Who answers subject access requests: the legal team and data protection officer.
SAR_ROLES = frozenset({Role.LEGAL})


class CopyRefused(Exception):
    """The request cannot be made as asked; the message says why, in plain words."""


@transaction.atomic
def ask_for_a_copy(
    meeting: Meeting, person: Person, *, by: Any, asks: str, details: str = ""
) -> SubjectAccessRequest:
    if asks not in SubjectAccessRequest.Asks.values:
        raise CopyRefused(_("Choose what you want a copy of."))
    details = details.strip()
    if len(details) > MAX_DETAILS:
        raise CopyRefused(_("Write %(most)s characters or fewer.") % {"most": MAX_DETAILS})
    received = timezone.localdate()
    due = sar_rules.due_on(received)
    for _attempt in range(5):  # a repeated reference is caught by the unique constraint: draw again
        reference = sar_rules.new_reference()
        try:
            with transaction.atomic():
                hold = LegalHold.objects.create(
                    case=meeting.case,
                    reason=(
                        f"Subject access request {reference} from {person.full_name} "
                        f"({SubjectAccessRequest.Asks(asks).label.lower()}), to be answered by "
                        f"{due:%-d %B %Y}. Placed when the request was made, so nothing it "
                        "covers is disposed of before it is answered. Lift it once answered."
                    ),
                    reference=reference,
                    placed_by=by,
                )
                made = SubjectAccessRequest.objects.create(
                    reference=reference,
                    case=meeting.case,
                    meeting=meeting,
                    requester=person,
                    made_by=by,
                    asks=asks,
                    details=details,
                    received_on=received,
                    due_on=due,
                    hold=hold,
                )
        except IntegrityError:
            continue
        audit.record(
            "subject_access.requested",
            made,
            detail={
                "reference": reference,
                "asks": asks,
                "meeting": str(meeting.pk),
                "due_on": due.isoformat(),
                "legal_hold": hold.pk,
            },
        )
        # The family member is told by email, and the case timeline shows staff it was asked.
        send_message(
            person,
            format_lazy(gettext_lazy("We have your request for a copy: {}"), reference),
            "family_record/email/copy_requested.txt",
            {
                "made": made,
                "page_url": absolute_url(reverse("family_copy_requested", args=[made.pk])),
            },
            meeting=meeting,
        )
        return made
    raise CopyRefused(_("Something went wrong. Try again."))  # pragma: no cover - 27**8 references


# --- answering: the information-governance officer's steps ------------------------------------


class AnswerRefused(Exception):
    """The step cannot be recorded as asked; the message says why, in plain words."""


def may_answer(user: Any, made: SubjectAccessRequest) -> bool:
    """Legal staff of the council whose case it is."""
    return (
        case_permissions.role_of(user) in SAR_ROLES
        and scoping.authorities_of(user).filter(pk=made.case.authority_id).exists()
    )


def _text(value: str, what: str, *, most: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise AnswerRefused(f"Enter {what}.")
    if len(value) > most:
        raise AnswerRefused(f"{what[0].upper()}{what[1:]} must be {most} characters or fewer.")
    return value


def _tell(
    made: SubjectAccessRequest, subject: str | Promise, template: str, context: dict[str, object]
) -> int:
    """The person who asked is told, in their language (recording_requests/notify.py): the
    message is on the case timeline in this transaction and leaves only once it commits. The
    timeline entry's id is returned for the audit entry."""
    page_url = absolute_url(reverse("family_copy_requested", args=[made.pk]))
    entry = send_message(
        made.requester,
        subject,
        template,
        {**context, "made": made, "page_url": page_url},
        meeting=made.meeting,
    )
    return int(entry.pk)


def _locked(made: SubjectAccessRequest) -> SubjectAccessRequest:
    # One officer at a time: the second of two at once sees the first one's row.
    return SubjectAccessRequest.objects.select_for_update().get(pk=made.pk)


@transaction.atomic
def extend_time(
    made: SubjectAccessRequest,
    *,
    by: Any,
    extra_months: int,
    reasons: str,
    told_on: dt.date | None = None,
) -> SubjectAccessExtension:
    """Extend the time to answer; the person is sent the new date and the reasons now. They are
    told today by that message (`told_on` None), unless the officer told them earlier, by letter
    or phone (`told_on`); without an email address the message only goes on the timeline for
    staff to pass on, so the officer must say when they told them."""
    if not may_answer(by, made):
        raise AnswerRefused("Only the council's legal team may extend the time to answer.")
    made = _locked(made)
    if SubjectAccessAnswer.objects.filter(request=made).exists():
        raise AnswerRefused("This request has been answered: its time cannot be extended.")
    if SubjectAccessExtension.objects.filter(request=made).exists():
        raise AnswerRefused("The time to answer this request has already been extended.")
    if extra_months not in range(1, sar_rules.MOST_EXTRA_MONTHS + 1):
        raise AnswerRefused("Choose 1 or 2 further months.")
    reasons = _text(reasons, "the reasons the request is complex", most=MAX_DETAILS)
    told_by = "officer" if told_on is not None else "message"
    if told_on is None:
        if not made.requester.email:
            raise AnswerRefused(
                f"{made.requester.full_name} has no email address, so OnRecord cannot tell "
                "them: tell them by letter or phone, then enter the date you did."
            )
        told_on = timezone.localdate()
    try:
        sar_rules.check_extension(
            received=made.received_on,
            first_due=made.due_on,
            told_on=told_on,
            today=timezone.localdate(),
        )
    except sar_rules.ExtensionRefused as refused:
        raise AnswerRefused(str(refused)) from refused
    due = sar_rules.extended_due_on(made.received_on, extra_months)
    extension = SubjectAccessExtension.objects.create(
        request=made,
        extra_months=extra_months,
        due_on=due,
        reasons=reasons,
        told_on=told_on,
        extended_by=by,
    )
    told = _tell(
        made,
        format_lazy(gettext_lazy("We need more time to answer your request: {}"), made.reference),
        "family_record/email/time_extended.txt",
        {"extension": extension},
    )
    audit.record(
        "subject_access.extended",
        made,
        detail={
            "reference": made.reference,
            "extra_months": extra_months,
            "was_due_on": made.due_on.isoformat(),
            "due_on": due.isoformat(),
            "told_on": told_on.isoformat(),
            "told_by": told_by,
            "message": told,
        },
    )
    return extension


@transaction.atomic
def record_answer(
    made: SubjectAccessRequest,
    *,
    by: Any,
    sent_on: dt.date,
    sent_how: str,
    disclosed: str,
    exemptions: str = "",
) -> SubjectAccessAnswer:
    if not may_answer(by, made):
        raise AnswerRefused("Only the council's legal team may record the answer.")
    made = _locked(made)
    if SubjectAccessAnswer.objects.filter(request=made).exists():
        raise AnswerRefused("The answer to this request has already been recorded.")
    if sent_how not in SubjectAccessAnswer.SentHow.values:
        raise AnswerRefused("Choose how the response was sent.")
    if sent_on > timezone.localdate():
        raise AnswerRefused("The date it was sent cannot be in the future.")
    if sent_on < made.received_on:
        raise AnswerRefused("The date it was sent cannot be before the request was received.")
    disclosed = _text(disclosed, "what was disclosed", most=MAX_ANSWER_TEXT)
    exemptions = _text(exemptions, "the exemptions applied", most=MAX_ANSWER_TEXT, required=False)
    release = None
    hold = made.hold
    if hold is not None and not LegalHoldRelease.objects.filter(hold=hold).exists():
        # Only the hold this request placed: any other hold on the case stays.
        reason = f"Subject access request {made.reference} answered on {sent_on:%-d %B %Y}."
        release = LegalHoldRelease.objects.create(hold=hold, reason=reason, lifted_by=by)
        audit.record(
            "vault.legal_hold_lifted",
            hold,
            detail={"reference": hold.reference, "reason": reason},
        )
    answer = SubjectAccessAnswer.objects.create(
        request=made,
        sent_on=sent_on,
        sent_how=sent_how,
        disclosed=disclosed,
        exemptions=exemptions,
        answered_by=by,
        hold_release=release,
    )
    due = made.answer_due_on
    told = _tell(
        made,
        format_lazy(gettext_lazy("We have answered your request: {}"), made.reference),
        "family_record/email/answer_sent.txt",
        {"answer": answer, "check_by": sent_on + CHECK_AFTER},
    )
    audit.record(
        "subject_access.answered",
        made,
        detail={
            "reference": made.reference,
            "sent_on": sent_on.isoformat(),
            "sent_how": sent_how,
            "due_on": due.isoformat(),
            "on_time": sent_on <= due,
            "exemptions_applied": bool(exemptions),
            "legal_hold_lifted": hold.pk if release is not None and hold is not None else None,
            "message": told,
        },
    )
    return answer
