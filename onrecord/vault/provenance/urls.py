from django.urls import path

from onrecord.vault.provenance import views

urlpatterns = [
    path(
        "recordings/<uuid:recording_id>/compare/",
        views.compare_again,
        name="recording_compare",
    ),
]
