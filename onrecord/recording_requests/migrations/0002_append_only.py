"""Issue 16: append-only at every layer. Decisions, issued declaration documents, revocations and the case timeline
were guarded in Python only: now by a trigger on SQLite and PostgreSQL too."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("recording_requests", "0001_initial")]

    operations = [
        AppendOnlyTrigger("recording_requests_decision"),
        AppendOnlyTrigger("recording_requests_declarationdocument"),
        AppendOnlyTrigger("recording_requests_revocation"),
        AppendOnlyTrigger("recording_requests_timelineentry"),
    ]
