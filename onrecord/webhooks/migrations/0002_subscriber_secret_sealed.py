"""Subscribers' secrets sealed at rest (sealed_secrets.py): each stored secret is wrapped under
the vault's active key-encryption key, then the clear column is dropped. Going backwards
unseals them into the clear column again (it needs the same keys)."""

from typing import Any

from django.conf import settings
from django.db import migrations, models


def _ring() -> Any:
    from onrecord.vault.keys import load_keyring

    return load_keyring(settings.DATA_DIR)


def seal_secrets(apps: Any, schema_editor: Any) -> None:
    from onrecord.webhooks import sealed_secrets

    Subscriber = apps.get_model("webhooks", "Subscriber")
    rows = list(Subscriber.objects.all())
    if not rows:
        return  # no key ring is read (or made) for an empty table
    ring = _ring()
    for row in rows:
        row.kek_id, row.wrapped_secret = sealed_secrets.seal(row.secret, row.id, ring)
        row.secret = ""
        row.save(update_fields=["kek_id", "wrapped_secret", "secret"])


def unseal_secrets(apps: Any, schema_editor: Any) -> None:
    from onrecord.webhooks import sealed_secrets

    Subscriber = apps.get_model("webhooks", "Subscriber")
    rows = list(Subscriber.objects.all())
    if not rows:
        return
    ring = _ring()
    for row in rows:
        row.secret = sealed_secrets.unseal(row.kek_id, bytes(row.wrapped_secret), row.id, ring)
        row.save(update_fields=["secret"])


class Migration(migrations.Migration):
    dependencies = [("webhooks", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="kek_id",
            field=models.CharField(default="", editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="subscriber",
            name="wrapped_secret",
            field=models.BinaryField(default=b"", editable=False),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="secret",
            field=models.CharField(blank=True, default="", editable=False, max_length=100),
        ),
        migrations.RunPython(seal_secrets, unseal_secrets),
        migrations.RemoveField(model_name="subscriber", name="secret"),
    ]
