from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "onrecord.meetings"
    label = "meetings"
    verbose_name = "Meeting mode"

    def ready(self) -> None:
        # The scenario builder (a layer below) takes the meeting's record facts as plain data;
        # this app, which owns the log, gathers them.
        from onrecord.meetings.record_facts import gather
        from onrecord.recording_requests import record_facts

        record_facts.use_gatherer(gather)
