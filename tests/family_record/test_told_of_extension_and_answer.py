"""The family member who asked for a copy is told, not only recorded as told: when the legal
officer extends the time to answer (UK GDPR Article 12(3): the person is told of the extension,
with the reasons) and when they record that the response was sent, a message goes to the
person through the notification port (recording_requests/notifiers.py), in their language,
with the reference number, what happens next and by when. It is written to the case timeline
in the same transaction and sent only once that transaction commits; a step refused sends
nothing. docs/NOTIFICATIONS.md, "When people are told"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.family_record import subject_access
from onrecord.family_record.models import SubjectAccessRequest
from onrecord.recording_requests import notifiers
from onrecord.recording_requests.models import TimelineEntry
from tests.support.personas import World

BASE = "https://onrecord.eastmere.example"
DANA = "dana@example.org"
REASONS = "Six years of records across two services."


@pytest.fixture
def fake(settings: Any) -> Iterator[notifiers.FakeNotifier]:
    settings.ONRECORD_BASE_URL = BASE
    replacement = notifiers.FakeNotifier()
    notifiers.use(replacement)
    yield replacement
    notifiers.use(None)


def asked(world: World, *, email: str = DANA, language: str = "") -> SubjectAccessRequest:
    mother = world.case.people.get(user=world.users["mother"])
    mother.email = email
    mother.save()
    if language:
        world.users["mother"].language = language
        world.users["mother"].save()
    world.client_for("mother").post(
        reverse("family_ask_for_a_copy", args=[world.meeting.pk]), {"asks": "recording"}
    )
    return SubjectAccessRequest.objects.get(hold__isnull=False)


def extend(world: World, made: SubjectAccessRequest) -> Any:
    return subject_access.extend_time(
        made,
        by=world.users["legal"],
        extra_months=2,
        reasons=REASONS,
        told_on=timezone.localdate(),
    )


def answer(world: World, made: SubjectAccessRequest, how: str, exemptions: str = "") -> Any:
    return subject_access.record_answer(
        made,
        by=world.users["legal"],
        sent_on=timezone.localdate(),
        sent_how=how,
        disclosed="The recording with two passages about Leo redacted.",
        exemptions=exemptions,
    )


def test_an_extension_is_told_to_her_after_the_commit(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        extension = extend(world, made)
    assert fake.sent == []  # nothing leaves inside the transaction
    for callback in callbacks:
        callback()
    (sent,) = fake.sent
    assert sent.to == DANA
    assert sent.subject == f"We need more time to answer your request: {made.reference}"
    body = sent.body
    assert body.startswith("Dear Dana Whitfield,")
    assert "We need more time to answer your request for a copy of the recording" in body
    assert f"Your reference number is {made.reference}." in body
    assert REASONS in body  # the reasons, as Article 12(3) asks
    assert f"You get your copy by {extension.due_on:%A %-d %B %Y}." in body
    assert "https://ico.org.uk/make-a-complaint/" in body
    assert f"{BASE}{reverse('family_copy_requested', args=[made.pk])}" in body
    # On the case timeline for staff, and the audit entry names it.
    entry = TimelineEntry.objects.get(summary=sent.subject)
    assert entry.kind == TimelineEntry.Kind.MESSAGE
    assert entry.meeting == world.meeting
    assert entry.to == DANA
    assert sent.reference == str(entry.pk)
    event = AuditEvent.objects.get(action="subject_access.extended")
    assert event.detail["message"] == entry.pk
    assert mail.outbox == []  # through the port only


def test_the_answer_sent_by_post_is_told_with_when_to_chase_and_no_staff_notes(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world)
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, made, "post", exemptions="DPA 2018 Sch. 2 para 16: data about Leo withheld")
    (sent,) = fake.sent
    assert sent.subject == f"We have answered your request: {made.reference}"
    body = sent.body
    today = timezone.localdate()
    assert f"We posted it to you on {today:%A %-d %B %Y}." in body
    chase = today + dt.timedelta(days=7)
    assert f"If it has not reached you by {chase:%A %-d %B %Y}, tell us." in body
    assert "We left some things out. Our answer says what, and why the law lets us." in body
    assert "If you are not happy with our answer, tell us. We will look at it again." in body
    assert "https://ico.org.uk/make-a-complaint/" in body
    # The officer's own notes of what was disclosed and withheld stay with staff.
    assert "redacted" not in body
    assert "Sch. 2" not in body
    event = AuditEvent.objects.get(action="subject_access.answered")
    assert event.detail["message"] == TimelineEntry.objects.get(summary=sent.subject).pk


def test_handed_over_in_person_there_is_nothing_to_chase(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world)
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, made, "in_person")
    (sent,) = fake.sent
    assert "We gave it to you in person on" in sent.body
    assert "has not reached you" not in sent.body
    assert "We left some things out" not in sent.body


def test_in_welsh_where_her_language_is_welsh(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world, language="cy")
    with django_capture_on_commit_callbacks(execute=True):
        extend(world, made)
        answer(world, made, "email")
    extended, answered = fake.sent
    assert extended.subject == (f"Mae angen mwy o amser arnom i ateb eich cais: {made.reference}")
    assert extended.body.startswith("Annwyl Dana Whitfield,")
    assert f"Eich cyfeirnod yw {made.reference}." in extended.body
    assert "Dyma pam mae angen mwy o amser arnom:" in extended.body
    assert REASONS in extended.body  # the officer's own words, as written
    assert answered.subject == f"Rydym wedi ateb eich cais: {made.reference}"
    assert "Fe wnaethom ei anfon atoch drwy e-bost diogel ar" in answered.body
    assert "Gallwch hefyd gwyno i Swyddfa’r Comisiynydd Gwybodaeth:" in answered.body


def test_a_refused_step_tells_nobody(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world)
    before = TimelineEntry.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(subject_access.AnswerRefused),
    ):
        subject_access.extend_time(
            made,
            by=world.users["legal"],
            extra_months=3,
            reasons=REASONS,
            told_on=timezone.localdate(),
        )
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(subject_access.AnswerRefused),
    ):
        subject_access.record_answer(
            made,
            by=world.users["other_legal"],
            sent_on=timezone.localdate(),
            sent_how="post",
            disclosed="Everything",
        )
    assert fake.sent == []
    assert TimelineEntry.objects.count() == before


def test_without_an_email_address_staff_are_asked_to_pass_it_on(
    world: World, fake: notifiers.FakeNotifier, django_capture_on_commit_callbacks: Any
) -> None:
    made = asked(world, email="")
    with django_capture_on_commit_callbacks(execute=True):
        extend(world, made)
    assert fake.sent == []
    entry = TimelineEntry.objects.get(summary__startswith="We need more time")
    assert entry.to == "Dana Whitfield (no email address: pass this on in person)"
    assert REASONS in entry.body


def test_her_request_page_says_where_it_stands(world: World, fake: Any) -> None:
    made = asked(world)
    page_url = reverse("family_copy_requested", args=[made.pk])
    client = world.client_for("mother")
    extension = extend(world, made)
    page = client.get(page_url).content.decode()
    assert "We need more time" in page
    assert f"You get your copy by {extension.due_on:%A %-d %B %Y}." in page
    assert REASONS in page
    answer(world, made, "portal")
    page = client.get(page_url).content.decode()
    assert "We have answered your request" in page
    assert "We sent you a secure link to download it on" in page
    assert "We need more time" not in page


def test_her_request_page_in_welsh(world: World, fake: Any) -> None:
    made = asked(world, language="cy")
    client = world.client_for("mother")
    client.post(reverse("choose_language"), {"language": "cy", "next": reverse("home")})
    page_url = reverse("family_copy_requested", args=[made.pk])
    extend(world, made)
    page = client.get(page_url).content.decode()
    assert '<html lang="cy"' in page
    assert "Mae angen mwy o amser arnom" in page
    assert "Dyma pam mae angen mwy o amser arnom:" in page
    answer(world, made, "post")
    page = client.get(page_url).content.decode()
    assert "Rydym wedi ateb eich cais" in page
    assert "Fe wnaethom ei bostio atoch ar" in page
    assert "We have answered" not in page
