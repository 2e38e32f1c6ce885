"""The approved minutes as files of a court disclosure bundle (onrecord/disclosure/bundle.py adds
them, listed and hashed in its signed manifest like every other file).

`minutes/approved.json` holds the approved version with its history fields; `minutes/
approved.txt` the same as read. Only an approved version goes in: a later, unapproved change is
named in the JSON (`later_unapproved_version`) but its content is not disclosed as minutes.
"""

from __future__ import annotations

import datetime as dt
import json

from onrecord.cases.models import Meeting
from onrecord.minutes import export, services

APPROVED_JSON = "minutes/approved.json"
APPROVED_TEXT = "minutes/approved.txt"


def approved_minutes_files(meeting: Meeting) -> list[tuple[str, bytes]]:
    approved = services.approved_version(meeting)
    if approved is None:
        return []
    latest = services.latest_version(meeting)
    chair = approved.approved_by
    when = approved.approved_at or approved.created_at
    document = {
        "meeting": str(meeting.pk),
        "version": approved.version,
        "approved": True,
        "approved_by": str(chair.get_full_name() or chair.username),
        "approved_at": when.astimezone(dt.UTC).isoformat(),
        "later_unapproved_version": (
            latest.version if latest is not None and latest.version > approved.version else None
        ),
        "content": approved.content,
    }
    status = export.Status(
        approved.version,
        True,
        document["approved_by"],
        f"{when.astimezone(dt.UTC):%-d %B %Y}",
    )
    as_json = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return [
        (APPROVED_JSON, as_json.encode()),
        (APPROVED_TEXT, export.as_text(approved.content, status).encode()),
    ]
