"""Issue 16: append-only at every layer. The vault's records get on SQLite the triggers
PostgreSQL has had since 0002-0007 (kept there: the recording's trigger also checks what
disposal may do, and the others refuse every UPDATE and DELETE, as these do).

A recording may change only its key wrapping (rotation) and, once, be disposed of (the key
destroyed, disposed_at set); after that nothing changes. On SQLite a second trigger says what
disposal may do, as the PostgreSQL function of 0005/0007 does: it destroys the data key and
changes nothing else, only disposal destroys a key, and never while a legal hold covers the
recording."""

from django.db import migrations

from onrecord.append_only_trigger import AppendOnlyTrigger

DISPOSAL_RULES = """
CREATE TRIGGER vault_recording_disposal_rules BEFORE UPDATE ON "vault_recording"
FOR EACH ROW WHEN OLD.disposed_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'disposal destroys the data key and changes nothing else')
    WHERE NEW.disposed_at IS NOT NULL
      AND (length(NEW.wrapped_key) <> 0 OR NEW.kek_id IS NOT OLD.kek_id);
    SELECT RAISE(ABORT, 'a data key is destroyed only by disposal')
    WHERE NEW.disposed_at IS NULL AND length(NEW.wrapped_key) = 0;
    SELECT RAISE(ABORT, 'the recording is under legal hold: it cannot be disposed of')
    WHERE NEW.disposed_at IS NOT NULL AND EXISTS (
        SELECT 1 FROM vault_legalhold h
        WHERE (h.recording_id = OLD.id OR (h.recording_id IS NULL AND h.case_id =
               (SELECT m.case_id FROM cases_meeting m WHERE m.id = OLD.meeting_id)))
          AND NOT EXISTS (SELECT 1 FROM vault_legalholdrelease r WHERE r.hold_id = h.id)
    );
END
"""


def disposal_rules(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DISPOSAL_RULES, params=None)


def no_disposal_rules(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS vault_recording_disposal_rules", params=None)


class Migration(migrations.Migration):
    dependencies = [("vault", "0007_derived_copies")]

    operations = [
        AppendOnlyTrigger(
            "vault_recording",
            mutable_columns=("wrapped_key", "kek_id", "disposed_at"),
            sealed_by="disposed_at",
            on_postgresql=False,
        ),
        migrations.RunPython(disposal_rules, no_disposal_rules, elidable=False),
        AppendOnlyTrigger("vault_explanatorystatement", on_postgresql=False),
        AppendOnlyTrigger("vault_legalhold", on_postgresql=False),
        AppendOnlyTrigger("vault_legalholdrelease", on_postgresql=False),
        AppendOnlyTrigger("vault_disposalcertificate", on_postgresql=False),
        AppendOnlyTrigger("vault_retentionwarning", on_postgresql=False),
    ]
