from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "onrecord.incidents"
    label = "incidents"
    verbose_name = "Recording incidents"
