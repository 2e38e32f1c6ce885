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
    path(
        "meetings/<uuid:meeting_id>/mode/friend-recording/",
        views.friend_recording,
        name="meeting_friend_recording",
    ),
    path(
        "meetings/<uuid:meeting_id>/mode/recording-misused/",
        views.recording_misused,
        name="meeting_recording_misused",
    ),
    path(
        "meetings/<uuid:meeting_id>/mode/parent-insists/",
        views.parent_insists_view,
        name="meeting_parent_insists",
    ),
    path(
        "meetings/<uuid:meeting_id>/mode/add-attendee/",
        views.add_attendee,
        name="meeting_add_attendee",
    ),
    path(
        "meetings/<uuid:meeting_id>/mode/late-request/",
        views.late_request,
        name="meeting_late_request",
    ),
]
