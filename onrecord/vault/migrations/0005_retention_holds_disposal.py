"""Retention (issue 6): a recording's disposed_at, legal holds and their releases, disposal
certificates and retention warnings.

On PostgreSQL the recording trigger of 0002/0003 is redefined: besides key rotation, it allows
one more change, once: disposal, which replaces the wrapped key by the empty tombstone and sets
disposed_at, changing nothing else, and only while no legal hold covers the recording. After
that the row never changes. The new tables are append-only there too."""

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


_0002 = importlib.import_module("onrecord.vault.migrations.0002_original_fixed_on_postgresql")
_0003 = importlib.import_module("onrecord.vault.migrations.0003_parent_copy_family_member")
COLUMNS = [*_0002.CONTENT_COLUMNS, "family_member_id"]

ORIGINAL_FIXED = f"""
CREATE OR REPLACE FUNCTION onrecord_vault_original_fixed() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'recordings are never deleted (vault_recording %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF ROW({", ".join("NEW." + c for c in COLUMNS)})
       IS DISTINCT FROM ROW({", ".join("OLD." + c for c in COLUMNS)}) THEN
        RAISE EXCEPTION 'a recording''s original is never changed (vault_recording %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.disposed_at IS NOT NULL THEN
        IF ROW(NEW.wrapped_key, NEW.kek_id, NEW.disposed_at)
           IS DISTINCT FROM ROW(OLD.wrapped_key, OLD.kek_id, OLD.disposed_at) THEN
            RAISE EXCEPTION 'vault_recording % was disposed of: it is never changed again', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.disposed_at IS NOT NULL THEN
        IF octet_length(NEW.wrapped_key) <> 0 OR NEW.kek_id IS DISTINCT FROM OLD.kek_id THEN
            RAISE EXCEPTION 'disposal destroys the data key and changes nothing else (vault_recording %)', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF EXISTS (
            SELECT 1 FROM vault_legalhold h
            WHERE (h.recording_id = OLD.id OR (h.recording_id IS NULL AND h.case_id =
                   (SELECT m.case_id FROM cases_meeting m WHERE m.id = OLD.meeting_id)))
              AND NOT EXISTS (SELECT 1 FROM vault_legalholdrelease r WHERE r.hold_id = h.id)
        ) THEN
            RAISE EXCEPTION 'vault_recording % is under legal hold: it cannot be disposed of', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    ELSIF octet_length(NEW.wrapped_key) = 0 THEN
        RAISE EXCEPTION 'a data key is destroyed only by disposal (vault_recording %)', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""  # noqa: S608  (fixed column names, no input)

APPEND_ONLY_TABLES = [
    "vault_legalhold",
    "vault_legalholdrelease",
    "vault_disposalcertificate",
    "vault_retentionwarning",
]

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION onrecord_vault_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are only ever added, never changed or deleted (id %)',
        TG_TABLE_NAME, OLD.id USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION onrecord_vault_append_only();\n"
    for table in APPEND_ONLY_TABLES
)

DROP_APPEND_ONLY = (
    "".join(
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};\n" for table in APPEND_ONLY_TABLES
    )
    + "DROP FUNCTION IF EXISTS onrecord_vault_append_only();\n"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL_FIXED, params=None)
        schema_editor.execute(APPEND_ONLY, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY, params=None)
        schema_editor.execute(_0003._function(COLUMNS), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_notes_append_only_on_postgresql"),
        ("vault", "0004_explanatory_statement"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="recording",
            name="disposed_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "When its data key was destroyed under the retention schedule (its "
                    "DisposalCertificate says how and by whom); the audio can never be read again."
                ),
                null=True,
            ),
        ),
        migrations.CreateModel(
            name="DisposalCertificate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content", models.JSONField()),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "authorised_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recording",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="disposal_certificate",
                        to="vault.recording",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "permissions": [
                    (
                        "dispose_recording",
                        "Can confirm the disposal of recordings (records manager)",
                    ),
                    ("manage_legal_holds", "Can place and lift legal holds on any case"),
                ],
            },
        ),
        migrations.CreateModel(
            name="LegalHold",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField(max_length=2000)),
                (
                    "reference",
                    models.CharField(
                        help_text="The court case or matter, e.g. a case number.", max_length=200
                    ),
                ),
                ("placed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="legal_holds",
                        to="cases.case",
                    ),
                ),
                (
                    "placed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "recording",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: every recording of the case.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="legal_holds",
                        to="vault.recording",
                    ),
                ),
            ],
            options={
                "ordering": ["placed_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="LegalHoldRelease",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.TextField(max_length=2000)),
                ("lifted_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "hold",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="release",
                        to="vault.legalhold",
                    ),
                ),
                (
                    "lifted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="RetentionWarning",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("due_on", models.DateField()),
                ("sent_to", models.TextField(help_text="Who was told, one address per line.")),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "recording",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="retention_warnings",
                        to="vault.recording",
                    ),
                ),
            ],
            options={
                "ordering": ["sent_at", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="retentionwarning",
            constraint=models.UniqueConstraint(
                fields=("recording", "due_on"), name="one_retention_warning_per_due_date"
            ),
        ),
        # Backward: the old function is restored before the column is dropped (reverse order).
        migrations.RunPython(forward, backward, elidable=False),
    ]
