"""Extending the time to answer a subject access request (UK GDPR Article 12(3)): OnRecord's own
message tells the person, so the legal officer gives a date only where they told them before,
by letter or phone, or where the person has no email address and OnRecord cannot tell them
(family_record/subject_access.py `extend_time`, forms.py `ExtendForm`)."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onrecord.audit.models import AuditEvent
from onrecord.family_record.models import SubjectAccessExtension, SubjectAccessRequest
from tests.family_record.test_answering_a_subject_access_request import _day, _received_long_ago
from tests.support.personas import World

REASONS = "Six years of records across two services."


def _with_email(world: World, made: SubjectAccessRequest, email: str) -> SubjectAccessRequest:
    made.requester.email = email
    made.requester.save()
    return made


def _extend(world: World, made: SubjectAccessRequest, **told: str):
    return world.client_for("legal").post(
        reverse("subject_access_extend", args=[made.pk]),
        {"extra_months": "2", "reasons": REASONS, **told},
    )


def test_left_blank_she_is_told_today_by_the_email(world: World) -> None:
    made = _with_email(world, _received_long_ago(world, 10), "dana@example.org")
    page = world.client_for("legal").get(reverse("subject_access_extend", args=[made.pk]))
    assert "the email sent now tells them today" in page.content.decode()
    mail.outbox.clear()
    response = _extend(world, made)
    assert response.status_code == 302
    extension = SubjectAccessExtension.objects.get(request=made)
    assert extension.told_on == timezone.localdate()
    event = AuditEvent.objects.get(action="subject_access.extended")
    assert event.detail["told_by"] == "message"
    assert event.detail["told_on"] == timezone.localdate().isoformat()


def test_told_by_letter_in_the_first_month_and_recorded_after_it(world: World) -> None:
    made = _with_email(world, _received_long_ago(world, 40), "dana@example.org")
    told = made.due_on - dt.timedelta(days=3)
    assert made.due_on < timezone.localdate()  # too late to be told today
    response = _extend(world, made, **_day("told_on", told))
    assert response.status_code == 302
    assert SubjectAccessExtension.objects.get(request=made).told_on == told
    event = AuditEvent.objects.get(action="subject_access.extended")
    assert event.detail["told_by"] == "officer"


def test_left_blank_after_the_first_month_is_refused(world: World) -> None:
    made = _with_email(world, _received_long_ago(world, 40), "dana@example.org")
    response = _extend(world, made)
    assert response.status_code == 400
    assert "within one month of the request" in response.content.decode()
    assert not SubjectAccessExtension.objects.exists()


def test_without_an_email_address_the_officer_must_say_when_they_told_her(world: World) -> None:
    made = _with_email(world, _received_long_ago(world, 10), "")
    page = world.client_for("legal").get(reverse("subject_access_extend", args=[made.pk]))
    assert "They have no email address: tell them by letter or phone first" in page.content.decode()
    response = _extend(world, made)
    assert response.status_code == 400
    body = response.content.decode()
    assert "has no email address, so OnRecord cannot tell them" in body
    assert not SubjectAccessExtension.objects.exists()
    assert not AuditEvent.objects.filter(action="subject_access.extended").exists()
    told = timezone.localdate() - dt.timedelta(days=1)
    assert _extend(world, made, **_day("told_on", told)).status_code == 302
    assert SubjectAccessExtension.objects.get(request=made).told_on == told


def test_part_of_a_date_is_refused_not_read_as_blank(world: World) -> None:
    made = _with_email(world, _received_long_ago(world, 10), "dana@example.org")
    response = _extend(world, made, told_on_0="5", told_on_1="", told_on_2="2026")
    assert response.status_code == 400
    assert "Enter the whole date you told them, or leave it blank" in response.content.decode()
    assert not SubjectAccessExtension.objects.exists()
