"""Is this audio, and is it whole? Probing a recording with PyAV (FFmpeg), plus the checks
FFmpeg does not make. Pure Python, no Django.

Reads through any seekable binary file (in the vault, the DecryptingReader over the encrypted
temporary), so plaintext never touches the disk.

A file is refused when FFmpeg cannot open it, its container is not one we accept, it has no audio
stream, its first audio cannot be decoded, or it is shorter than its own header says:

- WAV: the RIFF and data chunk sizes must fit the file (FFmpeg silently clamps them);
- Ogg: the last page must be complete and carry the end-of-stream flag;
- MP3 (with a Xing/LAME header), FLAC, MP4/M4A and anything else that declares a duration: the
  packets must reach that duration.

And a file is refused when what its header claims is not a sound recording (issue 16: a 20 KB
WAV claiming 1 Hz was accepted as 10,000 seconds), the sanity limits below: a sample rate from
8 kHz (telephone) to 384 kHz (the highest studio rate), 1 to 16 channels, at most 24 hours; for
uncompressed PCM, a duration the bytes present can hold; for compressed audio, at least 500 bit/s
on average (the lowest speech codecs run at 6 kbit/s, Opus's silence at about 1 kbit/s). A bit
rate the container declares outside 1 bit/s to 50 Mbit/s is not recorded (None), not believed.

An MP3 without a Xing header cut exactly at a frame boundary, or a WebM without a duration (as
MediaRecorder writes), is indistinguishable from a shorter recording; such files are accepted
with the duration of the audio actually present.
"""

from __future__ import annotations

import io
import struct
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any, Protocol

import av
import av.error

# FFmpeg demuxer names we accept (the WAV, FLAC, MP3, M4A/AAC, OGG/Opus, WebM).
ACCEPTED_CONTAINERS = frozenset(
    {"wav", "flac", "mp3", "mov,mp4,m4a,3gp,3g2,mj2", "ogg", "matroska,webm", "aac"}
)
# Audio may fall this far short of the declared duration (encoder padding, rounding).
_TOLERANCE_SECONDS = 0.25
_DECODE_PACKETS = 50

# What a real recording can be (see the module's docstring).
MIN_SAMPLE_RATE = 8_000
MAX_SAMPLE_RATE = 384_000
MAX_CHANNELS = 16
MAX_DURATION_SECONDS = 24 * 3600.0
MIN_COMPRESSED_BITS_PER_SECOND = 500
MAX_DECLARED_BIT_RATE = 50_000_000
_PCM_BITS = {"pcm_alaw": 8, "pcm_mulaw": 8, "pcm_u8": 8, "pcm_s8": 8}


class Source(Protocol):
    """A readable, seekable binary file (a real file, BytesIO, or the vault's DecryptingReader)."""

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


class ProbeError(ValueError):
    """The file is not acceptable audio; the message says why, in plain words."""


@dataclass(frozen=True)
class MediaInfo:
    container: str
    codec: str
    duration_seconds: float
    channels: int
    sample_rate: int
    bit_rate: int | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _riff_check(source: Source, size: int) -> None:
    """RIFF/WAVE: every chunk the header declares must be present in the file."""
    source.seek(0)
    head = source.read(12)
    if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
        return
    riff_size = struct.unpack("<I", head[4:8])[0]
    if head[:4] == b"RIFF" and riff_size not in (0, 0xFFFFFFFF) and riff_size + 8 > size:
        raise ProbeError(
            f"the WAV file is truncated: its header says {riff_size + 8} bytes, "
            f"but only {size} are present"
        )
    position = 12
    while position + 8 <= size:
        source.seek(position)
        chunk_id, chunk_size = struct.unpack("<4sI", source.read(8))
        if chunk_id == b"data":
            if chunk_size not in (0, 0xFFFFFFFF) and position + 8 + chunk_size > size:
                raise ProbeError(
                    f"the WAV file is truncated: its audio data should be {chunk_size} bytes, "
                    f"but only {size - position - 8} are present"
                )
            return
        position += 8 + chunk_size + (chunk_size & 1)
    raise ProbeError("the WAV file is truncated: it has no audio data chunk")


def _ogg_check(source: Source, size: int) -> None:
    """Ogg: the last page must end exactly at the end of the file and mark end-of-stream."""
    tail_start = max(0, size - 65307 * 2)  # two maximum-size Ogg pages
    source.seek(tail_start)
    tail = source.read(size - tail_start)
    at = tail.rfind(b"OggS")
    while at >= 0:
        header = tail[at : at + 27]
        if len(header) == 27:
            segments = header[26]
            table = tail[at + 27 : at + 27 + segments]
            if len(table) == segments:
                page_end = at + 27 + segments + sum(table)
                if page_end == len(tail):
                    if not header[5] & 0x04:
                        raise ProbeError(
                            "the Ogg file is truncated: its last page does not end the stream"
                        )
                    return
        at = tail.rfind(b"OggS", 0, at)
    raise ProbeError("the Ogg file is truncated: its last page is incomplete")


def _seconds(value: int | None, time_base: Fraction | None) -> float | None:
    if value is None or time_base is None:
        return None
    return float(value * time_base)


def probe(source: Source, *, size: int | None = None, full_scan: bool = True) -> MediaInfo:
    """Open `source` with FFmpeg and check that it is whole audio.

    full_scan reads every packet of compressed formats to find where the audio really ends
    (fast: packets are not decoded). PCM WAV is checked from its header alone.
    """
    if size is None:
        size = source.seek(0, io.SEEK_END)
    if size == 0:
        raise ProbeError("the file is empty")
    source.seek(0)
    try:
        container = av.open(source, mode="r", buffer_size=256 * 1024)
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise ProbeError(f"this is not a recognised audio file ({exc})") from None
    try:
        return _probe_open(container, source, size, full_scan)
    except av.error.FFmpegError as exc:
        raise ProbeError(f"the audio is damaged and cannot be read ({exc})") from None
    finally:
        container.close()


