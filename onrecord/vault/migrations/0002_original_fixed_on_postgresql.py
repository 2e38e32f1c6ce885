"""On PostgreSQL the database itself refuses to change a recording's original: an UPDATE may
touch only the key wrapping (wrapped_key, kek_id: key rotation, and later crypto-shredding), and
DELETE is refused. SQLite has no such guard; Recording.save() and the stored SHA-256 still do."""

from django.db import migrations

CONTENT_COLUMNS = [
    "id",
    "meeting_id",
    "kind",
    "provided_by_id",
    "original_filename",
    "content_type",
    "size",
    "sha256",
    "blob_name",
    "stored_size",
    "format_version",
    "chunk_size",
    "container",
    "codec",
    "duration_seconds",
    "channels",
    "sample_rate",
    "bit_rate",
    "created_at",
]

FORWARD = f"""
CREATE OR REPLACE FUNCTION onrecord_vault_original_fixed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'recordings are never deleted (vault_recording %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF ROW({", ".join("NEW." + c for c in CONTENT_COLUMNS)})
       IS DISTINCT FROM ROW({", ".join("OLD." + c for c in CONTENT_COLUMNS)}) THEN
        RAISE EXCEPTION 'a recording''s original is never changed (vault_recording %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER vault_recording_original_fixed
    BEFORE UPDATE OR DELETE ON vault_recording
    FOR EACH ROW EXECUTE FUNCTION onrecord_vault_original_fixed();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS vault_recording_original_fixed ON vault_recording;
DROP FUNCTION IF EXISTS onrecord_vault_original_fixed();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("vault", "0001_initial")]
    operations = [migrations.RunPython(forward, backward, elidable=False)]
