"""On PostgreSQL the database refuses to change a finished case note or delete any note:
a finished note is only ever added to (an appendment), as the model already insists."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION onrecord_casenote_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'case notes are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.finished_at IS NOT NULL THEN
        RAISE EXCEPTION 'a finished case note cannot be changed; add an appendment'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_casenote_guard
    BEFORE UPDATE OR DELETE ON cases_casenote
    FOR EACH ROW EXECUTE FUNCTION onrecord_casenote_guard();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cases_casenote_guard ON cases_casenote;
DROP FUNCTION IF EXISTS onrecord_casenote_guard();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
