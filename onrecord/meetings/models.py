"""The meeting's event log: append-only and time-stamped, the one source the minutes and the
audio are lined up with. Events are numbered per meeting (`seq`) with no gaps; appends are
serialised per meeting (services.py), and an event is never edited or deleted (here, and on
PostgreSQL by a trigger)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onrecord.append_only import AppendOnly
from onrecord.case_scoped import CaseScoped
from onrecord.cases.models import AgendaItem, Attendee, Meeting
from onrecord.meetings.state import KIND_LABELS, REASON_LABELS, Kind, Reason


class MeetingEvent(CaseScoped, AppendOnly):
    case_path = "meeting.case_id"
    refuse_change = "A meeting event is never changed; add a new one."
    refuse_delete = "Meeting events are never deleted."

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(help_text="1, 2, 3, … within the meeting, with no gaps.")
    kind = models.CharField(max_length=30, choices=[(k.value, v) for k, v in KIND_LABELS.items()])
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who entered it (the chair or allocated staff).",
    )
    attendee = models.ForeignKey(
        Attendee, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    reason = models.CharField(
        max_length=30, blank=True, choices=[(r.value, v) for r, v in REASON_LABELS.items()]
    )
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["meeting", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seq"], name="meeting_event_seq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.get_kind_display()}"

    @property
    def kind_enum(self) -> Kind:
        return Kind(self.kind)

    @property
    def reason_enum(self) -> Reason | None:
        return Reason(self.reason) if self.reason else None
