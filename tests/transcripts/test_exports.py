"""Exports of the latest version: plain text, WebVTT, SRT and Word, with speakers' names, times
from the words, unchecked words marked, and each download audited."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse

from onrecord.audit.models import AuditEvent
from onrecord.transcripts import exports, services
from onrecord.transcripts.models import Transcript
from onrecord.transcripts.words import TWord
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, transcribed

pytestmark = pytest.mark.django_db

WORDS = [
    TWord(0.0, 0.4, " Hello", 0.9, 0),
    TWord(0.5, 0.9, " everyone.", 0.3, 0),
    TWord(61.25, 61.5, " Yes", 0.95, 1),
    TWord(61.6, 62.0, " -->", 0.95, 1),
]
NAMES = {0: "Priya Shah (Chair)", 1: "Dana <Whitfield> & co"}
HEADING = exports.Heading("Transcript: conference", ("Version 1.",))


def test_plain_text() -> None:
    text = exports.to_text(WORDS, NAMES, HEADING)
    assert text == (
        "Transcript: conference\nVersion 1.\n\n"
        "[0:00] Priya Shah (Chair):\nHello everyone. [?]\n\n"
        "[1:01] Dana <Whitfield> & co:\nYes -->\n"
    )


def test_webvtt_cues_escape_what_would_break_them() -> None:
    vtt = exports.to_webvtt(WORDS, NAMES)
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.900\n<v Priya Shah (Chair)>")
    assert "Hello everyone. [?]" in vtt
    assert "2\n00:01:01.250 --> 00:01:02.000\n<v Dana <Whitfield and co>Yes ->\n" in vtt


def test_srt_uses_commas_and_names_the_speaker() -> None:
    srt = exports.to_srt(WORDS, NAMES)
    assert srt.splitlines()[:3] == [
        "1",
        "00:00:00,000 --> 00:00:00,900",
        "Priya Shah (Chair): Hello everyone. [?]",
    ]
    assert "00:01:01,250 --> 00:01:02,000" in srt


def test_word_document() -> None:
    document = docx.Document(io.BytesIO(exports.to_docx(WORDS, NAMES, HEADING)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Transcript: conference" in text
    assert "[0:00] Priya Shah (Chair): Hello everyone. [?]" in text


@pytest.mark.parametrize("fmt", sorted(exports.FORMATS))
def test_every_download_is_of_the_latest_version_and_audited(
    world: World, recording: Recording, engine: FakeEngine, fmt: str
) -> None:
    transcript: Transcript = transcribed(world, recording)
    services.correct_passage(
        transcript, by=world.users["chair"], segment=2, based_on=1, text="Jade is doing fine."
    )
    response = world.client_for("legal").get(
        reverse("transcript_export", args=[transcript.pk, fmt])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == exports.FORMATS[fmt][0]
    assert f"-v2.{exports.FORMATS[fmt][1]}" in response["Content-Disposition"]
    body = response.content
    if fmt == "docx":
        body = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs).encode()
    assert b"Jade is doing fine." in body
    assert b"agree. [?]" in body  # passage 2's unchecked word is still marked
    event = AuditEvent.objects.filter(action="transcript.export").get()
    assert event.detail["format"] == fmt
    assert event.detail["version"] == 2
    assert event.actor_username == world.users["legal"].username


def test_an_unknown_format_is_not_found(
    world: World, recording: Recording, engine: FakeEngine
) -> None:
    transcript = transcribed(world, recording)
    response = world.client_for("chair").get(
        reverse("transcript_export", args=[transcript.pk, "exe"])
    )
    assert response.status_code == 404
