from django.urls import path

from onrecord.disclosure import views

urlpatterns = [
    path("recordings/<uuid:recording_id>/statement/", views.statement_edit, name="statement_edit"),
    path(
        "recordings/<uuid:recording_id>/statement/approve/",
        views.statement_approve,
        name="statement_approve",
    ),
    path("recordings/<uuid:recording_id>/bundle/", views.bundle, name="recording_bundle"),
]
