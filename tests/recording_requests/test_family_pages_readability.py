"""Family pages read at reading age 9 or below (issue 12): the text of each page the family
member sees on the way from asking to record to withdrawing, scored with Flesch-Kincaid
(textstat; UK reading age = US grade + 5, so grade 4 or below).

Not scored: the case's own names (people, agencies, meeting titles, places), dates and
reference numbers, which the family knows and the service cannot simplify; and a short
allow-list of terms that must stay because the seeds and the law use them, each counted as
a plain one-syllable word.

The declaration: its standard wording is the seeds' own (Hackney 000_881dd3342fdd64fe.txt §4
and Appendix), kept word for word as the legal text; the easy-read version that the family
member can read and sign from says the same in plain words, and its expectations and signing
statements are scored here, each on its own and as the whole easy-read page.

English pages only: Flesch-Kincaid measures English. The Welsh pages are checked for being
wholly Welsh in test_family_pages_in_welsh.py (docs/LANGUAGES.md)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import textstat
from django.test import Client
from django.urls import reverse

from onrecord.cases.models import Person
from onrecord.recording_requests import services
from onrecord.recording_requests.declaration_text import (
    EASY_READ,
    EASY_READ_CHOICES,
    EASY_READ_CONFIRM,
    EASY_READ_UNTIL_REVOKED,
)
from onrecord.recording_requests.forms import NEED_CHOICES
from onrecord.recording_requests.models import RecordingRequest
from tests.recording_requests.helpers import allow, only_request, walk_journey
from tests.recording_requests.policy_concepts import token_sent_to
from tests.support.personas import World

READING_AGE = 9
GRADE = READING_AGE - 5
# Terms that must stay (the seeds' and the law's words), counted as one plain word each.
ALLOWED = [
    "parental responsibility",
    "child protection conference",
    "declaration",
    "recording",
    "recorded",
    "record",
    "meeting",
    "meetings",
    "decision",
    "withdrawn",
    "withdraw",
    "social worker",
    "reference number",
    "interpreter",
    "easy read",
    "optional",
    "video",
    "audio",
    "Children's Services",
    "Facebook",
    "YouTube",
]
DATES = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)?,?\s*\d{1,2} "
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"( \d{4})?(,? \d{1,2}(:\d\d)? ?[ap]\.?m\.?)?",
)


def _case_words(world: World) -> list[str]:
    names: set[str] = set()
    for person in Person.objects.filter(case=world.case):
        names.add(person.full_name)
        if person.agency:
            names.add(person.agency)
    for meeting in world.case.meetings.all():
        names.update({str(meeting), meeting.get_kind_display(), meeting.place})
    return sorted((n for n in names if n), key=len, reverse=True)


def page_text(body: str) -> str:
    main = re.search(r"<main\b[^>]*>(.*)</main>", body, re.S)
    assert main, "no <main>"
    text = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", " ", main.group(1), flags=re.S)
    # Each block and control is its own sentence (a heading, a label, a button).
    text = re.sub(r"</(p|li|h\d|dt|dd|label|legend|a|button|th|td|summary|caption)>", ". ", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


def scored(text: str, case_words: list[str]) -> str:
    for word in case_words:
        text = text.replace(word, "it")
    text = re.sub(r"REC-[A-Z0-9]{4}-[A-Z0-9]{4}", "it", text)
    text = DATES.sub("then", text)
    for term in sorted(ALLOWED, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(term)}\b", "word", text, flags=re.I)
    text = re.sub(r"(\.\s*)+", ". ", text)
    return text


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))


def _family_pages(world: World, client: Client) -> list[tuple[str, str]]:
    meeting = world.meeting.pk
    pages = [("home", reverse("home")), ("meeting", reverse("meeting_detail", args=[meeting]))]
    pages.append(("start", reverse("ask_to_record", args=[meeting])))
    client.get(pages[-1][1])
    pages += [
        (step, reverse(f"ask_to_record_{step}", args=[meeting]))
        for step in ("how", "why", "support")
    ]
    return pages


def _read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_family_pages_read_at_age_nine(world: World) -> None:
    client = world.client_for("mother")
    words = _case_words(world)
    texts: dict[str, str] = {}
    for name, url in _family_pages(world, client):
        texts[name] = _read(client, url)
    walk_journey(client, world.meeting)
    made = only_request()
    meeting = world.meeting.pk
    for name, url in [
        ("sent", reverse("ask_to_record_done", args=[meeting])),
        ("home waiting", reverse("home")),
        ("meeting waiting", reverse("meeting_detail", args=[meeting])),
        ("my request", reverse("request_detail", args=[made.pk])),
        ("withdraw", reverse("withdraw_request", args=[made.pk])),
    ]:
        texts[name] = _read(client, url)
    withdrawn = client.post(reverse("withdraw_request", args=[made.pk]), {"confirm": "on"})
    texts["withdrawn"] = withdrawn.content.decode()
    texts.update(_after_the_decision(world, client))
    grades = {name: grade(scored(page_text(body), words)) for name, body in texts.items()}
    too_hard = {name: round(g, 1) for name, g in grades.items() if g > GRADE}
    assert not too_hard, f"pages above reading age {READING_AGE} (FK grade {GRADE}): {too_hard}"


def _after_the_decision(world: World, client: Client) -> dict[str, str]:
    """A second request, allowed, its declaration waiting, then signed and withdrawn."""
    walk_journey(client, world.meeting)
    made = RecordingRequest.objects.get(status=RecordingRequest.Status.GATHERING_VIEWS)
    allow(world, made, "You can record it to help you remember.")
    meeting = reverse("meeting_detail", args=[world.meeting.pk])
    texts = {"my request allowed": _read(client, reverse("request_detail", args=[made.pk]))}
    declaration = services.prepare_declaration(
        made, world.users["social_worker"], worker_position="SW", worker_signed_name="Tom"
    )
    texts["meeting: sign"] = _read(client, meeting)
    texts["home: sign"] = _read(client, reverse("home"))
    services.sign_declaration(
        declaration,
        choice="agree",
        understands_until_revoked=True,
        signed_name="Dana Whitfield",
        signed_by=world.users["mother"],
    )
    texts["meeting: ready"] = _read(client, meeting)
    texts["withdraw declaration"] = _read(
        client, reverse("declaration_revoke", args=[declaration.pk])
    )
    services.revoke_declaration(declaration, revoked_by=world.users["mother"])
    texts["meeting: declaration withdrawn"] = _read(client, meeting)
    return texts


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        ("We will ask the others what they think. Then we tell you.", False),
        (
            "Notwithstanding contemporaneous documentation, practitioners' determinations "
            "necessitate comprehensive consideration of multidisciplinary perspectives.",
            True,
        ),
    ],
)
def test_the_measure_tells_plain_from_hard(text: str, hard: bool) -> None:
    assert (grade(text) > GRADE) is hard


def test_allowed_terms_and_case_names_are_not_scored(world: World) -> None:
    text = scored(
        "Your declaration about parental responsibility. Dana Whitfield, 17 December 2026.",
        _case_words(world),
    )
    assert "declaration" not in text
    assert "Whitfield" not in text
    assert "December" not in text


EASY_READ_STATEMENTS = [
    *(" ".join(point.lines) for point in EASY_READ),
    EASY_READ_CONFIRM,
    *EASY_READ_CHOICES.values(),
    EASY_READ_UNTIL_REVOKED,
]


@pytest.mark.parametrize("statement", EASY_READ_STATEMENTS)
def test_each_easy_read_statement_reads_at_age_nine(statement: str) -> None:
    assert grade(scored(statement, [])) <= GRADE, statement


def test_the_easy_read_page_with_its_sign_form_reads_at_age_nine(world: World) -> None:
    walk_journey(world.client_for("mother"), world.meeting)
    made = allow(world, only_request(), "You can record it.")
    declaration = services.prepare_declaration(
        made, world.users["social_worker"], worker_position="SW", worker_signed_name="Tom"
    )
    client = world.client_for("mother")
    body = _read(client, reverse("declaration_easy_read", args=[declaration.pk]))
    assert 'name="family_signed_name"' in body
    words = [*_case_words(world), str(declaration.worker), world.case.authority.name]
    assert grade(scored(page_text(body), words)) <= GRADE


def _minutes_words(content: dict[str, object]) -> list[str]:
    """What the chair and the people at the meeting wrote and said (the approved notes, the
    transcript): the record itself, not the service's words, so not scored (like names)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.extend(line.strip() for line in value.splitlines() if line.strip())
        elif isinstance(value, dict):
            for each in value.values():
                walk(each)
        elif isinstance(value, list):
            for each in value:
                walk(each)

    walk(content)
    return found


