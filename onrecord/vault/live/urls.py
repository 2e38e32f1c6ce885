from django.urls import path

from onrecord.vault.live import views

# The browser's own recorder (docs/VAULT.md, "The browser's own recorder").
urlpatterns = [
    path("meetings/<uuid:meeting_id>/recorder/", views.recorder_page, name="live_recorder"),
    path("meetings/<uuid:meeting_id>/recorder/start/", views.start, name="live_start"),
    path("live/<uuid:session_id>/chunks/<int:seq>/", views.chunk, name="live_chunk"),
    path("live/<uuid:session_id>/finish/", views.finish, name="live_finish"),
]
