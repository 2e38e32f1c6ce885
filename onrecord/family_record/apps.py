from django.apps import AppConfig


class FamilyRecordConfig(AppConfig):
    name = "onrecord.family_record"
    label = "family_record"
    verbose_name = "The family's own record"

    def ready(self) -> None:
        # The family's home task list (a layer below) links to the record once it is ready.
        from onrecord.family_record.record import record_link
        from onrecord.recording_requests import family_tasks

        family_tasks.use_record_link(record_link)
