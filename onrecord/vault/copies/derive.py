"""Derived copies: a redacted copy (parts silenced, for subject access) or a playback copy
(small Opus, for slow connections) is a NEW recording that names its original. Nothing here
writes to an original: it is opened for reading (audited, purpose "derive"), decoded frame by
frame with PyAV, re-encoded into an encrypted scratch file (vault/scratch.py: nameless, its key
only in memory, so the copy is never on disk in the clear), and taken into the vault by `ingest`
like any upload, with `derived_from` and a `derivation` saying exactly what was done.

    copy = make_redacted_copy(recording, spans=parse_spans(lines, recording.duration_seconds),
                              reason="SAR-2025-114")

A redacted copy is FLAC (lossless), so only the silenced parts differ from the original; the
scratch file is closed (its key destroyed) as soon as the copy is stored or fails, and memory
stays bounded by one decoded frame whatever the recording's length.

A seekable copy (issue 18) is for recordings made with the browser's own recorder: MediaRecorder
writes WebM as a live stream, with no duration and no cues (the index a player seeks by), so
browsers show 0:00 / 0:00 and cannot jump to a time. `make_seekable_copy` remuxes it with PyAV
into a new WebM (the same Opus packets, not re-encoded) written to a seekable file, so the muxer
goes back and writes the duration and the cues. The original stays untouched and remains the
evidence; the players use the copy (`playback_source`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import av
import numpy as np
from av.audio.stream import AudioStream
from django.conf import settings

from onrecord.audit.context import current_actor
from onrecord.vault.copies.spans import Span
from onrecord.vault.ingest import IngestError, ingest
from onrecord.vault.models import Recording
from onrecord.vault.scratch import EncryptedScratchFile
from onrecord.vault.services import open_recording

if TYPE_CHECKING:
    from onrecord.accounts.models import User

ORIGINAL_KINDS = frozenset({Recording.Kind.AUTHORITY, Recording.Kind.PARENT_COPY})
PLAYBACK_BIT_RATE = 32_000
WEBM = "matroska,webm"  # the container name FFmpeg gives WebM and Matroska (vault/probe.py)
SEEKABLE = "seekable"  # derivation["made"] of a seekable playback copy


class DerivationError(Exception):
    """The copy cannot be made; the message says why in plain English. Nothing was stored."""


def _check_original(original: Recording) -> None:
    if original.kind not in ORIGINAL_KINDS:
        raise DerivationError(
            "Copies are made from the original recording, not from another copy, so that each "
            "copy names the original it came from."
        )
    if original.disposed_at is not None:
        raise DerivationError("The recording was disposed of: no copy can be made of it.")


def _transcode(
    original: Recording,
    out: EncryptedScratchFile,
    *,
    codec: str,
    container: str,
    rate: int,
    silence: Sequence[Span],
) -> None:
    """Decode the original and encode it again into `out`, with the spans set to silence."""
    layout = "mono" if original.channels == 1 else "stereo"
    with (
        open_recording(original, purpose="derive") as source,
        av.open(source, "r") as decoded,
        av.open(out, "w", format=container) as encoded,
    ):
        stream = encoded.add_stream(codec, rate=rate)
        assert isinstance(stream, AudioStream)
        stream.layout = layout
        if codec != "flac":
            stream.bit_rate = PLAYBACK_BIT_RATE
        resampler = av.AudioResampler(format="s16", layout=layout, rate=rate)
        bounds = [(round(s.start * rate), round(s.end * rate)) for s in silence]
        position = 0
        audio = decoded.streams.audio[0]

        def write(frame: av.AudioFrame | None) -> None:
            nonlocal position
            for piece in resampler.resample(frame):
                samples = piece.to_ndarray().reshape(-1, piece.layout.nb_channels)
                count = samples.shape[0]
                for start, end in bounds:
                    first, last = max(start, position), min(end, position + count)
                    if first < last:
                        samples[first - position : last - position] = 0
                interleaved = np.ascontiguousarray(samples.reshape(1, -1), dtype=np.int16)
                rebuilt = av.AudioFrame.from_ndarray(interleaved, format="s16", layout=layout)
                rebuilt.sample_rate = rate
                rebuilt.pts = position
                position += count
                for packet in stream.encode(rebuilt):
                    encoded.mux(packet)

        for frame in decoded.decode(audio):
            write(frame)
        write(None)  # flush the resampler
        for packet in stream.encode(None):
            encoded.mux(packet)


def _remux(original: Recording, out: EncryptedScratchFile) -> None:
    """The original's audio packets, unchanged, into a new WebM written to a seekable file: the
    muxer then writes the duration and the cues at the end (a live stream has neither)."""
    with (
        open_recording(original, purpose="derive") as source,
        av.open(source, "r") as demuxed,
        av.open(out, "w", format="webm") as remuxed,
    ):
        audio = demuxed.streams.audio[0]
        stream = remuxed.add_stream_from_template(audio)
        for packet in demuxed.demux(audio):
            if packet.dts is None:  # the demuxer's empty flush packet
                continue
            packet.stream = stream
            remuxed.mux(packet)


def _derive(
    original: Recording,
    *,
    kind: str,
    codec: str,
    container: str,
    suffix: str,
    rate: int,
    silence: Sequence[Span],
    derivation: dict[str, Any],
    by: User | None,
    remux: bool = False,
) -> Recording:
    _check_original(original)
    with EncryptedScratchFile(Path(settings.FILE_UPLOAD_TEMP_DIR), prefix="derive-") as copy:
        try:
            if remux:
                _remux(original, copy)
            else:
                _transcode(
                    original, copy, codec=codec, container=container, rate=rate, silence=silence
                )
        except (av.FFmpegError, ValueError) as failure:
            raise DerivationError(f"The recording could not be converted ({failure}).") from None
        copy.seek(0)
        stem = Path(original.original_filename or "recording").stem
        actor = current_actor()
        try:
            return ingest(
                copy,
                meeting=original.meeting,
                kind=kind,
                provided_by=by,
                family_member=original.family_member,
                original_filename=f"{stem}-{kind.replace('_', '-')}{suffix}",
                content_type="",
                derived_from=original,
                derivation={
                    **derivation,
                    "original": str(original.pk),
                    "original_sha256": original.sha256,
                    "codec": codec,
                    "sample_rate": rate,
                    "requested_by": actor.username,
                    "tool": f"PyAV {av.__version__}",
                },
            )
        except IngestError as failure:
            raise DerivationError(str(failure)) from None


def make_redacted_copy(
    original: Recording, *, spans: Sequence[Span], reason: str, by: User | None
) -> Recording:
    """A FLAC copy with `spans` silenced (for subject access: third parties' details)."""
    if not spans:
        raise DerivationError("Give at least one part to silence.")
    if not reason.strip():
        raise DerivationError("Say why the copy is made, for example the request's reference.")
    return _derive(
        original,
        kind=Recording.Kind.REDACTED_COPY,
        codec="flac",
        container="flac",
        suffix=".flac",
        rate=original.sample_rate,
        silence=spans,
        derivation={
            "made": "redaction",
            "reason": reason.strip()[:500],
            "silenced": [span.as_dict() for span in spans],
        },
        by=by,
    )


def make_playback_copy(original: Recording, *, by: User | None) -> Recording:
    """A small Opus copy (32 kbit/s) for listening on a slow connection; the original stays the
    record, and every export uses the original."""
    return _derive(
        original,
        kind=Recording.Kind.PLAYBACK_COPY,
        codec="libopus",
        container="ogg",
        suffix=".ogg",
        rate=48_000,
        silence=(),
        derivation={"made": "playback", "bit_rate": PLAYBACK_BIT_RATE},
        by=by,
    )


def needs_seekable_copy(recording: Recording) -> bool:
    """A WebM original: what the browser's recorder makes, with no duration or cues."""
    return recording.kind in ORIGINAL_KINDS and recording.container == WEBM


def seekable_copy_of(recording: Recording) -> Recording | None:
    """The recording's seekable playback copy, if one was made and is still held."""
    return (
        recording.derived_copies.filter(
            kind=Recording.Kind.PLAYBACK_COPY,
            derivation__made=SEEKABLE,
            disposed_at__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )


def playback_source(recording: Recording) -> Recording:
    """What a player should play: the seekable copy where there is one, else the recording."""
    return seekable_copy_of(recording) or recording


def make_seekable_copy(original: Recording, *, by: User | None) -> Recording:
    """A WebM copy with its duration and cues written, so it can be played and seeked in the
    browser; the same audio packets as the original (remuxed, not re-encoded)."""
    if not needs_seekable_copy(original):
        raise DerivationError(
            "Only WebM recordings (made with the browser's own recorder) need a seekable copy."
        )
    return _derive(
        original,
        kind=Recording.Kind.PLAYBACK_COPY,
        codec=original.codec,
        container="webm",
        suffix=".webm",
        rate=original.sample_rate,
        silence=(),
        derivation={"made": SEEKABLE, "remuxed": True},
        by=by,
        remux=True,
    )