def _probe_open(
    container: av.container.InputContainer, source: Source, size: int, full_scan: bool
) -> MediaInfo:
    fmt = container.format.name
    if fmt not in ACCEPTED_CONTAINERS:
        raise ProbeError(
            f"this is not a recognised audio file (FFmpeg reads it as {fmt!r}; "
            "accepted: WAV, FLAC, MP3, M4A/AAC, Ogg/Opus, WebM)"
        )
    if not container.streams.audio:
        raise ProbeError("the file has no audio in it")
    stream = container.streams.audio[0]
    ctx = stream.codec_context
    if ctx is None or ctx.codec is None:  # e.g. a WAV claiming 0 bits per sample
        raise ProbeError("the file's audio is in a form no decoder knows")
    codec = ctx.codec.canonical_name  # "mp3", not the decoder "mp3float"
    channels = ctx.channels
    sample_rate = ctx.sample_rate
    if not sample_rate or not channels:
        raise ProbeError("the file's audio has no sample rate or channels")
    _check_format(sample_rate, channels)
    time_base = stream.time_base

    decoded = False
    end: float | None = None
    packets = 0
    for packet in container.demux(stream):
        if packet.pts is not None and packet.size:
            packet_end = _seconds(packet.pts + (packet.duration or 0), time_base)
            if packet_end is not None and (end is None or packet_end > end):
                end = packet_end
        if not decoded and packet.size:
            for frame in packet.decode():
                if frame.samples:
                    decoded = True
            packets += 1
            if not decoded and packets >= _DECODE_PACKETS:
                break
        if decoded and ((fmt == "wav" and codec.startswith("pcm_")) or not full_scan):
            break
    if not decoded:
        raise ProbeError("no audio could be decoded from the file")

    declared = _seconds(stream.duration, time_base)
    if declared is None and container.duration is not None:
        declared = container.duration / av.time_base
    if fmt == "wav":
        _riff_check(source, size)
        duration = declared or 0.0
    elif not full_scan:
        duration = declared or (end or 0.0)
    else:
        if fmt == "ogg":
            _ogg_check(source, size)
        start = _seconds(stream.start_time, time_base) or 0.0
        present = (end or 0.0) - start
        if declared is not None and present < declared - _TOLERANCE_SECONDS:
            raise ProbeError(
                f"the recording is truncated: its header says {declared:.2f} s "
                f"but the audio ends at {present:.2f} s"
            )
        duration = declared if declared is not None else present
    if duration <= 0:
        raise ProbeError("the recording has no duration")
    _check_duration(duration, size, codec, sample_rate, channels)
    declared_rate = container.bit_rate or None
    if declared_rate is not None and not 0 < declared_rate <= MAX_DECLARED_BIT_RATE:
        declared_rate = None
    return MediaInfo(
        container=fmt,
        codec=codec,
        duration_seconds=round(duration, 3),
        channels=channels,
        sample_rate=sample_rate,
        bit_rate=declared_rate,
    )


def _check_format(sample_rate: int, channels: int) -> None:
    """The header's sample rate and channels must be ones a recorder makes."""
    if not MIN_SAMPLE_RATE <= sample_rate <= MAX_SAMPLE_RATE:
        raise ProbeError(
            f"the file's header says its sample rate is {sample_rate:,} Hz; a sound recording's "
            f"is between {MIN_SAMPLE_RATE:,} and {MAX_SAMPLE_RATE:,} Hz, so this is not a real "
            "recording or its header is damaged"
        )
    if not 1 <= channels <= MAX_CHANNELS:
        raise ProbeError(
            f"the file's header says it has {channels} channels; a sound recording has 1 to "
            f"{MAX_CHANNELS}, so this is not a real recording or its header is damaged"
        )


def pcm_bits(codec: str) -> int | None:
    """Bits per sample of an uncompressed PCM codec ('pcm_s16le': 16), None if not PCM."""
    if not codec.startswith("pcm_"):
        return None
    if codec in _PCM_BITS:
        return _PCM_BITS[codec]
    digits = "".join(ch for ch in codec[4:] if ch.isdigit())
    return int(digits) if digits else None


def _check_duration(
    duration: float, size: int, codec: str, sample_rate: int, channels: int
) -> None:
    """The duration must be one the file's bytes can hold."""
    if duration > MAX_DURATION_SECONDS:
        raise ProbeError(
            f"the file's header says it lasts {duration / 3600:,.1f} hours; a recording of a "
            "meeting lasts at most 24, so this is not a real recording or its header is damaged"
        )
    bits = pcm_bits(codec)
    if bits is not None:
        needed = duration * sample_rate * channels * bits / 8
        if needed > size * 1.01 + sample_rate * channels * bits / 8 * 0.1:
            raise ProbeError(
                f"the file's header says it holds {duration:,.2f} seconds of uncompressed audio, "
                f"which takes {needed:,.0f} bytes, but the file has only {size:,}: its header is "
                "damaged"
            )
        return
    if size * 8 / duration < MIN_COMPRESSED_BITS_PER_SECOND:
        raise ProbeError(
            f"the file's header says it lasts {duration:,.2f} seconds, but {size:,} bytes cannot "
            "hold that much sound: this is not a real recording or its header is damaged"
        )
