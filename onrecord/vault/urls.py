from django.urls import include, path

from onrecord.vault import views

urlpatterns = [
    path("recordings/<uuid:recording_id>/", views.player, name="recording_player"),
    path("recordings/<uuid:recording_id>/audio/", views.audio, name="recording_audio"),
    path("recordings/<uuid:recording_id>/download/", views.download, name="recording_download"),
    path("", include("onrecord.vault.copies.urls")),
    path("", include("onrecord.vault.live.urls")),
    path("", include("onrecord.vault.provenance.urls")),
]
