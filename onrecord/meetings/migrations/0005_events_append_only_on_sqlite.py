"""Issue 16: append-only at every layer. Meeting events get on SQLite the trigger PostgreSQL has had since 0002 (kept there)."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_incidents_in_meeting_and_split")]

    operations = [
        AppendOnlyTrigger("meetings_meetingevent", on_postgresql=False),
    ]
