"""`onrecord transcribe`: queues a transcription under the named account's permissions, runs it
in-process with --wait while drawing a progress bar, and says with its exit status and words
what happened."""

from __future__ import annotations

import io

import pytest

from onrecord.audit.models import AuditEvent
from onrecord.commands import main
from onrecord.jobs import queue
from onrecord.transcripts.cli import ProgressBar
from onrecord.transcripts.models import Transcript, TranscriptVersion
from onrecord.vault.models import Recording
from tests.support.personas import World
from tests.transcripts.conftest import FakeEngine

pytestmark = pytest.mark.django_db


def _transcribe(world: World, recording: Recording, *extra: str, by: str = "chair") -> int:
    return main(["transcribe", str(recording.pk), "--by", world.users[by].username, *extra])


def test_wait_runs_it_here_with_a_progress_bar(
    world: World, recording: Recording, engine: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _transcribe(world, recording, "--wait", "--model", "tiny.en") == 0
    out = capsys.readouterr().out
    transcript = Transcript.objects.get()
    assert transcript.status == Transcript.Status.DONE
    assert transcript.model == "tiny.en"
    assert f"Transcript {transcript.pk} queued (model tiny.en)." in out
    # Not a terminal: one line per tenth, from 0% to 100%.
    bars = [line for line in out.splitlines() if line.startswith("[")]
    assert bars[0].startswith("[" + "." * 30 + "]   0%")
    assert bars[-1] == "[" + "#" * 30 + "] 100% Done"
    assert any(" 33% " in line or " 66% " in line for line in bars), bars
    assert "Done: 3 speakers, version 1 by fake-whisper (test)." in out
    requested = AuditEvent.objects.filter(
        object_type="transcripts.transcript", action="create"
    ).get()
    assert requested.actor_username == world.users["chair"].username
    assert requested.ip_address.startswith("cli:")


def test_without_wait_it_is_only_queued(
    world: World, recording: Recording, engine: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _transcribe(world, recording) == 0
    assert Transcript.objects.get().status == Transcript.Status.QUEUED
    assert engine.transcribed == []
    assert queue.run_one("worker") is not None
    assert Transcript.objects.get().status == Transcript.Status.DONE


def test_a_failure_exits_1_with_the_reason(
    world: World, recording: Recording, engine: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    engine.script = [[], [], []]
    assert _transcribe(world, recording, "--wait") == 1
    err = capsys.readouterr().err
    assert "Transcription failed: No speech was found in this recording" in err
    assert not TranscriptVersion.objects.exists()


@pytest.mark.parametrize(
    ("persona", "recording_id", "message"),
    [
        ("nurse", None, "may not transcribe this recording"),
        ("legal", None, "may not transcribe this recording"),
        ("chair", "not-a-uuid", "No recording not-a-uuid."),
        ("chair", "00000000-0000-0000-0000-000000000000", "No recording 0000"),
    ],
)
def test_it_cannot_be_started_exits_2(
    world: World,
    recording: Recording,
    engine: FakeEngine,
    capsys: pytest.CaptureFixture[str],
    persona: str,
    recording_id: str | None,
    message: str,
) -> None:
    code = main(
        ["transcribe", recording_id or str(recording.pk), "--by", world.users[persona].username]
    )
    assert code == 2
    assert message in capsys.readouterr().err
    assert not Transcript.objects.exists()


def test_a_second_one_while_the_first_waits_exits_2(
    world: World, recording: Recording, engine: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _transcribe(world, recording) == 0
    assert _transcribe(world, recording, by="social_worker") == 2
    assert "already being transcribed" in capsys.readouterr().err


def test_the_bar_redraws_in_place_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    bar = ProgressBar(out)
    bar.show(40, "Transcribing")
    bar.show(41, "Transcribing")
    bar.end()
    text = out.getvalue()
    assert text.count("\r") == 2
    assert "\r[" + "#" * 12 + "." * 18 + "]  40% Transcribing" in text
    assert text.endswith("\n")