def test_the_family_record_pages_read_at_age_nine(world: World) -> None:
    """My notes of a meeting (issue 12, the family's own record): not ready yet, ready (all of
    it, and with parts left out), what people said, the home page leading with it, asking for a
    copy and being told what happens next."""
    from onrecord.family_record.models import SubjectAccessRequest
    from onrecord.minutes import services as minutes
    from tests.family_record.conftest import SAID, approve_the_minutes, hold_the_meeting

    hold_the_meeting(world)
    meeting = world.meeting.pk
    texts = {
        "notes not ready": _read(
            world.client_for("mother"), reverse("family_record", args=[meeting])
        )
    }
    approved = approve_the_minutes(world)
    for persona in ("mother", "father_of_jade"):
        client = world.client_for(persona)
        texts[f"home: notes ready ({persona})"] = _read(client, reverse("home"))
        texts[f"my notes ({persona})"] = _read(client, reverse("family_record", args=[meeting]))
        texts[f"what people said ({persona})"] = _read(
            client, reverse("family_transcript", args=[meeting])
        )
    client = world.client_for("father_of_jade")
    texts["ask for a copy"] = _read(client, reverse("family_ask_for_a_copy", args=[meeting]))
    client.post(reverse("family_ask_for_a_copy", args=[meeting]), {"asks": "recording"})
    made = SubjectAccessRequest.objects.get()
    texts["copy asked for"] = _read(client, reverse("family_copy_requested", args=[made.pk]))
    assert minutes.approved_version(world.meeting) == approved
    record = [*_minutes_words(approved.content), *(text for _, _, text in SAID)]
    words = sorted(
        {*_case_words(world), *record, "Speaker 1", "Speaker 2", "Speaker 3", made.reference},
        key=len,
        reverse=True,
    )
    grades = {name: grade(scored(page_text(body), words)) for name, body in texts.items()}
    too_hard = {name: round(g, 1) for name, g in grades.items() if g > GRADE}
    assert not too_hard, f"pages above reading age {READING_AGE} (FK grade {GRADE}): {too_hard}"


