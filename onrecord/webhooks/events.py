"""The events OnRecord sends to a case-management system, and what each one means. Pure data:
the names are the contract with vendors (docs/INTEGRATION.md, "Events")."""

from __future__ import annotations

REQUEST_MADE = "request.made"
DECISION_MADE = "decision.made"
DECLARATION_SIGNED = "declaration.signed"
DECLARATION_WITHDRAWN = "declaration.withdrawn"
INCIDENT_RAISED = "incident.raised"
MINUTES_APPROVED = "minutes.approved"
RECORDING_DISPOSED = "recording.disposed"

KINDS: dict[str, str] = {
    REQUEST_MADE: "A family member asked to record a meeting.",
    DECISION_MADE: "A recording request was decided (allowed, refused or with conditions).",
    DECLARATION_SIGNED: "The family member signed the recording declaration.",
    DECLARATION_WITHDRAWN: "A signed declaration was revoked.",
    INCIDENT_RAISED: "A covert recording, publication or misuse incident was opened.",
    MINUTES_APPROVED: "The chair approved a meeting's minutes.",
    RECORDING_DISPOSED: "A recording was disposed of under the retention schedule.",
}
