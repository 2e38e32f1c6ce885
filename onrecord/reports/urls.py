from django.urls import path

from onrecord.reports import views

urlpatterns = [
    path("reports/", views.report, name="report"),
    path("reports/all.csv", views.report_csv, name="report_csv"),
    path("reports/<slug:slug>.csv", views.report_table_csv, name="report_table_csv"),
]
