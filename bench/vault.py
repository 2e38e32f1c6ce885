"""Vault ingest throughput and peak memory for a large generated WAV, beside OpenSSL's baseline.

    .venv/bin/python bench/vault.py [--mib 1024] [--dir /tmp] [--keep]

Generates a WAV of about --mib MiB (44.1 kHz stereo 16-bit), ingests it into a throwaway vault
(its own data directory and SQLite database) and prints:

- ingest: read + SHA-256 + AES-256-GCM + write + fsync + probe + row, in MB/s, and the process's
  peak resident memory (ru_maxrss) beside its resident memory just before the ingest;
- read-back: decrypt every chunk + SHA-256 (what `verify_recording` does), in MB/s;
- the same machine's baseline on the same file: `openssl enc` + `sha256sum`. OpenSSL's `enc`
  refuses AEAD ciphers ("AEAD ciphers not supported"), so the baseline uses aes-256-ctr, the
  same AES core without GCM's authentication; `openssl speed -evp aes-256-gcm` is printed too.

The goal (issue 6) is ingest at 80% or more of the baseline with peak memory under 150 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MB = 1_000_000


def rss_now_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_wav(path: Path, mib: int) -> int:
    data_size = mib * 1024 * 1024
    rate, channels, width = 44100, 2, 2
    header = b"RIFF" + struct.pack("<I", 36 + data_size) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, channels, rate, rate * channels * width, channels * width, 16
    )
    header += b"data" + struct.pack("<I", data_size)
    block = os.urandom(4 * 1024 * 1024)  # noise: incompressible, like real audio to AES
    with path.open("wb") as out:
        out.write(header)
        for _ in range(data_size // len(block)):
            out.write(block)
        out.write(block[: data_size % len(block)])
    return path.stat().st_size


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed commands from this script
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def baseline(source: Path, workdir: Path) -> None:
    size = source.stat().st_size
    openssl, sha256sum, sync_tool = (shutil.which(t) for t in ("openssl", "sha256sum", "sync"))
    if not openssl or not sha256sum or not sync_tool:
        print("baseline: openssl, sha256sum or sync not found")
        return
    out = workdir / "baseline.enc"
    key, iv = "11" * 32, "22" * 16
    enc = timed(
        [openssl, "enc", "-aes-256-ctr", "-K", key, "-iv", iv, "-in", str(source), "-out", str(out)]
    )
    sync = timed([sync_tool, str(out)])
    sha = timed([sha256sum, str(source)])
    out.unlink()
    total = enc + sha
    print(f"openssl enc -aes-256-ctr      {size / MB / enc:8.0f} MB/s  ({enc:.2f} s)")
    print(f"sha256sum                     {size / MB / sha:8.0f} MB/s  ({sha:.2f} s)")
    print(f"baseline: enc + sha256sum     {size / MB / total:8.0f} MB/s  ({total:.2f} s)")
    print(
        f"baseline + fsync of output    {size / MB / (total + sync):8.0f} MB/s  "
        f"({total + sync:.2f} s)"
    )
    speed = subprocess.run(  # noqa: S603 - a fixed command
        [openssl, "speed", "-evp", "aes-256-gcm", "-seconds", "1", "-bytes", "1048576"],
        capture_output=True,
        text=True,
        check=False,
    )
    line = [x for x in speed.stdout.splitlines() if x.lower().startswith("aes-256-gcm")]
    if line:
        kbps = float(line[-1].split()[-1].rstrip("k"))
        print(f"openssl speed aes-256-gcm     {kbps * 1000 / MB:8.0f} MB/s  (1 MiB blocks, memory)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mib", type=int, default=1024, help="size of the WAV in MiB")
    parser.add_argument("--dir", default=None, help="where to put the files (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the files afterwards")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="onrecord-bench-vault-", dir=args.dir))
    os.environ["ONRECORD_DATA_DIR"] = str(workdir / "data")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("ONRECORD_VAULT_KEYS", None)
    os.environ["ONRECORD_VAULT_MAX_BYTES"] = str(8 * 1024**3)
    os.environ["DJANGO_SETTINGS_MODULE"] = "onrecord.settings"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        run(workdir, args.mib)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run(workdir: Path, mib: int) -> None:
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from onrecord.cases.models import Authority, Case, Meeting
    from onrecord.vault.ingest import ingest
    from onrecord.vault.services import verify_recording

    authority = Authority.objects.create(name="Bench", slug="bench", policy_profile="brent")
    case = Case.objects.create(authority=authority, reference="B-1", family_name="Bench")
    meeting = Meeting.objects.create(
        case=case,
        kind=Meeting.Kind.CHILD_PROTECTION_CONFERENCE,
        mode=Meeting.Mode.ONLINE,
        scheduled_start=timezone.now() - dt.timedelta(hours=1),
    )

    source = workdir / "meeting.wav"
    size = make_wav(source, mib)
    print(f"file: {size / MB:.0f} MB WAV ({size / 1024**2:.0f} MiB); CPUs: {os.cpu_count()}")

    rss_before = rss_now_mib()
    started = time.perf_counter()
    with source.open("rb") as upload:
        recording = ingest(upload, meeting=meeting, kind="authority", original_filename="m.wav")
    took = time.perf_counter() - started
    peak = peak_rss_mib()
    print(f"vault ingest                  {size / MB / took:8.0f} MB/s  ({took:.2f} s)")
    print(
        f"  resident memory: {rss_before:.0f} MiB before ingest, peak {peak:.0f} MiB "
        f"(growth {peak - rss_before:.0f} MiB; peak includes Python, Django and PyAV)"
    )
    started = time.perf_counter()
    result = verify_recording(recording)
    took = time.perf_counter() - started
    assert result.ok, result.problem
    print(f"vault read-back (decrypt+hash){size / MB / took:8.0f} MB/s  ({took:.2f} s)")
    print(f"  duration probed: {recording.duration_seconds:.0f} s, codec {recording.codec}")
    baseline(source, workdir)


if __name__ == "__main__":
    main()
