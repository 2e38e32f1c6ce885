from django.urls import path

from onrecord.vault import derived_views, disclosure_views, live_views, views

urlpatterns = [
    path("recordings/<uuid:recording_id>/", views.player, name="recording_player"),
    path("recordings/<uuid:recording_id>/audio/", views.audio, name="recording_audio"),
    path("recordings/<uuid:recording_id>/download/", views.download, name="recording_download"),
    path(
        "recordings/<uuid:recording_id>/statement/",
        disclosure_views.statement_edit,
        name="statement_edit",
    ),
    path(
        "recordings/<uuid:recording_id>/statement/approve/",
        disclosure_views.statement_approve,
        name="statement_approve",
    ),
    path(
        "recordings/<uuid:recording_id>/bundle/", disclosure_views.bundle, name="recording_bundle"
    ),
    path("recordings/<uuid:recording_id>/redact/", derived_views.redact, name="recording_redact"),
    path(
        "recordings/<uuid:recording_id>/playback-copy/",
        derived_views.playback_copy,
        name="recording_playback_copy",
    ),
    # The browser's own recorder (docs/VAULT.md, "The browser's own recorder").
    path("meetings/<uuid:meeting_id>/recorder/", live_views.recorder_page, name="live_recorder"),
    path("meetings/<uuid:meeting_id>/recorder/start/", live_views.start, name="live_start"),
    path("live/<uuid:session_id>/chunks/<int:seq>/", live_views.chunk, name="live_chunk"),
    path("live/<uuid:session_id>/finish/", live_views.finish, name="live_finish"),
]
