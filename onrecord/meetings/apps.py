from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "onrecord.meetings"
    label = "meetings"
    verbose_name = "Meeting mode"
