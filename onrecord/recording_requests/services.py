"""The request journey: submit, ask for views, decide, tell the family, write it down.

Each public function is one transaction: the change, its timeline entries and its audit
entries are written together or not at all; emails go out only after commit (notify.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from onrecord.cases.models import Child, Meeting, Person
from onrecord.cases.services import write_case_note
from onrecord.recording_requests import declaration_text, links, notify
from onrecord.recording_requests.declaration_pdf import render_declaration_pdf
from onrecord.recording_requests.models import (
    AccessLink,
    Declaration,
    DeclarationDocument,
    Need,
    Purpose,
    RecordingRequest,
    Revocation,
    TimelineEntry,
    View,
    ViewInvitation,
)
from onrecord.recording_requests.reference import new_reference
from onrecord.webhooks.events import DECLARATION_SIGNED, DECLARATION_WITHDRAWN, REQUEST_MADE
from onrecord.webhooks.services import emit

FAMILY_KINDS = frozenset(
    {Person.Kind.PARENT, Person.Kind.FAMILY_MEMBER, Person.Kind.CARER, Person.Kind.CHILD}
)
# A child is asked directly once assessed Gillick competent; younger or unassessed children's
# views are sought by their social worker in person (Leeds principles: "age and understanding").
CHILD_ASKED_FROM_AGE = 12


class RequestError(Exception):
    """The request cannot be accepted; the message is for the person who made it."""


def timing_for(meeting: Meeting, made_at: dt.datetime) -> str:
    if made_at >= meeting.scheduled_start:
        return RecordingRequest.Timing.MID_MEETING
    if timezone.localdate(made_at) == timezone.localdate(meeting.scheduled_start):
        return RecordingRequest.Timing.ON_THE_DAY
    return RecordingRequest.Timing.IN_ADVANCE


def _in_english(words: Callable[[], list[str]]) -> list[str]:
    """Staff records (the timeline, the minutes) are kept in the service's default language,
    whatever language the family member asked in (docs/LANGUAGES.md)."""
    with translation.override(settings.LANGUAGE_CODE):
        return words()


def check_can_request(meeting: Meeting, requester: Person) -> None:
    if (
        requester.case_id != meeting.case_id
        or not meeting.attendees.filter(person=requester).exists()
    ):
        raise RequestError(
            gettext(
                "You are not invited to this meeting, so you cannot ask to record it. "
                "If you think you should be invited, contact your social worker."
            )
        )
    if requester.kind not in FAMILY_KINDS and requester.kind != Person.Kind.FRIEND:
        raise RequestError(
            gettext("Requests to record are made by the family, not by professionals.")
        )
    open_request = RecordingRequest.objects.filter(
        meeting=meeting, requester=requester, status=RecordingRequest.Status.GATHERING_VIEWS
    ).first()
    if open_request is not None:
        raise RequestError(
            gettext(
                "You already asked to record this meeting on %(date)s. "
                "We will tell you the decision; you do not need to ask again."
            )
            % {"date": date_format(timezone.localtime(open_request.made_at), "j F Y")}
        )


def people_to_ask(request: RecordingRequest) -> list[Person]:
    """Everyone whose view the seeds say to seek (Leeds b; Hackney 3; Hertfordshire 1.4):
    the other attendees, including professionals from other agencies, every other PR holder
    for the children discussed, and the children themselves where of age and understanding."""
    meeting = request.meeting
    day = timezone.localdate(meeting.scheduled_start)
    people: dict[Any, Person] = {}
    for attendee in meeting.attendees.select_related("person"):
        if attendee.person.kind != Person.Kind.STAFF:
            people[attendee.person.pk] = attendee.person
    children = Child.objects.filter(agenda_items__meeting=meeting).distinct()
    if not children.exists():
        children = Child.objects.filter(case=meeting.case)
    for child in children.select_related("person").prefetch_related(
        "parental_responsibilities__person"
    ):
        for pr in child.parental_responsibilities.all():
            if pr.is_current_on(day):
                people[pr.person.pk] = pr.person
        if child.gillick_competent or (
            child.gillick_competent is None and child.age_on(day) >= CHILD_ASKED_FROM_AGE
        ):
            people[child.person.pk] = child.person
    people.pop(request.requester.pk, None)
    return sorted(people.values(), key=lambda p: (p.kind, p.full_name))


@transaction.atomic
def submit_request(
    meeting: Meeting,
    requester: Person,
    *,
    medium: str,
    purposes: list[str],
    purpose_details: str = "",
    support_needed: str = "",
    needs: list[str] | None = None,
    channel: str,
    entered_by: Any = None,
    now: dt.datetime | None = None,
) -> RecordingRequest:
    now = now or timezone.now()
    check_can_request(meeting, requester)
    unknown = [p for p in purposes if p not in Purpose.values]
    if not purposes or unknown:
        raise RequestError(gettext("Choose at least one reason from the list."))
    needs = list(needs or [])
    if any(n not in Need.values for n in needs):
        raise RequestError(gettext("Choose what makes meetings hard for you from the list."))
    if needs and Purpose.ACCESSIBILITY not in purposes:
        raise RequestError(gettext("Needs are asked for only when you record because of a need."))
    request: RecordingRequest | None = None
    for _ in range(5):
        try:
            with transaction.atomic():
                request = RecordingRequest.objects.create(
                    meeting=meeting,
                    requester=requester,
                    made_at=now,
                    channel=channel,
                    entered_by=entered_by,
                    medium=medium,
                    purposes=sorted(set(purposes), key=Purpose.values.index),
                    purpose_details=purpose_details,
                    support_needed=support_needed,
                    needs=sorted(set(needs), key=Need.values.index),
                    timing=timing_for(meeting, now),
                    reference=new_reference(),
                )
            break
        except IntegrityError as exc:
            if RecordingRequest.objects.filter(
                meeting=meeting, requester=requester, status=RecordingRequest.Status.GATHERING_VIEWS
            ).exists():  # a simultaneous duplicate lost the race
                raise RequestError(gettext("You already asked to record this meeting.")) from exc
            # otherwise the reference was taken: draw another
    if request is None:
        raise RequestError(gettext("Your request could not be saved. Please try again."))
    # The link that asked them to make this request has done its job.
    links.expire_links(
        AccessLink.objects.filter(
            meeting=meeting, person=requester, purpose=AccessLink.Purpose.MAKE_REQUEST
        ),
        "request made",
        now=now,
    )
    emit(REQUEST_MADE, request, meeting_id=meeting.pk)  # events out (onrecord/webhooks)

    TimelineEntry.objects.create(
        case=meeting.case,
        meeting=meeting,
        at=now,
        kind=TimelineEntry.Kind.REQUEST,
        summary=f"{requester.full_name} asked to record the {meeting} ({request.medium})",
        body="Reasons: " + "; ".join(_in_english(request.purpose_labels)),
        for_minutes=True,
    )
    context = {"request": request, "meeting": meeting}
    notify.send_message(
        requester,
        gettext_lazy("We have your request to record the meeting"),
        "recording_requests/email/request_received.txt",
        context,
        meeting=meeting,
    )
    tell_staff(
        meeting,
        f"Request to record: {meeting}",
        "recording_requests/email/request_to_staff.txt",
        context,
    )
    for person in people_to_ask(request):
        ask_for_view(request, person, now=now)
    return request


def ask_for_view(request: RecordingRequest, person: Person, *, now: dt.datetime) -> None:
    ViewInvitation.objects.get_or_create(request=request, person=person, defaults={"asked_at": now})
    url = ""
    if person.email:
        _, token = links.create_link(
            AccessLink.Purpose.GIVE_VIEW, person, request.meeting, request=request, now=now
        )
        url = links.url_for(token)
    notify.send_message(
        person,
        format_lazy(gettext_lazy("Your view: a request to record the {}"), request.meeting),
        "recording_requests/email/view_invitation.txt",
        {"request": request, "meeting": request.meeting, "url": url},
        meeting=request.meeting,
    )


@transaction.atomic
def record_view(
    request: RecordingRequest,
    person: Person,
    stance: str,
    reason: str = "",
    *,
    would_not_attend_if_recorded: bool | None = None,
    recorded_by: Any = None,
    now: dt.datetime | None = None,
) -> View:
    """A person's view. Giving it again replaces nothing: the first view stands and a change of
    mind is a new request for the decision-maker to hear in the meeting."""
    if request.status != RecordingRequest.Status.GATHERING_VIEWS:
        raise RequestError(gettext("A decision has already been made on this request."))
    if stance not in View.Stance.values:
        raise RequestError(gettext("Choose whether you agree or object."))
    if person.pk == request.requester_id:  # the engine refuses it too (issue 14)
        raise RequestError(gettext("You made this request, so you do not give a view on it."))
    if View.objects.filter(request=request, person=person).exists():
        raise RequestError(gettext("Your view on this request has already been recorded."))
    if would_not_attend_if_recorded is not None and stance != View.Stance.OBJECTS:
        raise RequestError(gettext("Only someone who objects is asked if they would still come."))
    view = View.objects.create(
        request=request,
        person=person,
        stance=stance,
        reason=reason,
        would_not_attend_if_recorded=would_not_attend_if_recorded,
        given_at=now or timezone.now(),
        recorded_by=recorded_by,
    )
    links.expire_links(
        links.request_links(request).filter(person=person), "view given", now=view.given_at
    )
    TimelineEntry.objects.create(
        case=request.meeting.case,
        meeting=request.meeting,
        kind=TimelineEntry.Kind.VIEW,
        summary=f"{person.full_name}: {view.get_stance_display().lower()}",
        body=reason,
        for_minutes=stance == View.Stance.OBJECTS,
    )
    return view


@transaction.atomic
def send_request_link(meeting: Meeting, person: Person, created_by: Any) -> AccessLink:
    """The social worker sends a family member a link to ask to record without an account."""
    check_can_request(meeting, person)
    if not person.email:
        raise RequestError(f"{person.full_name} has no email address on the case.")
    link, token = links.create_link(
        AccessLink.Purpose.MAKE_REQUEST, person, meeting, created_by=created_by
    )
    notify.send_message(
        person,
        format_lazy(gettext_lazy("Asking to record the {}"), meeting),
        "recording_requests/email/request_link.txt",
        {"meeting": meeting, "url": links.url_for(token), "expires_at": link.expires_at},
        meeting=meeting,
    )
    return link


@transaction.atomic
def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind people whose view is still missing 24 hours before the meeting. Returns how many."""
    now = now or timezone.now()
    due = (
        ViewInvitation.objects.select_related("request__meeting", "person")
        .filter(
            reminded_at__isnull=True,
            request__status=RecordingRequest.Status.GATHERING_VIEWS,
            request__meeting__scheduled_start__gt=now,
            request__meeting__scheduled_start__lte=now + dt.timedelta(hours=24),
        )
        .select_for_update()
    )
    sent = 0
    for invitation in due:
        request = invitation.request
        if View.objects.filter(request=request, person=invitation.person).exists():
            continue
        url = ""
        if invitation.person.email:
            _, token = links.create_link(
                AccessLink.Purpose.GIVE_VIEW,
                invitation.person,
                request.meeting,
                request=request,
                now=now,
            )
            url = links.url_for(token)
        notify.send_message(
            invitation.person,
            format_lazy(gettext_lazy("Reminder: your view on recording the {}"), request.meeting),
            "recording_requests/email/view_reminder.txt",
            {"request": request, "meeting": request.meeting, "url": url},
            meeting=request.meeting,
        )
        invitation.reminded_at = now
        invitation.save(update_fields=["reminded_at"])
        sent += 1
    return sent


