from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "onrecord.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from onrecord.audit import signals  # noqa: F401  (connects the receivers)
