from django.urls import path

from onrecord.minutes import views

urlpatterns = [
    path("meetings/<uuid:meeting_id>/minutes/", views.minutes_page, name="minutes"),
    path("meetings/<uuid:meeting_id>/minutes/draft/", views.generate, name="minutes_generate"),
    path("meetings/<uuid:meeting_id>/minutes/edit/", views.edit, name="minutes_edit"),
    path("meetings/<uuid:meeting_id>/minutes/approve/", views.approve, name="minutes_approve"),
    path("meetings/<uuid:meeting_id>/minutes.docx", views.download, name="minutes_docx"),
]
