from django.urls import path

from onrecord.cases import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/notes/", views.case_note_create, name="case_note_create"),
    path("notes/<uuid:note_id>/append/", views.case_note_append, name="case_note_append"),
    path("meetings/<uuid:meeting_id>/", views.meeting_detail, name="meeting_detail"),
]
