"""What the vault says about a disposed recording, and the check before every read.

Disposal itself (retention/disposal.py) sits above the vault; the read gate only needs to know
that a recording's key is gone, and to say when and under which rule from its certificate.
"""

from __future__ import annotations

from django.utils import timezone

from onrecord.vault.models import DisposalCertificate, Recording


class RecordingDisposed(Exception):
    """The recording was disposed of: its audio can never be read again. The message says when,
    under which rule, and the certificate's number."""


def disposed_notice(recording: Recording) -> str:
    """What playback, download and export say about a disposed recording."""
    assert recording.disposed_at is not None
    when = f"{timezone.localdate(recording.disposed_at):%-d %B %Y}"
    certificate = DisposalCertificate.objects.filter(recording=recording).first()
    if certificate is None:  # pragma: no cover - written in the same transaction
        return f"This recording was disposed of on {when}."
    rule = certificate.content.get("rule", {})
    return (
        f"This recording was disposed of on {when} under the retention rule "
        f"“{rule.get('label', certificate.content.get('record_type', ''))}: "
        f"{rule.get('description', '')}”; certificate {certificate.number}."
    )


def check_readable(recording: Recording) -> None:
    """Raise RecordingDisposed if the recording's key was destroyed (called before any read)."""
    if recording.disposed_at is not None:
        raise RecordingDisposed(disposed_notice(recording))
