"""A parent's copy names the family member it came from (Hackney 3). The new column is part of
the original: on PostgreSQL the trigger of 0002 is redefined so that it is fixed too."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

_0002 = importlib.import_module("onrecord.vault.migrations.0002_original_fixed_on_postgresql")


def _function(columns: list[str]) -> str:
    # Only the function changes; the trigger created by 0002 keeps calling it.
    return (
        _0002.FORWARD.replace(
            ", ".join("NEW." + c for c in _0002.CONTENT_COLUMNS),
            ", ".join("NEW." + c for c in columns),
        )
        .replace(
            ", ".join("OLD." + c for c in _0002.CONTENT_COLUMNS),
            ", ".join("OLD." + c for c in columns),
        )
        .split("CREATE TRIGGER")[0]
    )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function([*_0002.CONTENT_COLUMNS, "family_member_id"]), params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(list(_0002.CONTENT_COLUMNS)), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_notes_append_only_on_postgresql"),
        ("vault", "0002_original_fixed_on_postgresql"),
    ]

    operations = [
        migrations.AddField(
            model_name="recording",
            name="family_member",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "For a parent's copy (Hackney 3): the family member whose recording it is, "
                    "whether they uploaded it themselves or gave it to their social worker to "
                    "upload."
                ),
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="recordings_provided",
                to="cases.person",
            ),
        ),
        # Backward: the old function is restored before the column is dropped (reverse order).
        migrations.RunPython(forward, backward, elidable=False),
    ]
