from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "onrecord.reports"
    label = "reports"
    verbose_name = "Reports"
