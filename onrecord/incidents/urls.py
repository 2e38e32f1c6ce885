from django.urls import path

from onrecord.incidents import views

urlpatterns = [
    path("incidents/", views.dashboard, name="incident_dashboard"),
    path("cases/<uuid:case_id>/incidents/new/", views.open_incident, name="incident_open"),
    path("incidents/<uuid:incident_id>/", views.incident_detail, name="incident_detail"),
    path("incidents/<uuid:incident_id>/<slug:action>/", views.act, name="incident_act"),
]
