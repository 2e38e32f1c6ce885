from django.apps import AppConfig


class RecordingRequestsConfig(AppConfig):
    name = "onrecord.recording_requests"
    label = "recording_requests"
    verbose_name = "Requests to record meetings"

    def ready(self) -> None:
        from onrecord.recording_requests import meeting_changes

        meeting_changes.connect()
