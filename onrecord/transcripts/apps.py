from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "onrecord.transcripts"
    label = "transcripts"
    verbose_name = "Transcripts"