def write_decision_note(request: RecordingRequest, author: Any, text: str) -> None:
    write_case_note(request.meeting.case, author, f"Request to record: {request.meeting}", text)


@transaction.atomic
def prepare_declaration(
    request: RecordingRequest,
    worker: Any,
    *,
    worker_position: str,
    worker_signed_name: str,
    signer: Person | None = None,
    now: dt.datetime | None = None,
) -> Declaration:
    """The worker's half of the declaration (Hackney appendix), pre-filled from the case:
    family member, children, date. The family member signs next.

    `signer`: someone other than the requester who the policy asks to sign as well
    (Hertfordshire 1.3 "When both the above have signed": the competent child, or a parent
    with PR when a child asks); by default the requester."""
    now = now or timezone.now()
    if not hasattr(request, "decision") or request.decision.outcome != "allowed":
        raise RequestError("A declaration is prepared only after recording has been allowed.")
    signer = signer or request.requester
    if signer.pk != request.requester_id and signer.pk not in {p.pk for p in co_signers(request)}:
        raise RequestError(
            f"The policy does not ask {signer.full_name} to sign the declaration as well."
        )
    existing = in_force_declaration(signer)
    if existing is not None:
        raise RequestError(
            f"{signer.full_name} already has a signed declaration in place "
            f"(signed {existing.family_signed_at:%-d %B %Y})."
        )
    declaration = Declaration.objects.create(
        case=request.meeting.case,
        family_member=signer,
        request=request,
        worker=worker,
        worker_position=worker_position,
        discussed_on=timezone.localdate(now),
        worker_signed_name=worker_signed_name,
        worker_signed_at=now,
    )
    declaration.children.set(children_of(request.requester, request.meeting))
    TimelineEntry.objects.create(
        case=declaration.case,
        meeting=request.meeting,
        kind=TimelineEntry.Kind.DECLARATION,
        summary=f"{worker_signed_name} signed the declaration for {signer.full_name}",
    )
    notify.send_message(
        signer,
        gettext_lazy("Your declaration about recording is ready to sign"),
        "recording_requests/email/declaration_waiting.txt",
        {
            "declaration": declaration,
            "meeting": request.meeting,
            "sign_url": notify.absolute_url(reverse("declaration_sign", args=[declaration.pk])),
        },
        meeting=request.meeting,
    )
    return declaration


