"""Derived copies (issue 6): a redacted or playback copy is a new recording naming its original.

On PostgreSQL the recording trigger of 0005 is redefined so the two new columns are part of
the fixed content: which original a copy came from, and how, never change either."""

import importlib

import django.db.models.deletion
from django.db import migrations, models

_0005 = importlib.import_module("onrecord.vault.migrations.0005_retention_holds_disposal")
COLUMNS = [*_0005.COLUMNS, "derived_from_id", "derivation"]


def _with_columns(columns):
    return _0005.ORIGINAL_FIXED.replace(
        "ROW(" + ", ".join("NEW." + c for c in _0005.COLUMNS) + ")",
        "ROW(" + ", ".join("NEW." + c for c in columns) + ")",
    ).replace(
        "ROW(" + ", ".join("OLD." + c for c in _0005.COLUMNS) + ")",
        "ROW(" + ", ".join("OLD." + c for c in columns) + ")",
    )


ORIGINAL_FIXED = _with_columns(COLUMNS)
assert ORIGINAL_FIXED != _0005.ORIGINAL_FIXED


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL_FIXED, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_0005.ORIGINAL_FIXED, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("vault", "0006_live_session"),
    ]

    operations = [
        migrations.AddField(
            model_name="recording",
            name="derivation",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="How a derived copy was made from its original (derived.py): what was silenced and why, the codec, who asked. Empty for an original.",
            ),
        ),
        migrations.AddField(
            model_name="recording",
            name="derived_from",
            field=models.ForeignKey(
                blank=True,
                help_text="For a redacted or playback copy: the original it was made from.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="derived_copies",
                to="vault.recording",
            ),
        ),
        migrations.AlterField(
            model_name="recording",
            name="kind",
            field=models.CharField(
                choices=[
                    ("authority", "Local authority recording"),
                    ("parent_copy", "Parent's copy"),
                    ("redacted_copy", "Redacted copy"),
                    ("playback_copy", "Playback copy"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
