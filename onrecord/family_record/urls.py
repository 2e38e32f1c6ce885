from django.urls import path

from onrecord.family_record import views

urlpatterns = [
    path("meetings/<uuid:meeting_id>/my-notes/", views.my_record, name="family_record"),
    path(
        "meetings/<uuid:meeting_id>/my-notes/transcript/",
        views.my_transcript,
        name="family_transcript",
    ),
    path(
        "meetings/<uuid:meeting_id>/my-notes/download.<str:fmt>",
        views.my_download,
        name="family_record_download",
    ),
    path(
        "meetings/<uuid:meeting_id>/ask-for-a-copy/",
        views.ask_for_a_copy,
        name="family_ask_for_a_copy",
    ),
    path("copies/<uuid:sar_id>/", views.copy_requested, name="family_copy_requested"),
    path("subject-access/", views.staff_list, name="subject_access_list"),
    path("subject-access/<uuid:sar_id>/answer/", views.answer, name="subject_access_answer"),
    path("subject-access/<uuid:sar_id>/extend/", views.extend, name="subject_access_extend"),
]
