"""A receipt changes once, on disposal of its recording: its file's tags are removed
(`metadata`, `tags_removed_at`, `removed_tags_sha256`), and then never again. The trigger 0011
wrote, which refused every change, is replaced by one that allows those three columns until
`tags_removed_at` is set (sealed)."""

from django.db import migrations, models

from onrecord.append_only_trigger import (
    AppendOnlyTrigger,
    postgresql_backward,
    postgresql_forward,
    sqlite_backward,
    sqlite_forward,
)

TABLE = "vault_receipt"


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_refuse_all(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_backward(TABLE))
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_backward(TABLE))


def restore_refuse_all(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_forward(TABLE))
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_forward(TABLE, ()))


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0011_provenance_receipts_and_alignment"),
    ]

    operations = [
        migrations.AddField(
            model_name="receipt",
            name="removed_tags_sha256",
            field=models.CharField(
                blank=True,
                help_text="SHA-256 of the tags removed (provenance.tags_digest).",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="receipt",
            name="tags_removed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the file's own tags were removed, on disposal.",
                null=True,
            ),
        ),
        migrations.RunPython(drop_refuse_all, restore_refuse_all, elidable=False),
        AppendOnlyTrigger(
            TABLE,
            mutable_columns=("metadata", "tags_removed_at", "removed_tags_sha256"),
            sealed_by="tags_removed_at",
        ),
    ]