# The conditions that name others who sign too (Hertfordshire 1.3 "When both the above have
# signed"): the competent children when a parent asks, a parent with PR when a child asks.
CO_SIGN_CONDITIONS = frozenset({"HT-UNDERTAKING-CHILD", "HT-UNDERTAKING-PARENT"})


def co_signers(request: RecordingRequest) -> list[Person]:
    """The people the stored decision names in a condition that others sign too (Hertfordshire
    1.3), who have no declaration in force yet."""
    decision = getattr(request, "decision", None)
    if decision is None:
        return []
    named = {
        name
        for condition in decision.policy_decision.get("conditions", [])
        if condition.get("code") in CO_SIGN_CONDITIONS
        for name in condition.get("about", [])
    }
    people = Person.objects.filter(case=request.meeting.case, full_name__in=named).exclude(
        pk=request.requester_id
    )
    return [p for p in people.order_by("full_name") if in_force_declaration(p) is None]


def children_of(person: Person, meeting: Meeting) -> list[Child]:
    """The children a family member holds PR for (or is), on the day of the meeting."""
    day = timezone.localdate(meeting.scheduled_start)
    children = [
        pr.child
        for pr in person.parental_responsibilities.select_related("child__person")
        if pr.is_current_on(day)
    ]
    if hasattr(person, "child"):
        children.append(person.child)
    return children


