"""`onrecord transcribe RECORDING_ID --by USERNAME [--model M] [--wait]`.

Queues a transcription of a recording, as the "Transcribe" button does (same permission rule,
audited under the named account). With --wait it runs the job in this process (no worker
needed: the embedded default) and draws a progress bar from the job's progress; if a worker
already has the job, it follows that worker's progress instead.

Exit status: 0 done (or queued, without --wait); 1 the transcription failed (the reason is
printed); 2 it could not be started (unknown recording or account, not allowed, already
running); 130 interrupted (a worker carries on from the last finished window).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, TextIO

BAR_WIDTH = 30
POLL_SECONDS = 1.0


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "transcribe",
        help="transcribe a recording with speech-to-text on this server, with a progress bar",
    )
    parser.add_argument("recording_id", metavar="RECORDING_ID")
    parser.add_argument(
        "--by", required=True, metavar="USERNAME", help="your OnRecord account (audited)"
    )
    parser.add_argument(
        "--model", default=None, help="speech model, e.g. base or tiny.en (default: the setting)"
    )
    parser.add_argument(
        "--wait", action="store_true", help="run it now and show a progress bar until it ends"
    )
    parser.set_defaults(func=run)


class ProgressBar:
    """`[#########.....]  40% Transcribing` redrawn in place on a terminal; on a pipe or a log,
    one line each time it moves on by a tenth."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()
        self.last = -1

    def show(self, percent: int, note: str) -> None:
        percent = max(0, min(100, percent))
        if not self.tty and self.last >= 0 and percent // 10 == self.last // 10:
            return
        filled = BAR_WIDTH * percent // 100
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% {note}"
        if self.tty:
            self.out.write(f"\r{line:<{BAR_WIDTH + 40}}")
        else:
            self.out.write(line + "\n")
        self.out.flush()
        self.last = percent

    def end(self) -> None:
        if self.tty and self.last >= 0:
            self.out.write("\n")
            self.out.flush()


def run(args: argparse.Namespace) -> int:
    from onrecord.django_setup import setup_django

    setup_django()
    from onrecord.audit.context import acting_as
    from onrecord.transcripts import permissions, services
    from onrecord.vault.command_support import Refused, acting_on_recording

    try:
        acting = acting_on_recording(
            args.recording_id,
            args.by,
            may=permissions.can_start,
            no_account=f"No active account {args.by!r} (--by names who asks).",
            refusal=f"{args.by} may not transcribe this recording: only the chair, social worker "
            "or team manager allocated to the case may.",
            status=2,
        )
    except Refused as refused:
        return refused.report()
    with acting_as(acting.actor):
        try:
            transcript = services.request_transcription(
                acting.recording, by=acting.user, model=args.model
            )
        except services.TranscriptionRefused as exc:
            print(str(exc), file=sys.stderr)
            return 2
        print(f"Transcript {transcript.pk} queued (model {transcript.model}).")
        if not args.wait:
            print("A worker will transcribe it; its progress shows on the recording's page.")
            return 0
        try:
            return _wait(transcript, ProgressBar(sys.stdout))
        except KeyboardInterrupt:
            print(
                "\nStopped. A worker will carry on from the last finished window.",
                file=sys.stderr,
            )
            return 130


def _wait(transcript: Any, bar: ProgressBar) -> int:
    from onrecord.jobs import queue
    from onrecord.jobs.models import Job
    from onrecord.jobs.worker import worker_name
    from onrecord.transcripts import jobs
    from onrecord.transcripts.models import Transcript
    from onrecord.transcripts.services import JOB_KIND

    name = f"cli:{worker_name()}"
    remove = jobs.listen(lambda percent, note: bar.show(percent, note))
    try:
        bar.show(0, "Waiting to start")
        while True:
            transcript.refresh_from_db()
            if not transcript.is_active:
                break
            # Run transcription jobs here until ours is finished; if another worker holds it,
            # follow that worker's progress from the job row.
            if queue.run_one(name, [JOB_KIND]) is None:
                job = Job.objects.filter(pk=transcript.job_id).first()
                if job is not None:
                    bar.show(job.progress, job.progress_note or "Transcribing")
                time.sleep(POLL_SECONDS)
    finally:
        remove()
    if transcript.status == Transcript.Status.DONE:
        bar.show(100, "Done")
        bar.end()
        print(
            f"Done: {transcript.speakers} speaker{'s' if transcript.speakers != 1 else ''}, "
            f"version 1 by {transcript.model_used or transcript.model}."
        )
        return 0
    bar.end()
    print(f"Transcription failed: {transcript.error}", file=sys.stderr)
    return 1
