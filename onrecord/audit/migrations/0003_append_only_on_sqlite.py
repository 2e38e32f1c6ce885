"""Issue 16: append-only at every layer. The audit trail gets on SQLite the trigger PostgreSQL has had since 0002 (kept there: it
refuses every UPDATE and DELETE, as this one does)."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_on_postgresql")]

    operations = [
        AppendOnlyTrigger("audit_auditevent", on_postgresql=False),
    ]
