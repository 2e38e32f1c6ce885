from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "onrecord.api"
    label = "api"
    verbose_name = "API for case-management systems"