def in_force_declaration(person: Person) -> Declaration | None:
    return (
        Declaration.objects.filter(
            family_member=person, family_signed_at__isnull=False, revocation__isnull=True
        )
        .order_by("-family_signed_at")
        .first()
    )


def _issue_document(declaration: Declaration, kind: str) -> DeclarationDocument:
    pdf = render_declaration_pdf(declaration)
    return DeclarationDocument.objects.create(
        declaration=declaration, kind=kind, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest()
    )


@transaction.atomic
def sign_declaration(
    declaration: Declaration,
    *,
    choice: str,
    understands_until_revoked: bool,
    signed_name: str,
    signed_by: Any,
    now: dt.datetime | None = None,
    version: str = declaration_text.STANDARD,
) -> Declaration:
    """The family member signs, from the standard or the easy-read version: the same checks,
    the same record; the words of the version they signed are kept with it (issue 12)."""
    now = now or timezone.now()
    if version not in (declaration_text.STANDARD, declaration_text.EASY_READ_VERSION):
        raise RequestError("Unknown version of the declaration.")
    # Lock the row so two devices signing at once cannot both succeed.
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.is_signed:
        raise RequestError(gettext("This declaration has already been signed."))
    if choice not in Declaration.Choice.values or not understands_until_revoked:
        raise RequestError(
            gettext("Choose one option and confirm you understand it stays in place.")
        )
    if not signed_name.strip():
        raise RequestError(gettext("Type your full name to sign."))
    declaration.choice = choice
    declaration.understands_until_revoked = True
    declaration.family_signed_name = signed_name.strip()
    declaration.family_signed_at = now
    declaration.family_signed_by = signed_by
    declaration.signed_version = version
    declaration.signed_text = declaration_text.signed_text(
        version,
        choice=choice,
        family_member=declaration.family_member.full_name,
        authority=declaration.case.authority.name,
        standard_choices=dict(Declaration.Choice.choices),
        # The easy-read words are kept in the language they were read in.
        translate=gettext,
    )
    declaration.save()
    _issue_document(declaration, DeclarationDocument.Kind.SIGNED)
    emit(DECLARATION_SIGNED, declaration, request_id=declaration.request_id)  # events out
    agreed = choice == Declaration.Choice.AGREE
    TimelineEntry.objects.create(
        case=declaration.case,
        meeting=declaration.request.meeting if declaration.request else None,
        kind=TimelineEntry.Kind.DECLARATION,
        summary=(
            f"{declaration.family_member.full_name} signed the declaration and "
            f"{'agreed' if agreed else 'did not agree'} to the expectations"
        ),
        for_minutes=True,
    )
    return declaration


