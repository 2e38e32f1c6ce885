from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "onrecord.web"
    label = "web"
    verbose_name = "Pages and layout"
