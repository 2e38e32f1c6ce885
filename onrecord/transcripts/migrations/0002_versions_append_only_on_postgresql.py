"""On PostgreSQL the database refuses to change or delete a transcript version or a confirmed
speaker name: both are only ever added to, as the models already insist."""

from django.db import migrations

TABLES = ("transcripts_transcriptversion", "transcripts_speakerlabel")

FORWARD = """
CREATE OR REPLACE FUNCTION onrecord_transcript_record_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION '% rows are never changed', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_guard
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION onrecord_transcript_record_guard();
"""
    for table in TABLES
)

BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {table}_guard ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS onrecord_transcript_record_guard();\n"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("transcripts", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
