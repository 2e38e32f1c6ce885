"""Correcting a transcript adds a version naming who made it and why; earlier versions, the
words' times and the audio never change. Bad edits are refused with a reason and save nothing."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from django.db import connection, transaction
from django.urls import reverse

from onrecord.cases.models import ImmutableRecordError
from onrecord.transcripts import services
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.transcripts.words import EditRefused, words_from_json
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, transcribed

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcript(world: World, recording: Recording, engine: FakeEngine) -> Transcript:
    return transcribed(world, recording)


def _words(transcript: Transcript, number: int) -> list[dict[str, object]]:
    words: list[dict[str, object]] = TranscriptVersion.objects.get(
        transcript=transcript, number=number
    ).words
    return words


def test_a_text_correction_is_a_new_attributed_version_with_the_same_times(
    world: World, transcript: Transcript, recording: Recording
) -> None:
    before = _words(transcript, 1)
    version = services.correct_passage(
        transcript,
        by=world.users["social_worker"],
        segment=1,
        based_on=1,
        text="Thank you, I disagree.",
        reason="misheard",
    )
    assert (version.number, version.source) == (2, "text")
    assert version.author == world.users["social_worker"]
    assert version.summary == "Corrected the words of passage 2. Why: misheard"
    after = _words(transcript, 2)
    assert _words(transcript, 1) == before, "version 1 is never changed"
    assert [w["text"] for w in after[4:8]] == [" Thank", " you,", " I", " disagree."]
    # Every word keeps its place in the audio; the corrected one takes the old one's time.
    assert [(w["start"], w["end"]) for w in after] == [(w["start"], w["end"]) for w in before]
    assert after[7]["probability"] == 1.0
    assert all(w.get("checked") for w in after[4:8])
    assert not any(w.get("checked") for w in after[:4] + after[8:])
    with open_recording(recording, purpose="verify") as reader:
        assert hashlib.sha256(reader.read()).hexdigest() == recording.sha256


def test_added_and_removed_words_stay_within_the_passage(
    world: World, transcript: Transcript
) -> None:
    services.correct_passage(
        transcript,
        by=world.users["chair"],
        segment=2,
        based_on=1,
        text="Jade is really doing very well at school.",
    )
    words = words_from_json(_words(transcript, 2))
    passage = [w for w in words if w.speaker == 2]
    assert " ".join(w.shown for w in passage) == "Jade is really doing very well at school."
    assert passage[0].start == pytest.approx(2.0)
    assert passage[-1].end <= 3.0
    assert all(a.start <= b.start for a, b in itertools.pairwise(passage))


def test_who_said_it_is_corrected_and_the_chairs_names_show(
    world: World, transcript: Transcript
) -> None:
    version = services.correct_passage(
        transcript, by=world.users["chair"], segment=2, based_on=1, speaker=1
    )
    assert version.source == "speaker"
    assert version.summary == "Passage 3 was said by Speaker 2"
    assert [w["speaker"] for w in version.words][8:] == [1, 1, 1, 1]
    assert [w["start"] for w in version.words] == [w["start"] for w in _words(transcript, 1)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "   "}, "Write what was said"),
        ({"text": "x" * 2001}, "at most 2000 characters"),
        ({"text": "This meeting is recorded."}, "Nothing was changed"),
        ({"speaker": 0}, "Nothing was changed"),
        ({"speaker": 7}, "Choose one of the speakers listed"),
        ({"speaker": -1}, "Choose one of the speakers listed"),
        ({"text": "Hello", "segment": 9}, "does not exist"),
        ({"text": "Hello", "based_on": 3}, "Someone else saved version 1"),
        ({"text": "Hello", "reason": "y" * 501}, "at most 500 characters"),
    ],
)
def test_bad_edits_are_refused_and_save_nothing(
    world: World, transcript: Transcript, change: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {"segment": 0, "based_on": 1} | change
    with pytest.raises(EditRefused, match=message):
        services.correct_passage(transcript, by=world.users["chair"], **arguments)  # type: ignore[arg-type]
    assert TranscriptVersion.objects.filter(transcript=transcript).count() == 1


def test_a_stale_edit_does_not_overwrite_a_newer_one(world: World, transcript: Transcript) -> None:
    services.correct_passage(
        transcript, by=world.users["chair"], segment=0, based_on=1, text="This meeting is taped."
    )
    with pytest.raises(EditRefused, match="Someone else saved version 2"):
        services.correct_passage(
            transcript,
            by=world.users["social_worker"],
            segment=0,
            based_on=1,
            text="The meeting is recorded.",
        )
    assert _words(transcript, 2)[3]["text"] == " taped."


def test_versions_are_never_edited_or_deleted(transcript: Transcript) -> None:
    version = TranscriptVersion.objects.get(transcript=transcript)
    version.summary = "rewritten"
    with pytest.raises(ImmutableRecordError):
        version.save()
    with pytest.raises(ImmutableRecordError):
        version.delete()
    if connection.vendor == "postgresql":
        with pytest.raises(Exception, match="never changed"), transaction.atomic():
            TranscriptVersion.objects.filter(pk=version.pk).update(summary="rewritten")


def test_the_correction_page_saves_a_version_and_shows_it(
    world: World, transcript: Transcript
) -> None:
    client = world.client_for("chair")
    url = reverse("transcript_passage", args=[transcript.pk, 1])
    page = client.get(url)
    assert page.status_code == 200
    assert "Correct passage 2" in page.content.decode()
    response = client.post(
        url,
        {"text": "Thank you, I disagree.", "speaker": "1", "reason": "", "based_on": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert "Your correction is saved as version 2." in html
    assert "disagree." in html
    assert "Corrected the words of passage 2" in html
    assert "Priya" in html  # who made it, in the version history


def test_the_correction_page_shows_a_refusal_as_a_form_error(
    world: World, transcript: Transcript
) -> None:
    client = world.client_for("chair")
    url = reverse("transcript_passage", args=[transcript.pk, 0])
    response = client.post(
        url, {"text": "This meeting is recorded.", "speaker": "0", "based_on": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Nothing was changed" in html
    response = client.post(url, {"text": "", "speaker": "9", "based_on": "1"})
    html = response.content.decode()
    assert "Write what was said" in html
    assert "Choose one of the speakers listed" in html
    assert TranscriptVersion.objects.count() == 1
