"""The information-governance officer's steps on a subject access request: record that the
response was sent (when, how, by whom, what was disclosed, any exemption), audited in the same
transaction, as a new row, lifting the legal hold the request placed and no other; extend the
time by up to two further months where the request is complex (UK GDPR Article 12(3)), only if
the person was told within the first month. The list shows open, overdue and answered.

Personas: Helen Ward, the council's legal officer (`legal`); Westford's legal officer
(`other_legal`), who sees nothing of Eastmere's requests; a social worker, who may not see the
list at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from onrecord.append_only import ImmutableRecordError
from onrecord.audit.models import AuditEvent
from onrecord.family_record import sar_rules
from onrecord.family_record.models import (
    SubjectAccessAnswer,
    SubjectAccessExtension,
    SubjectAccessRequest,
)
from onrecord.vault.models import LegalHold, LegalHoldRelease
from tests.support.personas import World


def _ask(world: World) -> SubjectAccessRequest:
    world.client_for("mother").post(
        reverse("family_ask_for_a_copy", args=[world.meeting.pk]), {"asks": "recording"}
    )
    return SubjectAccessRequest.objects.get(hold__isnull=False)


def _day(prefix: str, day: dt.date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _answer_data(day: dt.date, **more: str) -> dict[str, str]:
    return {
        **_day("sent_on", day),
        "sent_how": "email",
        "disclosed": "The recording with two passages about Leo redacted.",
        "exemptions": "DPA 2018 Sch. 2 para 16: third-party data about Leo withheld.",
        **more,
    }


def test_the_legal_officer_records_the_response_and_only_the_requests_hold_is_lifted(
    world: World,
) -> None:
    made = _ask(world)
    other_hold = LegalHold.objects.create(
        case=world.case,
        reason="Care proceedings",
        reference="ZE26C00123",
        placed_by=world.users["legal"],
    )
    client = world.client_for("legal")
    url = reverse("subject_access_answer", args=[made.pk])
    page = client.get(url).content.decode()
    assert "Record the response" in page
    assert made.reference in page
    today = timezone.localdate()
    response = client.post(url, _answer_data(today))
    assert response.status_code == 302
    assert response["Location"] == reverse("subject_access_list")

    answer = SubjectAccessAnswer.objects.get(request=made)
    assert answer.sent_on == today
    assert answer.sent_how == "email"
    assert answer.answered_by == world.users["legal"]
    assert "redacted" in answer.disclosed
    assert answer.exemptions.startswith("DPA 2018")
    # The request's own hold is lifted; the care proceedings hold stays.
    assert made.hold is not None
    release = LegalHoldRelease.objects.get()
    assert release.hold == made.hold
    assert answer.hold_release == release
    assert not LegalHoldRelease.objects.filter(hold=other_hold).exists()

    answered = AuditEvent.objects.get(action="subject_access.answered")
    assert answered.object_id == str(made.pk)
    assert answered.case_id == str(world.case.pk)
    assert answered.actor_username == world.users["legal"].username
    assert answered.detail["on_time"] is True
    assert answered.detail["exemptions_applied"] is True
    lifted = AuditEvent.objects.get(action="vault.legal_hold_lifted")
    assert lifted.object_id == str(made.hold.pk)

    listed = client.get(reverse("subject_access_list")).content.decode()
    answered_part = listed.split('<h2 class="govuk-heading-m">Answered</h2>')[1]
    assert made.reference in answered_part
    assert ">Answered<" in answered_part


def test_an_answer_is_a_record_never_changed_and_recorded_once(world: World) -> None:
    made = _ask(world)
    client = world.client_for("legal")
    url = reverse("subject_access_answer", args=[made.pk])
    client.post(url, _answer_data(timezone.localdate()))
    answer = SubjectAccessAnswer.objects.get()
    answer.disclosed = "Something else"
    with pytest.raises(ImmutableRecordError):
        answer.save()
    again = client.post(url, _answer_data(timezone.localdate(), disclosed="Second go"))
    assert again.status_code == 400
    assert "already been recorded" in again.content.decode()
    assert SubjectAccessAnswer.objects.count() == 1
    assert AuditEvent.objects.filter(action="subject_access.answered").count() == 1


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"sent_how": ""}, "Choose how the response was sent"),
        ({"sent_how": "carrier pigeon"}, "Select a valid choice"),
        ({"disclosed": ""}, "Enter what was disclosed"),
        ({"disclosed": "x" * 2001}, "What was disclosed must be 2000 characters or fewer"),
        ({"exemptions": "x" * 2001}, "The exemptions applied must be 2000 characters or fewer"),
        ({"sent_on_0": "31", "sent_on_1": "2"}, "Enter a real date"),
        ({"sent_on_0": ""}, "Enter the date the response was sent"),
        ({"future": "1"}, "cannot be in the future"),
        ({"past": "1"}, "cannot be before the request was received"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(
    world: World, change: dict[str, str], error: str
) -> None:
    made = _ask(world)
    today = timezone.localdate()
    day = today + dt.timedelta(days=1) if change.pop("future", None) else today
    day = today - dt.timedelta(days=1) if change.pop("past", None) else day
    client = world.client_for("legal")  # signing in is audited: count after it
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    response = client.post(
        reverse("subject_access_answer", args=[made.pk]), {**_answer_data(day), **change}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not SubjectAccessAnswer.objects.exists()
    assert not LegalHoldRelease.objects.exists()
    assert list(AuditEvent.objects.filter(seq__gt=before).values_list("action", "detail")) == []


def test_the_legal_officer_extends_the_time_for_a_complex_request(world: World) -> None:
    made = _ask(world)
    client = world.client_for("legal")
    today = timezone.localdate()
    response = client.post(
        reverse("subject_access_extend", args=[made.pk]),
        {
            "extra_months": "2",
            "reasons": "Six years of records across two services.",
            **_day("told_on", today),
        },
    )
    assert response.status_code == 302
    extension = SubjectAccessExtension.objects.get(request=made)
    assert extension.due_on == sar_rules.extended_due_on(made.received_on, 2)
    assert extension.told_on == today
    assert extension.extended_by == world.users["legal"]
    made.refresh_from_db()
    assert made.due_on == sar_rules.due_on(made.received_on)  # the request row is unchanged
    assert made.answer_due_on == extension.due_on
    event = AuditEvent.objects.get(action="subject_access.extended")
    assert event.detail["due_on"] == extension.due_on.isoformat()
    assert event.detail["was_due_on"] == made.due_on.isoformat()
    listed = client.get(reverse("subject_access_list")).content.decode()
    assert f'{extension.due_on:%-d %B %Y} <span class="govuk-body-s">(extended)' in listed
    # Once only.
    again = client.post(
        reverse("subject_access_extend", args=[made.pk]),
        {"extra_months": "1", "reasons": "More", **_day("told_on", today)},
    )
    assert again.status_code == 400
    assert SubjectAccessExtension.objects.count() == 1


def _received_long_ago(world: World, days: int) -> SubjectAccessRequest:
    received = timezone.localdate() - dt.timedelta(days=days)
    return SubjectAccessRequest.objects.create(
        reference=sar_rules.new_reference(),
        case=world.case,
        meeting=world.meeting,
        requester=world.case.people.get(user=world.users["mother"]),
        made_by=world.users["mother"],
        asks="everything",
        received_on=received,
        due_on=sar_rules.due_on(received),
    )


def test_an_extension_the_person_was_told_of_too_late_is_refused(world: World) -> None:
    made = _received_long_ago(world, 70)
    told = made.due_on + dt.timedelta(days=1)
    response = world.client_for("legal").post(
        reverse("subject_access_extend", args=[made.pk]),
        {"extra_months": "2", "reasons": "Complex", **_day("told_on", told)},
    )
    assert response.status_code == 400
    assert "within one month of the request" in response.content.decode()
    assert not SubjectAccessExtension.objects.exists()
    assert not AuditEvent.objects.filter(action="subject_access.extended").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"extra_months": "3", "reasons": "Complex"}, "Select a valid choice"),
        ({"extra_months": "1", "reasons": ""}, "Enter the reasons the request is complex"),
        ({"extra_months": "1", "reasons": "x" * 1001}, "1000 characters or fewer"),
    ],
)
def test_bad_extensions_are_refused(world: World, data: dict[str, str], error: str) -> None:
    made = _ask(world)
    response = world.client_for("legal").post(
        reverse("subject_access_extend", args=[made.pk]),
        {**data, **_day("told_on", timezone.localdate())},
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not SubjectAccessExtension.objects.exists()


def test_the_list_shows_open_overdue_and_answered(world: World) -> None:
    overdue = _received_long_ago(world, 70)
    fresh = _ask(world)
    page = world.client_for("legal").get(reverse("subject_access_list")).content.decode()
    waiting = page.split("Waiting for an answer</h2>")[1].split("<h2")[0]
    assert waiting.index(overdue.reference) < waiting.index(fresh.reference)
    overdue_row = waiting.split(overdue.reference)[1].split("</tr>")[0]
    assert "Overdue" in overdue_row
    fresh_row = waiting.split(fresh.reference)[1].split("</tr>")[0]
    assert "Overdue" not in fresh_row
    assert "left" in fresh_row
    listed = AuditEvent.objects.filter(action="view").order_by("-seq").first()
    assert listed is not None
    assert listed.detail["overdue"] == 1
    # Answered late: shown as such.
    sent = timezone.localdate()
    world.client_for("legal").post(
        reverse("subject_access_answer", args=[overdue.pk]), _answer_data(sent)
    )
    page = world.client_for("legal").get(reverse("subject_access_list")).content.decode()
    answered = page.split("Answered</h2>")[1]
    assert overdue.reference in answered
    assert "Answered late" in answered
    assert overdue.reference not in page.split("Waiting for an answer</h2>")[1].split("<h2")[0]


@pytest.mark.parametrize("step", ["subject_access_answer", "subject_access_extend"])
def test_another_councils_officer_and_a_social_worker_can_do_nothing(
    world: World, step: str, settings: Any
) -> None:
    made = _ask(world)
    url = reverse(step, args=[made.pk])
    today = timezone.localdate()
    data = {
        **_answer_data(today),
        "extra_months": "1",
        "reasons": "Complex",
        **_day("told_on", today),
    }
    other = world.client_for("other_legal")
    assert other.get(url).status_code == 404
    assert other.post(url, data).status_code == 404
    assert made.reference not in other.get(reverse("subject_access_list")).content.decode()
    social_worker = world.client_for("social_worker")
    assert social_worker.get(url).status_code == 403
    assert social_worker.post(url, data).status_code == 403
    assert social_worker.get(reverse("subject_access_list")).status_code == 403
    assert world.client_for("mother").post(url, data).status_code == 403
    assert not SubjectAccessAnswer.objects.exists()
    assert not SubjectAccessExtension.objects.exists()
    assert not LegalHoldRelease.objects.exists()
