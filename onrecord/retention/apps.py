from django.apps import AppConfig


class RetentionConfig(AppConfig):
    # No models of its own (holds, certificates and warnings stay in the vault app): pages and jobs.
    name = "onrecord.retention"
    label = "retention"
    verbose_name = "Retention and disposal"
