"""A redacted or playback copy is a new recording that names its original: the original's
bytes, row and hash never change; the redacted copy is silent exactly where asked and
sample-for-sample the original elsewhere; copies of copies, bad spans and people who may not
export are refused with a reason and nothing stored."""

from __future__ import annotations

import io
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from onrecord.audit.models import AuditEvent
from onrecord.cases.models import ImmutableRecordError, Meeting
from onrecord.commands import main
from onrecord.vault.copies.derive import DerivationError, make_playback_copy, make_redacted_copy
from onrecord.vault.copies.spans import Span
from onrecord.vault.ingest import default_store, ingest
from onrecord.vault.models import Recording
from onrecord.vault.services import open_recording
from tests.support.personas import World
from tests.vault import audio

RATE = 16_000


def _samples(recording: Recording) -> npt.NDArray[np.int16]:
    with open_recording(recording, purpose="verify") as reader, av.open(reader, "r") as source:
        frames = [f.to_ndarray().reshape(-1) for f in source.decode(source.streams.audio[0])]
    return np.concatenate(frames).astype(np.int16)


def _blob(recording: Recording) -> bytes:
    with default_store().open(recording.blob_name) as blob:
        return blob.read()


def _spool_leftovers() -> list[Path]:
    return sorted(Path(settings.FILE_UPLOAD_TEMP_DIR).glob("derive-*"))


@pytest.fixture
def original(meeting: Meeting) -> Recording:
    return ingest(
        io.BytesIO(audio.wav(3.0, rate=RATE)),
        meeting=meeting,
        kind="authority",
        original_filename="conference.wav",
    )


def test_the_redacted_copy_is_silent_only_where_asked(original: Recording) -> None:
    blob_before = _blob(original)
    copy = make_redacted_copy(
        original,
        spans=[Span(0.5, 1.25, "a neighbour's name"), Span(2.0, 2.5, "an address")],
        reason="SAR-2025-114",
        by=None,
    )
    assert copy.kind == Recording.Kind.REDACTED_COPY
    assert (copy.container, copy.codec) == ("flac", "flac")
    assert copy.derived_from == original
    assert copy.derivation["silenced"] == [
        {"start": 0.5, "end": 1.25, "reason": "a neighbour's name"},
        {"start": 2.0, "end": 2.5, "reason": "an address"},
    ]
    assert copy.derivation["original_sha256"] == original.sha256
    assert copy.original_filename == "conference-redacted-copy.flac"

    before, after = _samples(original), _samples(copy)
    assert len(after) == len(before)
    silenced = np.zeros(len(before), dtype=bool)
    silenced[int(0.5 * RATE) : int(1.25 * RATE)] = True
    silenced[int(2.0 * RATE) : int(2.5 * RATE)] = True
    assert not after[silenced].any()
    assert before[silenced].any()  # there was sound there to remove
    assert np.array_equal(after[~silenced], before[~silenced])  # lossless elsewhere

    original.refresh_from_db()
    assert _blob(original) == blob_before
    assert list(original.derived_copies.all()) == [copy]
    assert _spool_leftovers() == []


def test_making_a_copy_is_audited_on_both_recordings(original: Recording) -> None:
    copy = make_redacted_copy(original, spans=[Span(0, 1, "a name")], reason="SAR-1", by=None)
    opened = AuditEvent.objects.get(action="vault.open", object_id=str(original.pk))
    assert opened.detail["purpose"] == "derive"
    stored = AuditEvent.objects.get(action="vault.ingest", object_id=str(copy.pk))
    assert stored.detail["derived_from"] == str(original.pk)


def test_a_playback_copy_is_small_opus_of_the_same_length(original: Recording) -> None:
    copy = make_playback_copy(original, by=None)
    assert copy.kind == Recording.Kind.PLAYBACK_COPY
    assert copy.codec == "opus"
    assert copy.derived_from == original
    assert copy.duration_seconds == pytest.approx(original.duration_seconds, abs=0.05)
    assert copy.size < original.size / 3


def test_copies_are_made_from_originals_only(original: Recording) -> None:
    copy = make_playback_copy(original, by=None)
    count = Recording.objects.count()
    with pytest.raises(DerivationError, match="made from the original"):
        make_redacted_copy(copy, spans=[Span(0, 1, "x")], reason="SAR", by=None)
    with pytest.raises(DerivationError, match="Say why"):
        make_redacted_copy(original, spans=[Span(0, 1, "x")], reason="  ", by=None)
    assert Recording.objects.count() == count
    assert _spool_leftovers() == []


def test_where_a_copy_came_from_never_changes(original: Recording) -> None:
    copy = make_playback_copy(original, by=None)
    copy.derivation = {"made": "something else"}
    with pytest.raises(ImmutableRecordError):
        copy.save()


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_rewriting_where_a_copy_came_from(original: Recording) -> None:
    copy = make_playback_copy(original, by=None)
    with pytest.raises(DatabaseError, match="never changed"), transaction.atomic():
        QuerySet(Recording).filter(pk=copy.pk).update(derivation={})
    with (
        pytest.raises(DatabaseError, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE vault_recording SET derived_from_id = NULL WHERE id = %s", [copy.pk])


def _demo_recording(world: World) -> Recording:
    return ingest(io.BytesIO(audio.wav(2.0, rate=RATE)), meeting=world.meeting, kind="authority")


def test_the_command_makes_a_redacted_copy_as_the_named_person(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = _demo_recording(world)
    legal = world.users["legal"]
    code = main(
        [
            "vault", "redact", str(recording.pk),
            "--silence", "0:00.5-0:01 the foster carer's address",
            "--reason", "SAR-2025-114",
            "--by", legal.username,
        ]
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    copy = Recording.objects.get(derived_from=recording)
    assert copy.provided_by == legal
    assert copy.derivation["requested_by"] == legal.username
    assert "Redacted copy" in capsys.readouterr().out


@pytest.mark.parametrize("persona", ["mother", "nurse", "outsider", "other_authority", "admin"])
def test_the_command_refuses_people_who_may_not_export(
    world: World, persona: str, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = _demo_recording(world)
    username = world.users[persona].username
    code = main(["vault", "playback-copy", str(recording.pk), "--by", username])
    assert code == 1
    assert "may not make copies" in capsys.readouterr().err
    assert not Recording.objects.filter(derived_from=recording).exists()


def test_the_command_names_a_bad_span_and_makes_nothing(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    recording = _demo_recording(world)
    code = main(
        [
            "vault", "redact", str(recording.pk),
            "--silence", "0:01-0:05 beyond the end",
            "--reason", "SAR", "--by", world.users["legal"].username,
        ]
    )  # fmt: skip
    assert code == 1
    assert "the recording is only 0:02 long" in capsys.readouterr().err
    assert not Recording.objects.filter(derived_from=recording).exists()
