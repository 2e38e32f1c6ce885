from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "onrecord.vault"
    label = "vault"
    verbose_name = "Recording vault"

    def ready(self) -> None:
        # A finished browser recording gets a seekable playback copy (copies/signals.py).
        from onrecord.vault.copies import signals  # noqa: F401

        # The council's recording arriving late: compare the family's recordings waiting for it.
        from onrecord.vault.provenance import signals as provenance_signals  # noqa: F401
