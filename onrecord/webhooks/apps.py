from __future__ import annotations

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "onrecord.webhooks"
    label = "webhooks"
    verbose_name = "Events out (webhooks)"
