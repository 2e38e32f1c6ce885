from django.urls import path

from onrecord.vault import disclosure_views, views

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
]