def test_the_needs_question_its_help_and_the_views_page_read_at_age_nine(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 14's family questions: what makes meetings hard (every answer chosen, so every
    kind of help is shown on the check page), and the views page with "would you still come"."""
    client = world.client_for("mother")
    meeting = world.meeting.pk
    client.get(reverse("ask_to_record", args=[meeting]))
    client.post(reverse("ask_to_record_how", args=[meeting]), {"medium": "audio"})
    client.post(reverse("ask_to_record_why", args=[meeting]), {"purposes": ["accessibility"]})
    texts = {"needs": _read(client, reverse("ask_to_record_needs", args=[meeting]))}
    client.post(
        reverse("ask_to_record_needs", args=[meeting]),
        {"needs": [value for value, _ in NEED_CHOICES]},
    )
    client.post(reverse("ask_to_record_support", args=[meeting]), {"support_needed": ""})
    texts["check with help"] = _read(client, reverse("ask_to_record_check", args=[meeting]))
    assert "How we can help you" in texts["check with help"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ask_to_record_check", args=[meeting]))
    token = token_sent_to("marcus.reid@eastmere.example")
    texts["give view"] = _read(Client(), reverse("link_start", args=[token]))
    assert "would you still come" in texts["give view"]
    words = _case_words(world)
    grades = {name: grade(scored(page_text(body), words)) for name, body in texts.items()}
    too_hard = {name: round(g, 1) for name, g in grades.items() if g > GRADE}
    assert not too_hard, f"pages above reading age {READING_AGE} (FK grade {GRADE}): {too_hard}"
