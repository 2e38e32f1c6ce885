from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "onrecord.ops"
    label = "ops"
    verbose_name = "Operations: health, metrics, logs"

    def ready(self) -> None:
        from onrecord.ops import metrics

        metrics.connect_signals()
