"""Issue 16: append-only at every layer. Transcript versions and confirmed speaker names get on SQLite the triggers
PostgreSQL has had since 0002 (kept there)."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("transcripts", "0002_versions_append_only_on_postgresql")]

    operations = [
        AppendOnlyTrigger("transcripts_transcriptversion", on_postgresql=False),
        AppendOnlyTrigger("transcripts_speakerlabel", on_postgresql=False),
    ]
