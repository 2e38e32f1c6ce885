from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "onrecord.vault"
    label = "vault"
    verbose_name = "Recording vault"
