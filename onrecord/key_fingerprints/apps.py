from django.apps import AppConfig


class KeyFingerprintsConfig(AppConfig):
    name = "onrecord.key_fingerprints"
    verbose_name = "Key fingerprints"
