"""Issue 16: append-only at every layer. The minutes and their versions get on SQLite the triggers PostgreSQL has had since
0001 (kept there)."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("minutes", "0001_initial")]

    operations = [
        AppendOnlyTrigger("minutes_minutesdraft", on_postgresql=False),
        AppendOnlyTrigger("minutes_minutesversion", on_postgresql=False),
    ]
