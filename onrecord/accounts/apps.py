from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onrecord.accounts"
    label = "accounts"
    verbose_name = "Users and roles"
