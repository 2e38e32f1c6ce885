"""Test-only job kinds. Each leaves its side effect as a line in a file named after the job,
so the test can count how many times the effect happened, whichever process ran it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from onrecord.jobs.queue import RunningJob, handler


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@handler("test_celery_effect")
def effect(job: RunningJob) -> dict[str, Any]:
    _append(Path(job.payload["dir"]) / f"effect-{job.job.pk}", job.worker)
    return {"by": job.worker}


@handler("test_celery_blocking")
def blocking(job: RunningJob) -> dict[str, Any]:
    """Announce the attempt, then wait for the test's release file, renewing the lease the way
    a long transcription reports progress; only then do the side effect."""
    folder = Path(job.payload["dir"])
    _append(folder / f"started-{job.job.pk}", f"{job.job.attempts} {job.worker}")
    deadline = time.monotonic() + 60
    while not (folder / f"release-{job.job.pk}").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("the test never released this job")
        job.progress(10, "waiting for the test")
        time.sleep(0.1)
    _append(folder / f"effect-{job.job.pk}", job.worker)
    return {"by": job.worker}
