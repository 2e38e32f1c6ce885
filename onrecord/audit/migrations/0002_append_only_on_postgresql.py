"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit trail, so not even a
bug or a stray admin query can rewrite history. (SQLite has no such guard; verify-audit still
detects any change there.) TRUNCATE is not trapped because test databases are flushed with it;
in production the application's database role should hold only INSERT and SELECT on this table
(see docs/DEPLOYMENT.md)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onrecord_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % is not allowed on audit_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION onrecord_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS onrecord_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
