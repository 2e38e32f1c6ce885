"""What an audio file says about itself, for the record of where it came from: container and
codec, duration, sample rate, channels, bit rate, and its tags (creation time, the recording
app or encoder, the device, anything else the file carries). Read with PyAV (FFmpeg) through any
seekable binary file, so in the vault through the decrypting reader. Pure Python, no Django.

Tags are kept as the file gives them, bounded (MAX_TAGS, each value MAX_VALUE characters): the
file is the family's, and what it says is evidence, not something we check. A phone's tags may
hold a place (`location`): it is kept like any other tag and shown only to those who may see
the recording. Once the recording is disposed of (retention), its receipt keeps none of them
(vault/models/provenance.py, `without_tags`; vault/provenance/services.remove_receipt_tags).
"""

from __future__ import annotations

from typing import Any, Protocol

import av
import av.error

MAX_TAGS = 50
MAX_VALUE = 500
# Tags that say when the recording was made, in the order they are believed.
CREATION_TAGS = ("creation_time", "com.apple.quicktime.creationdate", "date", "DATE", "ICRD")


class Source(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


class MetadataError(ValueError):
    """The file could not be read for its metadata; the message says why."""


def _tags(raw: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for key, value in list(dict(raw or {}).items())[:MAX_TAGS]:
        tags[str(key)[:100]] = str(value)[:MAX_VALUE]
    return tags


def read_metadata(source: Source) -> dict[str, Any]:
    """The file's technical metadata as plain JSON-able data."""
    source.seek(0)
    try:
        container = av.open(source, mode="r")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise MetadataError(f"the file could not be opened ({exc})") from None
    try:
        if not container.streams.audio:
            raise MetadataError("the file has no audio stream")
        stream = container.streams.audio[0]
        context = stream.codec_context
        container_tags = _tags(container.metadata)
        stream_tags = _tags(stream.metadata)
        created = next(
            (
                tags[name]
                for name in CREATION_TAGS
                for tags in (container_tags, stream_tags)
                if tags.get(name)
            ),
            None,
        )
        duration = (
            float(stream.duration * stream.time_base)
            if stream.duration is not None and stream.time_base is not None
            else (container.duration / av.time_base if container.duration is not None else None)
        )
        return {
            "container": container.format.name,
            "container_long_name": container.format.long_name,
            "codec": context.codec.canonical_name if context.codec else "",
            "codec_long_name": context.codec.long_name if context.codec else "",
            "profile": context.profile or "",
            "duration_seconds": round(duration, 3) if duration is not None else None,
            "sample_rate": context.sample_rate,
            "channels": context.channels,
            "channel_layout": context.layout.name if context.layout else "",
            "sample_format": context.format.name if context.format else "",
            "bit_rate": container.bit_rate or None,
            "audio_streams": len(container.streams.audio),
            "other_streams": len(container.streams) - len(container.streams.audio),
            "creation_time": created,
            "tags": container_tags,
            "stream_tags": stream_tags,
            "tool": f"PyAV {av.__version__}, FFmpeg {_ffmpeg_version()}",
        }
    finally:
        container.close()


def _ffmpeg_version() -> str:
    versions = getattr(av, "ffmpeg_version_info", None)
    return str(versions) if versions else "unknown"