@transaction.atomic
def revoke_declaration(
    declaration: Declaration, *, revoked_by: Any, reason: str = "", now: dt.datetime | None = None
) -> Revocation:
    """Withdraw a declaration. Nothing is deleted: the withdrawal is a new record, and the
    declaration no longer covers any later recording."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.is_revoked:
        raise RequestError(gettext("This declaration has already been withdrawn."))
    revocation = Revocation.objects.create(
        declaration=declaration,
        revoked_by=revoked_by,
        reason=reason,
        revoked_at=now or timezone.now(),
    )
    declaration.revocation = revocation
    _issue_document(declaration, DeclarationDocument.Kind.WITHDRAWN)
    emit(DECLARATION_WITHDRAWN, declaration, request_id=declaration.request_id)  # events out
    TimelineEntry.objects.create(
        case=declaration.case,
        kind=TimelineEntry.Kind.DECLARATION,
        summary=f"{declaration.family_member.full_name} withdrew their declaration",
        body=reason,
        for_minutes=True,
    )
    notify.send_message(
        declaration.family_member,
        gettext_lazy("You have withdrawn your declaration about recording"),
        "recording_requests/email/declaration_withdrawn.txt",
        {"declaration": declaration},
    )
    meeting = declaration.request.meeting if declaration.request else None
    if meeting is not None:
        tell_staff(
            meeting,
            f"Recording permission withdrawn: {meeting}",
            "recording_requests/email/permission_withdrawn_to_staff.txt",
            {"declaration": declaration, "meeting": meeting},
        )
    return revocation


def tell_staff(meeting: Meeting, subject: str, template: str, context: dict[str, Any]) -> None:
    """The meeting's chair and organiser, where they are on the case as people."""
    for staff_user in {u for u in (meeting.chair, meeting.organiser) if u is not None}:
        staff_person = meeting.case.people.filter(user=staff_user).first()
        if staff_person is not None:
            notify.send_message(staff_person, subject, template, context, meeting=meeting)


def withdrawable(request: RecordingRequest) -> bool:
    """A request can be withdrawn while views are gathered, and once allowed until a signed
    declaration is in force (then it is the declaration that is withdrawn)."""
    if request.status == RecordingRequest.Status.GATHERING_VIEWS:
        return True
    return (
        request.status == RecordingRequest.Status.DECIDED
        and hasattr(request, "decision")
        and request.decision.outcome == "allowed"
        and in_force_declaration(request.requester) is None
    )


@transaction.atomic
def withdraw_request(
    request: RecordingRequest, *, reason: str = "", now: dt.datetime | None = None
) -> RecordingRequest:
    """The family member withdraws their request, at any stage before recording (issue 12).
    Nothing is deleted: the request stays, marked withdrawn; the links asking others for their
    view expire, and those people and the meeting's chair are told."""
    now = now or timezone.now()
    request = (
        RecordingRequest.objects.select_for_update()
        .select_related("meeting__case", "requester")
        .get(pk=request.pk)
    )
    if not withdrawable(request):
        raise RequestError(
            gettext(
                "This request cannot be withdrawn now. If you signed a declaration, withdraw that."
            )
            if request.status == RecordingRequest.Status.DECIDED
            else gettext("This request has already been withdrawn.")
        )
    was_open = request.status == RecordingRequest.Status.GATHERING_VIEWS
    request.status = RecordingRequest.Status.WITHDRAWN
    request.withdrawn_at = now
    request.save(update_fields=["status", "withdrawn_at"])
    links.expire_links(links.request_links(request), "request withdrawn", now=now)
    meeting = request.meeting
    TimelineEntry.objects.create(
        case=meeting.case,
        meeting=meeting,
        at=now,
        kind=TimelineEntry.Kind.REQUEST,
        summary=f"{request.requester.full_name} withdrew their request to record the {meeting}",
        body=reason,
        for_minutes=True,
    )
    context = {"request": request, "meeting": meeting, "reason": reason}
    notify.send_message(
        request.requester,
        gettext_lazy("You have withdrawn your request to record the meeting"),
        "recording_requests/email/request_withdrawn.txt",
        context,
        meeting=meeting,
    )
    if was_open:
        answered = set(request.views.values_list("person_id", flat=True))
        for invitation in request.invitations.select_related("person"):
            if invitation.person_id not in answered:
                notify.send_message(
                    invitation.person,
                    format_lazy(gettext_lazy("Your view is no longer needed: {}"), meeting),
                    "recording_requests/email/view_not_needed.txt",
                    context,
                    meeting=meeting,
                )
    tell_staff(
        meeting,
        f"Request to record withdrawn: {meeting}",
        "recording_requests/email/request_withdrawn_to_staff.txt",
        context,
    )
    return request
