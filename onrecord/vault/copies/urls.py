from django.urls import path

from onrecord.vault.copies import views

urlpatterns = [
    path("recordings/<uuid:recording_id>/redact/", views.redact, name="recording_redact"),
    path(
        "recordings/<uuid:recording_id>/playback-copy/",
        views.playback_copy,
        name="recording_playback_copy",
    ),
]
