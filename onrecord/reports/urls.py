from django.urls import path

from onrecord.reports import views

urlpatterns = [
    path("reports/", views.report, name="report"),
    path("reports/requests.csv", views.report_csv, name="report_csv"),
]
