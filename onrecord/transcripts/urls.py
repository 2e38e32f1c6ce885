from django.urls import path

from onrecord.transcripts import in_place, views

urlpatterns = [
    path("recordings/<uuid:recording_id>/transcribe/", views.start, name="transcript_start"),
    path("transcripts/<uuid:transcript_id>/", views.editor, name="transcript_editor"),
    path("transcripts/<uuid:transcript_id>/status/", views.status, name="transcript_status"),
    path(
        "transcripts/<uuid:transcript_id>/passages/<int:index>/",
        views.passage,
        name="transcript_passage",
    ),
    # The editor's in-place correction (htmx): the form, and the passage back on "Cancel".
    path(
        "transcripts/<uuid:transcript_id>/passages/<int:index>/edit/",
        in_place.passage_edit,
        name="transcript_passage_edit",
    ),
    path(
        "transcripts/<uuid:transcript_id>/passages/<int:index>/row/",
        in_place.passage_row,
        name="transcript_passage_row",
    ),
    path("transcripts/<uuid:transcript_id>/speakers/", views.speakers, name="transcript_speakers"),
    path(
        "transcripts/<uuid:transcript_id>/export/<str:fmt>/",
        views.export,
        name="transcript_export",
    ),
]
