from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "onrecord.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app's jobs.py registers its handlers with onrecord.jobs.queue.handler.
        autodiscover_modules("jobs")
