from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "onrecord.minutes"
    label = "minutes"
    verbose_name = "Minutes"
