"""Speakers named by the chair in one step: suggested from who was present (the first voice as
the chair, the others in the order people arrived), confirmed or corrected, and from then on
their names and roles replace "Speaker 1" in the editor, the exports and current_transcript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from onrecord.cases.models import Attendee, ImmutableRecordError
from onrecord.transcripts import services
from onrecord.transcripts.models import SpeakerLabel, Transcript
from onrecord.transcripts.words import EditRefused
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine, record_attendance, transcribed

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcript(world: World, recording: Recording, engine: FakeEngine) -> Transcript:
    # Present: the mother arrives first, then the social worker, then the chair.
    record_attendance(world, ("Mother", "Social worker", "Chair"))
    return transcribed(world, recording)


def _attendee(world: World, role: str) -> Attendee:
    return Attendee.objects.get(meeting=world.meeting, role=role)


def test_the_first_voice_is_suggested_as_the_chair_then_in_order_of_arrival(
    world: World, transcript: Transcript
) -> None:
    suggested = services.suggestions(transcript)
    assert suggested == {
        0: _attendee(world, "Chair"),
        1: _attendee(world, "Mother"),
        2: _attendee(world, "Social worker"),
    }


def test_the_chair_confirms_in_one_step_and_names_replace_speaker_numbers(
    world: World, transcript: Transcript
) -> None:
    client = world.client_for("chair")
    url = reverse("transcript_speakers", args=[transcript.pk])
    page = client.get(url).content.decode()
    assert "Who is speaking?" in page
    assert "This meeting is recorded." in page  # what speaker 1 said first
    chair, mother = _attendee(world, "Chair"), _attendee(world, "Mother")
    response = client.post(
        url,
        {
            "who_0": str(chair.pk),
            "who_1": str(mother.pk),
            "who_2": "other",
            "name_2": "Ruth Adeyemi",
            "role_2": "Interpreter",
        },
    )
    assert response.status_code == 302
    labels = SpeakerLabel.objects.filter(transcript=transcript, confirmation=1)
    assert labels.count() == 3
    assert {label.confirmed_by for label in labels} == {world.users["chair"]}

    current = services.current_transcript(world.meeting)
    assert current is not None
    assert current.speakers_confirmed
    assert current.speaker_names == {
        0: chair.person.full_name,
        1: mother.person.full_name,
        2: "Ruth Adeyemi",
    }
    assert current.speaker_roles == {0: "Chair", 1: "Mother", 2: "Interpreter"}

    editor = client.get(reverse("transcript_editor", args=[transcript.pk])).content.decode()
    assert f"{chair.person.full_name} (Chair)" in editor
    assert "Ruth Adeyemi (Interpreter)" in editor
    assert "Speaker 1" not in editor
    text = client.get(reverse("transcript_export", args=[transcript.pk, "txt"]))
    assert f"{mother.person.full_name} (Mother):" in text.content.decode()


def test_a_correction_is_a_new_confirmation_and_the_old_one_stays(
    world: World, transcript: Transcript
) -> None:
    chair = world.users["chair"]
    first = {c: services.SpeakerChoice(name=f"Person {c}") for c in range(3)}
    services.confirm_speakers(transcript, by=chair, choices=first)
    second = first | {1: services.SpeakerChoice(attendee=_attendee(world, "Mother"))}
    services.confirm_speakers(transcript, by=chair, choices=second)
    assert services.speaker_names(transcript)[1].role == "Mother"
    assert SpeakerLabel.objects.filter(confirmation=1, cluster=1).get().name == "Person 1"
    label = SpeakerLabel.objects.filter(confirmation=1).first()
    assert label is not None
    label.name = "changed"
    with pytest.raises(ImmutableRecordError):
        label.save()


def test_every_speaker_needs_a_name_and_someone_from_this_meeting(
    world: World, transcript: Transcript
) -> None:
    chair = world.users["chair"]
    with pytest.raises(EditRefused, match="Say who every speaker is"):
        services.confirm_speakers(transcript, by=chair, choices={0: services.SpeakerChoice()})
    with pytest.raises(EditRefused, match="Write the name of Speaker 2"):
        services.confirm_speakers(
            transcript,
            by=chair,
            choices={c: services.SpeakerChoice(name="" if c == 1 else "A") for c in range(3)},
        )
    stranger = Attendee.objects.get(meeting=world.other_meeting)
    with pytest.raises(EditRefused, match="invited to this meeting"):
        services.confirm_speakers(
            transcript,
            by=chair,
            choices={c: services.SpeakerChoice(attendee=stranger) for c in range(3)},
        )
    response = world.client_for("chair").post(
        reverse("transcript_speakers", args=[transcript.pk]),
        {"who_0": "other", "who_1": "other", "who_2": "other", "name_0": "A", "name_1": "B"},
    )
    assert response.status_code == 400
    assert "Write the name of speaker 3." in response.content.decode()
    assert not SpeakerLabel.objects.exists()
