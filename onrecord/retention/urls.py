"""Retention pages (views.py): due list, review and confirm, certificates, holds."""

from django.urls import path

from onrecord.retention import views

urlpatterns = [
    path("retention/", views.due_list, name="retention_due"),
    path(
        "retention/recordings/<uuid:recording_id>/", views.review_disposal, name="disposal_review"
    ),
    path(
        "retention/certificates/<int:number>/",
        views.certificate_page,
        name="disposal_certificate",
    ),
    path(
        "retention/certificates/<int:number>/pdf/",
        views.certificate_pdf,
        name="disposal_certificate_pdf",
    ),
    path(
        "retention/certificates/<int:number>/json/",
        views.certificate_json,
        name="disposal_certificate_json",
    ),
    path("cases/<uuid:case_id>/legal-holds/", views.case_holds, name="case_legal_holds"),
    path("legal-holds/<int:hold_id>/lift/", views.lift_hold, name="lift_legal_hold"),
]
