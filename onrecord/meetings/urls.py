from django.urls import path

from onrecord.meetings import views

urlpatterns = [
    path("meetings/<uuid:meeting_id>/mode/", views.meeting_mode, name="meeting_mode"),
    path("meetings/<uuid:meeting_id>/mode/act/", views.meeting_act, name="meeting_act"),
    path(
        "meetings/<uuid:meeting_id>/mode/covert-recording/",
        views.covert_recording,
        name="meeting_covert_recording",
    ),
]
