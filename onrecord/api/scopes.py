"""What an API client may do: a set of these scopes, granted per client (docs/INTEGRATION.md).
Pure data."""

from __future__ import annotations

CASES_WRITE = "cases:write"
CASES_READ = "cases:read"
REQUESTS_READ = "requests:read"
MINUTES_READ = "minutes:read"
RECORDINGS_READ = "recordings:read"
RECORDINGS_AUDIO = "recordings:audio"

SCOPES: dict[str, str] = {
    CASES_WRITE: "Create and update cases, children, people, parental responsibility, meetings, "
    "attendees and agenda items.",
    CASES_READ: "Read cases and meetings.",
    REQUESTS_READ: "Read recording requests, decisions with their cited reasons, declarations.",
    MINUTES_READ: "Read approved minutes.",
    RECORDINGS_READ: "Read recordings' metadata (never audio).",
    RECORDINGS_AUDIO: "Download a recording's audio (each download audited).",
}
