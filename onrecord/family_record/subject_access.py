"""Asking for a copy: a subject access request (UK GDPR Article 15) made by a family member
from their own record of a meeting, in one transaction with its audit entry and the legal hold
that keeps the case's recordings from disposal while the council answers it (Data Protection
Act 2018 s.173 makes it an offence to erase data so that it is not disclosed; the retention
schedule's disposal honours every hold, vault/models LegalHold). The family member is emailed
their reference and the date, and the message is on the case timeline for staff to see. The
legal team sees it on their list of subject access requests (views.staff_list) and answers it
with the tools they already use: a redacted copy of the recording, a disclosure bundle."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onrecord.audit import services as audit
from onrecord.cases.models import Meeting, Person
from onrecord.family_record import sar_rules
from onrecord.family_record.models import SubjectAccessRequest
from onrecord.recording_requests.notify import absolute_url, send_message
from onrecord.vault.models import LegalHold

MAX_DETAILS = 1000


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
