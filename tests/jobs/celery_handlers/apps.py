from django.apps import AppConfig


class CeleryHandlersConfig(AppConfig):
    name = "tests.jobs.celery_handlers"
    label = "test_celery_handlers"
