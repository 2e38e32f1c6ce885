"""Issue 16: append-only at every layer. Case notes get on SQLite the guard PostgreSQL has had since 0002 (kept there: it
refuses deleting any note and changing a finished one, as this one does); a draft may change."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_notes_append_only_on_postgresql")]

    operations = [
        AppendOnlyTrigger("cases_casenote", draft_until="finished_at", on_postgresql=False),
    ]
